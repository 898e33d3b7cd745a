#!/usr/bin/env python3
"""The Markdown floor: every body of a site converted with our extensions over N processes, nothing else.

Prints the seconds of the conversion alone (bodies are read first, untimed), the
number of bodies, their characters, and the CPU seconds of the conversion (this
process and its workers).
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from builder.markdown_render import render_markdown  # noqa: E402
from builder.workers import map_ordered  # noqa: E402


def read_bodies(site: Path) -> list[tuple[str, str, bool]]:
    """(markdown, lang, raw_html) of every article, page and directory description."""
    jobs = []
    for path in sorted((site / "content").rglob("*.md")):
        lang = path.relative_to(site / "content").parts[0]
        jobs.append((path.read_text(encoding="utf-8").split("---\n", 2)[2], lang, True))
    for path in sorted((site / "content").glob("*/directory/*.yaml")):
        description = path.read_text(encoding="utf-8").split("description: |\n", 1)[1]
        jobs.append(("\n".join(line[2:] for line in description.splitlines()), path.parts[-3], True))
    return jobs


def convert(job: tuple[str, str, bool]) -> str:
    return render_markdown(*job)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    jobs = read_bodies(args.site)
    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    map_ordered(convert, jobs, args.jobs)  # its workers are waited for: their time is in _cpu_seconds()
    seconds = time.perf_counter() - started
    print(f"{seconds:.3f} {len(jobs)} {sum(len(j[0]) for j in jobs)} {_cpu_seconds() - cpu_before:.3f}")


def _cpu_seconds() -> float:
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
    return 0


if __name__ == "__main__":
    sys.exit(main())
