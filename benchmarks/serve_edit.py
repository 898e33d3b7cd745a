#!/usr/bin/env python3
"""Seconds from saving an article to `builder serve` serving the new page, as an author sees it.

Starts the real `builder serve` on a corpus, waits for its first build, then
appends a paragraph to one article at a time and polls the article's URL over
HTTP until the new text is served. Each edit waits for the full rebuild that
follows it (its "rebuilt" line) before the next. Prints one time per edit,
then the median: ``serve_edit.py SITE [--edits N]``.
"""
from __future__ import annotations

import argparse
import os
import queue
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
from builder.config import load_config  # noqa: E402
from builder.slugs import slugify  # noqa: E402
from builder.sources import read_text, split_front_matter  # noqa: E402
from builder.urls import section_url  # noqa: E402

NOW = "2027-01-01T00:00:00+00:00"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def article_url(site: Path, path: Path) -> str:
    config = load_config(site)
    lang = path.relative_to(site / "content").parts[0]
    meta = split_front_matter(read_text(path, path.name), path.name).meta
    return section_url(config, lang, "news", meta.get("slug") or slugify(meta["title"], lang))


def lines_of(proc: subprocess.Popen) -> "queue.Queue[str]":
    found: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in proc.stdout:  # type: ignore[union-attr]
            found.put(line)
    threading.Thread(target=pump, daemon=True).start()
    return found


def wait_for(lines: "queue.Queue[str]", start: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        if line.startswith(start):
            return
    raise SystemExit(f"builder serve printed no line starting {start!r} within {timeout} s")


def served(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args(argv)
    site = args.site.resolve()
    articles = sorted((site / "content" / "en" / "news").rglob("*.md"))[1:args.edits + 1]
    port = free_port()
    with tempfile.TemporaryDirectory() as preview:
        proc = subprocess.Popen([sys.executable, "-m", "builder", "serve", "--site", str(site), "--port", str(port),
                                 "--out", str(Path(preview) / "out"), "--now", NOW],
                                cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"},
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            lines = lines_of(proc)
            wait_for(lines, "Serving the preview", 900)
            times = []
            for number, article in enumerate(articles, start=1):
                url = f"http://127.0.0.1:{port}{article_url(site, article)}"
                token = f"serve-edit-{number}-{time.time_ns()}"
                assert token not in served(url)
                original = article.read_text(encoding="utf-8")
                article.write_text(f"{original}\nEdited: {token}.\n", encoding="utf-8")
                saved = time.perf_counter()
                while token not in served(url):
                    time.sleep(0.005)
                times.append(time.perf_counter() - saved)
                print(f"  edit {number}: {times[-1] * 1000:6.0f} ms", flush=True)
                wait_for(lines, "rebuilt", 900)
                article.write_text(original, encoding="utf-8")
                wait_for(lines, "rebuilt", 900)
            print(f"{statistics.median(times):.3f} s median of {len(times)} edits", flush=True)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
