"""Full-text search with Pagefind: one search page and its own bundles per language.

Each language gets its own Pagefind bundle under ``pagefind/<code>/``, built
from that language's folder only, and its search page loads that bundle: a
visitor only ever gets results in the language of the page they search from.
Only real content (articles, directory entries, pages in their own language)
carries ``data-pagefind-body``, so lists, home pages and copies of another
language's text are never indexed.

A language with more than SHARD_PAGES indexed pages is indexed in several runs,
``pagefind/<code>/``, ``<code>-2/`` and so on (``shards.json`` beside the
first lists the others, and search.js merges them into one result list):
Pagefind's memory grows with the pages of a run.

Pagefind has no incremental mode and indexing is its own cost (about half of a
cold build), so each bundle is kept in the build cache under a fingerprint of
exactly what Pagefind reads from its pages (see ``search_fingerprint``). A
template change that leaves the indexed text alone re-indexes nothing, and an
edit re-indexes the one bundle holding the page.

Pagefind writes into the staging folder of the build, so a failed index leaves
the published site untouched like any other failure.
"""
from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
import json
import os
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterable

from builder.cache import BuildCache, digest
from builder.errors import BuildError, BuildFailed
from builder.timings import phase

BUNDLE_DIR = "pagefind"
NAMESPACE = "search"
_TIMEOUT = 600
# Indexed pages per Pagefind run, at most about (BUILDER_SEARCH_SHARD_PAGES: tests make it small).
SHARD_PAGES = int(os.environ.get("BUILDER_SEARCH_SHARD_PAGES", "2500"))
SHARDS_FILE = "shards.json"  # beside the first bundle: the other bundles' folders, for search.js
_GLOB_SPECIAL = set("*?[]{},!\\")
_BODY_MARK = "data-pagefind-body"
_HTML_TAG = re.compile(r"<html\b[^>]*>")
_TITLE = re.compile(r"<title>.*?</title>", re.S)
_ATTRIBUTE_MARK = "data-pagefind-"
_TAG_NAME = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")
BINARY_VARIABLE = "PAGEFIND_BINARY_PATH"
_BINARY_PACKAGES = ("pagefind_bin_extended", "pagefind_bin")  # each offers get_executable()


def _pagefind_command() -> list[str] | None:
    """Pagefind's binary, from the ``pagefind[extended]`` wheel, or the one ``PAGEFIND_BINARY_PATH``
    names (as for Pagefind's own wrapper); None when there is none. Run directly: ``python -m
    pagefind`` starts an interpreter only to exec it, 50 ms of every run, on the path of every edit."""
    configured = os.environ.get(BINARY_VARIABLE)
    if configured:
        return [configured]
    for package in _BINARY_PACKAGES:
        try:
            return [str(importlib.import_module(package).get_executable())]
        except (ImportError, FileNotFoundError, AttributeError):
            continue
    return None


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
               cache: BuildCache | None = None, jobs: int = 1) -> list[str]:
    """Write each language's bundles under ``folder/pagefind/``; BuildFailed when indexing fails.

    ``fingerprints`` maps each written page (path relative to ``folder``) to its
    ``search_fingerprint``. Returns the bundle folders that had to be indexed
    (the others came from the cache). Up to ``jobs`` Pagefind runs at once:
    one run keeps about one and a half cores busy and waits on the disk the
    rest of the time, so two bundles side by side take little more than one.
    """
    cache = cache or BuildCache(None)
    bundles: list[tuple[str, str, dict[str, str], str]] = []  # (name, glob, pages, cache key)
    others: dict[str, list[str]] = {}  # language code -> its other bundles, for search.js
    for code in languages:
        pages = {f: p for f, p in fingerprints.items() if f.startswith(f"{code}/")}
        shards = split_into_shards(pages)
        names = [shard_name(code, number) for number in range(1, len(shards) + 1)]
        bundles += [(name, glob, shard, bundle_key(f"{BUNDLE_DIR}/{name}", shard))
                    for name, (glob, shard) in zip(names, shards)]
        others[code] = names[1:]

    def index(name: str, glob: str, pages: dict[str, str], key: str) -> None:
        with phase(f"search index {name} by Pagefind"):
            target = folder / BUNDLE_DIR / name
            _run_pagefind(folder, glob, f"{BUNDLE_DIR}/{name}")
            _sort_entry(target / "pagefind-entry.json")
            if pages:  # without marked pages Pagefind reads every page, which the key does not cover
                cache.put_tree(NAMESPACE, key, target)

    # Pagefind starts on the bundles the cache lacks before the others are linked from it.
    stored: list[tuple[str, str, dict[str, str], str]] = []
    missing: list[tuple[str, str, dict[str, str], str]] = []
    for bundle in bundles:
        _, _, shard, key = bundle
        (stored if shard and cache.holds(NAMESPACE, key) else missing).append(bundle)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        runs = [pool.submit(index, *bundle) for bundle in missing]
        for name, glob, shard, key in stored:
            with phase(f"search index {name} from the cache"):
                if cache.get_tree(NAMESPACE, key, folder / BUNDLE_DIR / name):
                    continue
            missing.append((name, glob, shard, key))  # damaged in the cache
            runs.append(pool.submit(index, name, glob, shard, key))
        try:
            for run in runs:
                run.result()
        except BuildError as exc:
            pool.shutdown(cancel_futures=True)
            raise BuildFailed([exc.problem]) from None
    for code, names in others.items():
        (folder / BUNDLE_DIR / code / SHARDS_FILE).write_text(json.dumps(names), encoding="utf-8")
    return [name for name, *_ in missing]


def shard_name(code: str, number: int) -> str:
    """``<code>`` for the first bundle (the one the search page loads), then ``<code>-2`` …"""
    return code if number == 1 else f"{code}-{number}"


def split_into_shards(pages: dict[str, str], size: int | None = None) -> list[tuple[str, dict[str, str]]]:
    """(Pagefind glob, pages) per bundle of one language, at most about ``size`` pages each.

    Pagefind's memory grows with the pages of one run (2.6 GiB for 10,500), and
    it has no incremental mode. Pages are grouped by folder and the first two
    letters of their name, groups are cut into runs of similar size in sorted
    order, and each run's glob names its groups: an edit re-indexes one
    bundle, and a new page moves at most the groups at a boundary.
    """
    size = size or SHARD_PAGES
    code = next(iter(pages)).split("/", 1)[0] if pages else ""
    whole = (f"{code}/**/*.html", pages)
    groups: dict[str, dict[str, str]] = {}
    for path, value in pages.items():
        pattern = _group_pattern(path)
        if pattern is None:
            return [whole]
        groups.setdefault(pattern, {})[path] = value
    count = min(len(groups), -(-len(pages) // size)) if pages else 1
    if count <= 1:  # the groups' glob all the same: Pagefind then skips parsing most list pages
        return [(_glob(sorted(groups)), pages)] if groups else [whole]
    shards: list[tuple[list[str], dict[str, str]]] = [([], {})]
    done, target = 0, len(pages) / count
    for pattern in sorted(groups):
        if shards[-1][1] and len(shards) < count and done >= target * len(shards):
            shards.append(([], {}))
        shards[-1][0].append(pattern)
        shards[-1][1].update(groups[pattern])
        done += len(groups[pattern])
    return [(_glob(patterns), members) for patterns, members in shards]


def _group_pattern(path: str) -> str | None:
    """``en/news/of*/index.html`` for ``en/news/offshore/index.html``; None where a glob cannot say it."""
    if any(char in path for char in _GLOB_SPECIAL):
        return None
    folder, _, file = path.rpartition("/")
    parent, _, name = folder.rpartition("/")
    if not parent or file != "index.html":
        return path
    if len(name) <= 2:  # a two-letter prefix would also match longer names
        return path
    return f"{parent}/{name[:2]}*/{file}"


def _glob(patterns: list[str]) -> str:
    return patterns[0] if len(patterns) == 1 else "{" + ",".join(patterns) + "}"


def bundle_key(subdir: str, fingerprints: dict[str, str]) -> str:
    """The cache key of one bundle: Pagefind's version, its folder and every indexed page."""
    pages = [f"{file}\t{fingerprints[file]}" for file in sorted(fingerprints)]
    return digest(_pagefind_version(), subdir, *pages)


def _pagefind_version() -> str:
    configured = os.environ.get(BINARY_VARIABLE)
    if configured:  # another binary than the wheel's: bundles are kept by that file, not the wheel
        try:
            info = os.stat(configured)
        except OSError:
            return f"binary {configured} missing"
        return f"binary {configured} {info.st_size} {info.st_mtime_ns}"
    for name in (*_BINARY_PACKAGES, "pagefind"):
        try:
            return f"{name} {importlib.metadata.version(name)}"
        except importlib.metadata.PackageNotFoundError:
            continue
    return "pagefind missing"


def _sort_entry(path: Path) -> None:
    """Pagefind lists the languages in hash-map order; sorted, two builds give the same bytes."""
    entry = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(entry, sort_keys=True, separators=(",", ":")), encoding="utf-8")


def _run_pagefind(folder: Path, glob: str, subdir: str) -> None:
    binary = _pagefind_command()
    if binary is None:
        raise BuildError("site.yaml", 1, "search needs Pagefind: install the pinned 'pagefind[extended]' "
                         "(make installs it into .venv) or build with --no-search")
    # Paths inside the site: Pagefind gives results the URL of the file relative to --site.
    command = [*binary, "--site", str(folder), "--glob", glob, "--output-subdir", subdir, "--silent"]
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise BuildError("site.yaml", 1, f"search indexing took longer than {_TIMEOUT} s") from None
    except OSError as exc:  # a binary named by PAGEFIND_BINARY_PATH that is missing or not executable
        raise BuildError("site.yaml", 1, f"search needs Pagefind, but {command[0]} cannot be run "
                         f"({exc.strerror}); correct or unset {BINARY_VARIABLE}, or build with "
                         "--no-search") from None
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        raise BuildError("site.yaml", 1, "search indexing failed: " + (detail[-1] if detail else
                                                                         f"exit {proc.returncode}"))
