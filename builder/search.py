"""Full-text search with Pagefind: one search page per language, one index per language.

Pagefind reads the finished pages and splits its index by each page's
``<html lang>``, and the search page loads the index of its own ``lang``: a
visitor only ever gets results in the language of the page they search from.
Only real content (articles, directory entries, pages in their own language)
carries ``data-pagefind-body``, so lists, home pages and copies of another
language's text are never indexed.

Pagefind writes its bundle itself, into the staging folder of the build, so
a failed index leaves the published site untouched like any other failure.
"""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

from builder.errors import BuildError, BuildFailed

BUNDLE_DIR = "pagefind"
_TIMEOUT = 300


def pagefind_available() -> bool:
    """True when the ``pagefind[extended]`` wheel (with its binary) is installed."""
    return importlib.util.find_spec("pagefind_bin_extended") is not None \
        or importlib.util.find_spec("pagefind_bin") is not None


def index_site(folder: Path) -> None:
    """Write the Pagefind bundle to ``folder/pagefind/``; BuildFailed when indexing fails."""
    try:
        _run_pagefind(folder)
    except BuildError as exc:
        raise BuildFailed([exc.problem]) from None
    _sort_entry(folder / BUNDLE_DIR / "pagefind-entry.json")


def _sort_entry(path: Path) -> None:
    """Pagefind lists the languages in hash-map order; sorted, two builds give the same bytes."""
    entry = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(entry, sort_keys=True, separators=(",", ":")), encoding="utf-8")


def _run_pagefind(folder: Path) -> None:
    if not pagefind_available():
        raise BuildError("site.yaml", 1, "search needs Pagefind: install the pinned 'pagefind[extended]' "
                         "(make installs it into .venv) or build with --no-search")
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-subdir", BUNDLE_DIR,
               "--silent"]
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise BuildError("site.yaml", 1, f"search indexing took longer than {_TIMEOUT} s") from None
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        raise BuildError("site.yaml", 1, "search indexing failed: " + (detail[-1] if detail else
                                                                         f"exit {proc.returncode}"))
