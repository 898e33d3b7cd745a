"""The benchmark corpus generator and `make bench`'s runner, on a tiny corpus."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import REPO
from test_cache import build_in_process, snapshot

sys.path.insert(0, str(REPO / "benchmarks"))
from gen_corpus import copy_shared_folders, generate  # noqa: E402
from mkdocs_site import emit_mkdocs  # noqa: E402


def test_corpus_generator_is_deterministic_and_gives_a_site_that_builds(tmp_path):
    counts = generate(tmp_path / "a", 6, 4)
    generate(tmp_path / "b", 6, 4)
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")
    assert counts["articles"] == 18 and counts["entries"] == 12
    site = tmp_path / "a"
    copy_shared_folders(site, REPO)
    build_in_process(site, tmp_path / "out", cache=False, now="2027-01-01T00:00:00+00:00")  # all published
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "out").rglob("*.html")]
    assert len(pages) > 18 + 12
    assert not any('href="@/' in page for page in pages)  # every identity link resolved
    shared = list(site.glob("content/*/news/*/story-*.md"))
    assert {p.parts[-4] for p in shared} == {"nl", "no", "en"}


def test_bench_runner_reports_every_measurement_of_a_tiny_corpus(tmp_path):
    results = tmp_path / "results.md"
    results.write_text("# Benchmarks\n\nNotes kept.\n\n<!-- bench:start -->\nold\n<!-- bench:end -->\nAfter.\n")
    proc = subprocess.run([sys.executable, str(REPO / "benchmarks/run.py"), "--sizes", "3", "--runs", "1",
                           "--no-hugo", "--mkdocs-max-size", "0", "--serve-edits", "2", "--work", str(tmp_path / "work"),
                           "--results", str(results)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    text = results.read_text(encoding="utf-8")
    for label in ("Markdown floor", "cold full build", "without the search index", "no-change build",
                  "template changed", "one-article edit rebuild", "in `builder serve`"):
        assert label in text
    assert "serve edit, save to page served" in text
    rows = {line.split(" | ")[0].lstrip("| "): line.strip("|").split(" | ") for line in text.splitlines()
            if line.startswith("| ")}
    for label in ("Markdown floor (conversion only, all cores)", "cold full build"):  # CPU, workers' included
        assert float(rows[label][3]) > 0, rows[label]
    assert float(rows["cold build, CPU / Markdown floor, CPU"][1]) > 0
    assert "Notes kept." in text and "After." in text and "\nold\n" not in text
    assert "Hugo baseline: not measured" in text and "MkDocs baseline: not measured" in text


def test_mkdocs_baseline_gets_every_article_and_entry_with_its_title_and_plain_links(tmp_path):
    counts = generate(tmp_path / "site", 4, 3)
    emit_mkdocs(tmp_path / "site", tmp_path / "mkdocs")
    pages = sorted((tmp_path / "mkdocs" / "docs").rglob("*.md"))
    assert len(pages) == counts["articles"] + counts["entries"] + 1  # and the home page
    assert {p.relative_to(tmp_path / "mkdocs" / "docs").parts[0] for p in pages} == {"en", "nl", "no", "index.md"}
    for page in (p for p in pages if p.name != "index.md"):
        text = page.read_text(encoding="utf-8")
        assert text.startswith("---\ntitle: ") and "](@/" not in text
    config = (tmp_path / "mkdocs" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "footnotes" in config and "nav:\n  - index.md" in config
