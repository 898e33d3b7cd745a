"""Unchanged pages are taken from the previous output instead of being rendered again.

After each build the cache keeps a manifest of the output: for every page its
key (builder.pagecache: builder code, configuration, asset names, the
templates its template reaches, its locale's catalog and a digest of its context), the size,
modification time and inode of the file written, and what later steps need
from it (hreflang alternates, search fingerprint, UI strings it asked for
without a translation). A page whose key is unchanged and whose file is still
exactly as written is hard-linked from the previous output into the new one:
no rendering, no reading and no writing of its bytes, and no copy of every
page kept in the cache. A file changed after the build (a different size,
time or inode) is rendered again. A page rendered again to the same bytes
(its template changed somewhere it does not show) is linked too: creating a
file costs far more than linking one.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from builder.cache import BuildCache, digest
from builder.navigation import Alternate
from builder.page_facts import facts_of
from builder.pagecache import EnvironmentKeys, MissingLog, page_key
from builder.pages import PageJob
from builder.sitemap import SitemapEntry, sitemap_entry

NAMESPACE = "outputs"


class PageRecord(NamedTuple):
    key: str | None  # None: the page cannot be reused (uncached build, or an untrusted context)
    size: int
    mtime_ns: int
    inode: int
    missing: list[str]  # untranslated UI strings the page asked for
    links: tuple[tuple[str, str, int], ...]  # hreflang alternates (builder.page_facts)
    search: str | None  # search fingerprint (builder.search)
    sitemap: tuple[tuple[tuple[str, str], ...], str | None] | None  # (hreflang, url) alternates, lastmod
    content: str | None = None  # digest of the bytes written


class PageReuse:
    """Render a page into the staging folder, or link it from the previous output when unchanged."""

    def __init__(self, renderer: Any, cache: BuildCache | None, out_dir: Path) -> None:
        self.renderer = renderer
        self.cache = cache if cache is not None and cache.enabled else None
        self.out_dir = out_dir
        self.environment = EnvironmentKeys(renderer) if self.cache else None
        self.memo: dict = {}  # builder.fingerprint's, shared by the pages of this build
        self.previous = load_manifest(self.cache, out_dir)
        self.reused = 0
        if self.cache:
            for ui in renderer.ui.values():
                if not isinstance(ui.missing, MissingLog):
                    ui.missing = MissingLog(ui.missing)

    def produce(self, path: str, job: PageJob, target: Path) -> PageRecord:
        """Write ``target``; raises BuildError as Renderer.render does."""
        template, locale, context = job.template, job.locale, job.context
        key = page_key(self.environment(template, locale), template, locale, context, self.memo) \
            if self.environment is not None else None
        old = self.previous.get(path)
        if key is not None and old is not None and old.key == key and self._link(path, old, target):
            self.renderer.ui[locale].missing.update(old.missing)
            self.reused += 1
            return old
        log = getattr(self.renderer.ui[locale].missing, "log", None)
        start = len(log) if log is not None else 0
        html = self.renderer.render(template, locale, context)
        asked = sorted(set(log[start:])) if log is not None else []
        data = html.encode("utf-8")
        content = digest_bytes(data) if self.cache else None
        sitemap = _sitemap_part(sitemap_entry(job))
        if content is not None and old is not None and old.content == content and self._link(path, old, target):
            # Rendered again to the same bytes (a template change elsewhere): the old file will do,
            # linking it is far cheaper than creating a file, and what was found in it still holds.
            return PageRecord(key, old.size, old.mtime_ns, old.inode, asked, old.links, old.search, sitemap,
                              content)
        facts = facts_of(html)
        target.write_bytes(data)
        stat = os.stat(target)
        return PageRecord(key, stat.st_size, stat.st_mtime_ns, stat.st_ino, asked, facts.links, facts.search,
                          sitemap, content)

    def _link(self, path: str, old: PageRecord, target: Path) -> bool:
        source = self.out_dir / path
        try:
            stat = os.stat(source)
            if (stat.st_size, stat.st_mtime_ns, stat.st_ino) != (old.size, old.mtime_ns, old.inode):
                return False
            try:
                os.link(source, target)
            except OSError:  # links refused: a copy keeps the time, not the inode; the next build renders
                shutil.copy2(source, target)
        except OSError:
            return False
        return True


def digest_bytes(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _sitemap_part(entry: SitemapEntry | None) -> tuple[tuple[tuple[str, str], ...], str | None] | None:
    if entry is None:
        return None
    return (tuple((alt.hreflang, alt.url) for alt in entry.alternates),
            entry.lastmod.isoformat() if entry.lastmod else None)


def sitemap_entry_of(url: str, record: PageRecord) -> SitemapEntry | None:
    """The page's sitemap entry, as its worker saw it (or the build that wrote it)."""
    if record.sitemap is None:
        return None
    pairs, lastmod = record.sitemap
    return SitemapEntry(url, tuple(Alternate(hreflang, href) for hreflang, href in pairs),
                        datetime.fromisoformat(lastmod) if lastmod else None)


def _manifest_key(out_dir: Path) -> str:
    return digest("output manifest", str(out_dir.resolve()))


def load_manifest(cache: BuildCache | None, out_dir: Path) -> dict[str, PageRecord]:
    """The pages of the last successful build into ``out_dir``; empty when unknown or damaged."""
    data = cache.get(NAMESPACE, _manifest_key(out_dir)) if cache is not None else None
    if data is None:
        return {}
    try:
        return {path: PageRecord(*fields[:5], tuple(tuple(link) for link in fields[5]), fields[6],
                                 None if fields[7] is None else
                                 (tuple(tuple(pair) for pair in fields[7][0]), fields[7][1]), fields[8])
                for path, fields in json.loads(data).items()}
    except (ValueError, TypeError, IndexError):
        return {}


def save_manifest(cache: BuildCache | None, out_dir: Path, records: dict[str, PageRecord]) -> None:
    """Remember the pages just published in ``out_dir`` (only those that can be reused)."""
    if cache is None or not cache.enabled:
        return
    kept = {path: record for path, record in sorted(records.items()) if record.key is not None}
    text = json.dumps(kept, separators=(",", ":"))  # records are tuples: written as JSON arrays
    del kept
    cache.put(NAMESPACE, _manifest_key(out_dir), text.encode("utf-8"))
