"""Full-text search with Pagefind: one search page and one bundle per language.

Each language gets its own Pagefind bundle under ``pagefind/<code>/``, built
from that language's folder only, and its search page loads that bundle: a
visitor only ever gets results in the language of the page they search from.
Only real content (articles, directory entries, pages in their own language)
carries ``data-pagefind-body``, so lists, home pages and copies of another
language's text are never indexed.

Pagefind has no incremental mode and indexing is its own cost (about half of a
cold build), so each language's bundle is kept in the build cache under a
fingerprint of exactly what Pagefind reads from that language's pages (see
``search_fingerprint``). A template change that leaves the indexed text alone,
or an edit in one language, re-indexes nothing, or that one language.

Pagefind writes into the staging folder of the build, so a failed index leaves
the published site untouched like any other failure.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Iterable

from builder.cache import BuildCache, digest
from builder.errors import BuildError, BuildFailed
from builder.timings import phase

BUNDLE_DIR = "pagefind"
NAMESPACE = "search"
_TIMEOUT = 600
_BODY_MARK = "data-pagefind-body"
_HTML_TAG = re.compile(r"<html\b[^>]*>")
_TITLE = re.compile(r"<title>.*?</title>", re.S)
_ATTRIBUTE_MARK = "data-pagefind-"
_TAG_NAME = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")


def pagefind_available() -> bool:
    """True when the ``pagefind[extended]`` wheel (with its binary) is installed."""
    return importlib.util.find_spec("pagefind_bin_extended") is not None \
        or importlib.util.find_spec("pagefind_bin") is not None


def search_fingerprint(html: str) -> str | None:
    """A digest of what Pagefind reads from a page, or None when the page is not indexed.

    That is the ``<html>`` tag (its ``lang``), the title, every tag carrying a
    ``data-pagefind-*`` attribute and the whole element marked
    ``data-pagefind-body``: navigation, footers and scripts around it may
    change without changing the index.
    """
    mark = html.find(_BODY_MARK)
    if mark < 0:
        return None
    start = html.rfind("<", 0, mark)
    name = _TAG_NAME.match(html, start)
    body = html[start:_element_end(html, start, name.group(1))] if name else html[start:]
    parts = [m.group(0) for m in (_HTML_TAG.search(html), _TITLE.search(html)) if m]
    parts += _pagefind_tags(html)
    return hashlib.blake2b("\0".join([*parts, body]).encode("utf-8"), digest_size=16).hexdigest()


def _pagefind_tags(html: str) -> list[str]:
    """Each tag with a ``data-pagefind-`` attribute, once, in order.

    Found from the attribute back to its ``<``: the regular expression tried
    every tag of the page and took most of the time spent on facts.
    """
    tags: list[str] = []
    last_start = -1
    at = html.find(_ATTRIBUTE_MARK)
    while at >= 0:
        start = html.rfind("<", 0, at)
        end = html.find(">", at)
        if (start > last_start and end >= 0 and html.find(">", start, at) < 0
                and html[start + 1:start + 2].isascii() and html[start + 1:start + 2].isalpha()
                and not (html[at - 1].isalnum() or html[at - 1] == "_")):
            tags.append(html[start:end + 1])
            last_start = start
        at = html.find(_ATTRIBUTE_MARK, at + 1)
    return tags


def _element_end(html: str, start: int, name: str) -> int:
    """Index after the tag closing the element opened at ``start`` (nesting of the same name counted)."""
    opening = re.compile(rf"<(/?){name}\b[^>]*>", re.I)
    depth = 0
    for tag in opening.finditer(html, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.end()
    return len(html)


def index_site(folder: Path, fingerprints: dict[str, str], languages: Iterable[str],
               cache: BuildCache | None = None) -> list[str]:
    """Write ``folder/pagefind/<code>/`` for each language code; BuildFailed when indexing fails.

    ``fingerprints`` maps each written page (path relative to ``folder``) to its
    ``search_fingerprint``. Returns the codes whose bundle had to be indexed
    (the others came from the cache).
    """
    cache = cache or BuildCache(None)
    indexed = []
    for code in languages:
        pages = {f: p for f, p in fingerprints.items() if f.startswith(f"{code}/")}
        key = bundle_key(code, pages)
        target = folder / BUNDLE_DIR / code
        with phase(f"search index {code} from the cache"):
            if pages and cache.get_tree(NAMESPACE, key, target):
                continue
        with phase(f"search index {code} by Pagefind"):
            try:
                _run_pagefind(folder, code)
            except BuildError as exc:
                raise BuildFailed([exc.problem]) from None
            _sort_entry(target / "pagefind-entry.json")
            if pages:  # without marked pages Pagefind reads every page, which the key does not cover
                cache.put_tree(NAMESPACE, key, target)
        indexed.append(code)
    return indexed


def bundle_key(code: str, fingerprints: dict[str, str]) -> str:
    """The cache key of one language's bundle: Pagefind's version and every indexed page."""
    pages = [f"{file}\t{fingerprints[file]}" for file in sorted(fingerprints)]
    return digest(_pagefind_version(), code, *pages)


def _pagefind_version() -> str:
    for name in ("pagefind_bin_extended", "pagefind_bin", "pagefind"):
        try:
            return f"{name} {importlib.metadata.version(name)}"
        except importlib.metadata.PackageNotFoundError:
            continue
    return "pagefind missing"


def _sort_entry(path: Path) -> None:
    """Pagefind lists the languages in hash-map order; sorted, two builds give the same bytes."""
    entry = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(entry, sort_keys=True, separators=(",", ":")), encoding="utf-8")


def _run_pagefind(folder: Path, code: str) -> None:
    if not pagefind_available():
        raise BuildError("site.yaml", 1, "search needs Pagefind: install the pinned 'pagefind[extended]' "
                         "(make installs it into .venv) or build with --no-search")
    # Paths inside the site: Pagefind gives results the URL of the file relative to --site.
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--glob", f"{code}/**/*.html",
               "--output-subdir", f"{BUNDLE_DIR}/{code}", "--silent"]
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise BuildError("site.yaml", 1, f"search indexing took longer than {_TIMEOUT} s") from None
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        raise BuildError("site.yaml", 1, "search indexing failed: " + (detail[-1] if detail else
                                                                         f"exit {proc.returncode}"))
