"""Unchanged pages are taken from the previous output instead of being rendered again.

After each build the cache keeps a manifest of the output: for every page its
key (builder.pagecache: builder code, configuration, asset names, the
templates its template reaches, its locale's catalog and a digest of its context), the size,
modification time and inode of the file written, and what later steps need
from it (hreflang alternates, search fingerprint, UI strings it asked for
without a translation). A page whose key is unchanged and whose file is still
exactly as written is hard-linked from the previous output into the new one:
no rendering, no reading and no writing of its bytes, and no copy of every
page kept in the cache.

Digesting a page's context is a fifth of rendering it. Every context is a
function of the site model, the page and the day (events turn past at
midnight), so the manifest also names what the contexts were made from
(builder.model_cache's ``contexts_key``): a build whose model has the same
name takes each page's context digest from the manifest instead of computing
it. A template change then neither computes nor digests the context of a page
its template does not reach. Each record also keeps the sources of the items
its context holds (builder.fingerprint): when the model was patched from the
last build's by new bodies (``model_cache.BodyPatch``), a page holding none of
the edited items keeps its digest too, so a one-article edit digests the
contexts of the few pages that show that article.

A file with another size, time or inode than the build wrote is read and
compared with the digest of what was written: an output restored from a CI
cache (new inodes, perhaps new times) is reused, a file changed after the
build is rendered again. A page rendered again to the same bytes
(its template changed somewhere it does not show) is linked too: creating a
file costs far more than linking one.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from builder.cache import BuildCache, digest
from builder.navigation import Alternate
from builder.page_facts import facts_of
from builder.fingerprint import fingerprint
from builder.model_cache import BodyPatch, contexts_still_holding
from builder.pagecache import EnvironmentKeys, MissingLog, key_of
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
    context: str | None = None  # digest of the context (builder.fingerprint), None when untrusted
    uses: tuple[str, ...] | None = None  # sources of the items the context holds, None when unknown


class PageReuse:
    """Render a page into the staging folder, or link it from the previous output when unchanged."""

    def __init__(self, renderer: Any, cache: BuildCache | None, out_dir: Path,
                 contexts: str | None = None, patch: BodyPatch | None = None) -> None:
        self.renderer = renderer
        self.cache = cache if cache is not None and cache.enabled else None
        self.out_dir = out_dir
        self.environment = EnvironmentKeys(renderer) if self.cache else None
        self.memo: dict = {}  # builder.fingerprint's, shared by the pages of this build
        previous_contexts, self.previous = load_manifest(self.cache, out_dir)
        # Which of the last build's context digests hold: by the model and day they were made from.
        self.still_holds = contexts_still_holding(previous_contexts, contexts, patch)
        self.reused = 0
        self.digested = 0
        if self.cache:
            for ui in renderer.ui.values():
                if not isinstance(ui.missing, MissingLog):
                    ui.missing = MissingLog(ui.missing)

    def produce(self, path: str, job: PageJob, target: Path) -> PageRecord:
        """Write ``target``; raises BuildError as Renderer.render does."""
        template, locale = job.template, job.locale
        old = self.previous.get(path)
        context_digest = key = uses = None
        if self.environment is not None:
            if old is not None and self.still_holds is not None and self.still_holds(old.uses):
                context_digest, uses = old.context, old.uses
            if context_digest is None:
                found: set[str] = set()
                context_digest = fingerprint(job.context, self.memo, found)
                uses = tuple(sorted(found))
                self.digested += 1
            key = key_of(self.environment(template, locale), template, locale, context_digest)
        linked = self._link(path, old, target) if key is not None and old is not None and old.key == key else None
        if linked is not None:
            self.renderer.ui[locale].missing.update(old.missing)
            self.reused += 1
            return linked
        log = getattr(self.renderer.ui[locale].missing, "log", None)
        start = len(log) if log is not None else 0
        html = self.renderer.render(template, locale, job.context)
        asked = sorted(set(log[start:])) if log is not None else []
        data = html.encode("utf-8")
        content = digest_bytes(data) if self.cache else None
        sitemap = _sitemap_part(sitemap_entry(job))
        if content is not None and old is not None and old.content == content:
            # Rendered again to the same bytes (a template change elsewhere): the old file will do,
            # linking it is far cheaper than creating a file, and what was found in it still holds.
            linked = self._link(path, old, target)
            if linked is not None:
                return linked._replace(key=key, missing=asked, sitemap=sitemap, context=context_digest, uses=uses)
        facts = facts_of(html)
        target.write_bytes(data)
        stat = os.stat(target)
        return PageRecord(key, stat.st_size, stat.st_mtime_ns, stat.st_ino, asked, facts.links, facts.search,
                          sitemap, content, context_digest, uses)

    def _link(self, path: str, old: PageRecord, target: Path) -> PageRecord | None:
        """The last output's file put at ``target`` when it is still as written; its record then, or None.

        A file whose size, time and inode are as recorded is taken as it is. Any
        other of the right size is read and compared with the digest of what was
        written: an output restored from a CI cache or copied (new inodes, maybe
        new times) is then reused, not rendered again.
        """
        source = self.out_dir / path
        try:
            stat = os.stat(source)
            if stat.st_size != old.size:
                return None
            if (stat.st_mtime_ns, stat.st_ino) != (old.mtime_ns, old.inode) and (
                    old.content is None or digest_bytes(source.read_bytes()) != old.content):
                return None
            try:
                os.link(source, target)
            except OSError:  # links refused: a copy, checked by its bytes at the next build
                shutil.copy2(source, target)
                stat = os.stat(target)
        except OSError:
            return None
        return old._replace(mtime_ns=stat.st_mtime_ns, inode=stat.st_ino)


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
    return digest("output manifest 4", str(out_dir.resolve()))


def load_manifest(cache: BuildCache | None, out_dir: Path) -> tuple[str | None, dict[str, PageRecord]]:
    """(what the contexts were made from, the pages) of the last successful build into ``out_dir``.

    (None, {}) when unknown or damaged.
    """
    data = cache.get(NAMESPACE, _manifest_key(out_dir)) if cache is not None else None
    if data is None:
        return None, {}
    try:
        contexts, records = pickle.loads(data)  # 5,000 records: a pickle loads in a fifth of JSON's time
    except Exception:  # damaged, or written by other code
        return None, {}
    if not (contexts is None or isinstance(contexts, str)) or not isinstance(records, dict):
        return None, {}
    return contexts, records


def save_manifest(cache: BuildCache | None, out_dir: Path, records: dict[str, PageRecord],
                  contexts: str | None = None) -> None:
    """Remember the pages just published in ``out_dir`` (only those that can be reused), and what
    their contexts were made from (builder.model_cache's ``contexts_key``)."""
    if cache is None or not cache.enabled:
        return
    shared: dict[str, str] = {}  # one string per source, which pickle then writes once
    kept = {path: record._replace(uses=tuple(shared.setdefault(s, s) for s in record.uses))
            if record.uses else record for path, record in sorted(records.items()) if record.key is not None}
    cache.put(NAMESPACE, _manifest_key(out_dir), pickle.dumps((contexts, kept), protocol=pickle.HIGHEST_PROTOCOL))
