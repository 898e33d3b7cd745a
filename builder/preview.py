"""Incremental builds for `builder serve`: re-render only pages whose inputs changed.

Every rebuild takes the site's model as `builder build` does: from the build
cache while no input but the templates changed, patched from the last one
after body edits, else read and checked in full (so every error message is
exactly as in `builder build`). Then it plans the same pages as a full build.
A page is rendered again only when its inputs changed: the template context
it receives (which holds everything it shows: the item, its translations'
switcher, the lists it carries) or the rendering environment (templates, UI
strings, assets, site.yaml). A file is written only when its
bytes changed, and files no build produces any more are removed. The result is
byte-identical to a full build of the same input (tests/test_preview.py).

Digesting every context was most of a rebuild after a body edit (34 s at
30,000 articles). As builds do (builder.page_reuse), the preview keeps each
page's context digest, the items its context holds and its sitemap entry: a
rebuild whose model is the last one, or the last one with new bodies, takes
them for every page that holds none of the edited items, without computing
its context.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, NamedTuple

from builder import timings
from builder.build import BuildResult, _site_of, _write_site, with_cache
from builder.compiled_templates import CompiledTemplates
from builder.content import read_body_edit
from builder.config import CONFIG_FILE
from builder.errors import BuildError, BuildFailed, Diagnostics
from builder.fingerprint import fingerprint
from builder.model_cache import Model, contexts_still_holding
from builder.pagecache import EnvironmentKeys, key_of, page_key
from builder.i18n import LOCALES_DIR
from builder.input_files import input_digests
from builder.output import MARKER, OutputError, _MARKER_TEXT, check_output_folder
from builder.render import TEMPLATES_DIR, Renderer
from builder.pages import item_job
from builder.site import BuildOptions, Site, replace_body
from builder.sitemap import SitemapEntry, sitemap_entry
from builder.urls import output_path
from builder.workers import release_freed_memory

PREVIEW_DIR = Path(".cache") / "preview"


@dataclass
class RenderMemory:
    """The digest of each rendered page by input fingerprint; fingerprints name their inputs, so
    entries never go stale.

    Only digests: the bytes are in the preview folder. Keeping every page took
    0.65 GB at 30,000 articles (1 GB as text), and hashing them all again took
    each full rebuild seconds.
    """

    pages: dict[str, str] = field(default_factory=dict)  # page key -> sha256 of its bytes
    used: dict[str, str] = field(default_factory=dict)
    rendered: int = 0


class KnownContext(NamedTuple):
    """What a page's context was, as far as the next rebuild needs it."""

    digest: str
    uses: frozenset[str]  # sources of the items it holds (builder.fingerprint)
    sitemap: SitemapEntry | None


@dataclass
class KnownContexts:
    """The page contexts of the last successful rebuild: what they were made from, and each page's."""

    name: str | None = None  # model_cache's ``contexts_key`` of that rebuild's model
    pages: dict[str, KnownContext] = field(default_factory=dict)  # by URL


class Remembered:
    """A page with the digest of its bytes, which the bytes come after: for a page rendered before,
    rendered again only when the preview folder no longer holds it; for a new one, the bytes at hand."""

    __slots__ = ("digest", "_render")

    def __init__(self, digest: str, render: Callable[[], bytes]) -> None:
        self.digest = digest
        self._render = render

    def bytes(self) -> bytes:
        return self._render()


def digest_files(root: Path, names: tuple[str, ...]) -> str:
    """One fingerprint for the files under ``names`` (folders or files) of ``root``."""
    hasher = hashlib.sha256()
    for name in names:
        base = root / name
        paths = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for path in paths:
            hasher.update(path.relative_to(root).as_posix().encode() + b"\0")
            hasher.update(hashlib.sha256(path.read_bytes()).digest())
    return hasher.hexdigest()


class RememberingRenderer(Renderer):
    """A Renderer that returns the remembered HTML when a page's inputs are unchanged."""

    def __init__(self, config, ui, assets, memory: RenderMemory, preview: bool,
                 environments: dict[str, dict], known: dict[str, KnownContext] | None = None,
                 still_holds: Callable[[frozenset[str]], bool] | None = None) -> None:
        super().__init__(config, ui, assets)
        self.memory = memory
        self.preview = preview
        self.known = known or {}  # the last rebuild's contexts, by URL
        self.still_holds = still_holds  # by its sources, whether a known context is this rebuild's too
        self.contexts: dict[str, KnownContext] = {}  # this rebuild's
        self.digested = 0
        files = digest_files(config.root, (TEMPLATES_DIR, LOCALES_DIR, CONFIG_FILE))
        self.environment_key = f"{files}|{sorted(assets.published.items())!r}|{preview}|{config!r}"
        # Compiled templates stay valid while nothing they depend on changed: reuse them.
        if self.environment_key not in environments:
            environments.clear()
        self._envs = environments.setdefault(self.environment_key, {})
        self._memo: dict = {}  # builder.fingerprint's, for the pages of one rebuild
        self._keys: EnvironmentKeys | None = None  # made on the first page, once globals are set

    def render(self, template: str, locale: str,  # type: ignore[override]
               context: dict[str, Any]) -> bytes | Remembered:
        """The page as UTF-8 bytes, or Remembered when its inputs are those of a page rendered before
        (the preview's writers take both as they take text)."""
        return self._page(template, locale, lambda: context, self._fingerprint(template, locale, context))

    def render_job(self, job: Any) -> bytes | Remembered:  # type: ignore[override]
        """As ``render``, with the last rebuild's context digest when it still holds."""
        known = self.known.get(job.url)
        if known is None or self.still_holds is None or not self.still_holds(known.uses):
            uses: set[str] = set()
            digest = fingerprint(job.context, self._memo, uses)
            self.digested += 1
            known = KnownContext(digest, frozenset(uses), sitemap_entry(job)) if digest is not None else None
        if known is None:  # an untrusted context: always rendered, never remembered
            return self._page(job.template, job.locale, lambda: job.context, None)
        self.contexts[job.url] = known
        key = key_of(self._environment_keys()(job.template, job.locale), job.template, job.locale, known.digest)
        return self._page(job.template, job.locale, lambda: job.context, key)

    def sitemap_entry(self, job: Any) -> SitemapEntry | None:
        known = self.contexts.get(job.url)
        return known.sitemap if known is not None else sitemap_entry(job)

    def _page(self, template: str, locale: str, context: Callable[[], dict[str, Any]],
              key: str | None) -> bytes | Remembered:
        digest = self.memory.pages.get(key) if key else None
        if digest is not None:
            self.memory.used[key] = digest  # type: ignore[index]
            return Remembered(digest, lambda: self._render_again(template, locale, context(), key))
        page = self._render_again(template, locale, context(), key)
        # Handed on with the digest just taken: the writer need not hash the page a second time.
        return Remembered(self.memory.used[key], lambda: page) if key else page

    def _render_again(self, template: str, locale: str, context: dict[str, Any], key: str | None) -> bytes:
        page = super().render(template, locale, context).encode("utf-8")
        self.memory.rendered += 1
        if key:
            self.memory.used[key] = hashlib.sha256(page).hexdigest()
        return page

    def _fingerprint(self, template: str, locale: str, context: dict[str, Any]) -> str | None:
        """A digest of everything the page shows; None when the context cannot be trusted to say."""
        return page_key(self._environment_keys()(template, locale), template, locale, context, self._memo)

    def _environment_keys(self) -> EnvironmentKeys:
        if self._keys is None:  # made on the first page, once the build has set the globals
            self._keys = EnvironmentKeys(self)
        return self._keys


class IncrementalWriter:
    """The OutputWriter interface, writing only files whose bytes changed."""

    def __init__(self, out_dir: Path, on_disk: dict[str, str]) -> None:
        self.out_dir = out_dir.resolve()
        self.on_disk = on_disk  # path -> sha256 of what is there now; updated as we write
        self.written: dict[str, str] = {}
        self.changed: list[str] = []
        self.write(MARKER, _MARKER_TEXT, "builder")

    def write(self, rel_path: str, data: str | bytes | Remembered, source: str) -> None:
        if write_if_changed(self._target(rel_path, source), rel_path, data, self.on_disk):
            self.changed.append(rel_path)

    def copy(self, rel_path: str, source_file: Path, source: str) -> None:
        self.write(rel_path, source_file.read_bytes(), source)

    def _target(self, rel_path: str, source: str) -> Path:
        target = (self.out_dir / rel_path).resolve()
        if not target.is_relative_to(self.out_dir) or target == self.out_dir:
            raise BuildError(source, 1, f"refusing to write outside the output folder: {rel_path}")
        if rel_path in self.written:
            raise BuildError(source, 1, f"two pages resolve to the output file {rel_path}: "
                             f"{self.written[rel_path]} and {source}")
        self.written[rel_path] = source
        return target

    def remove_stale(self) -> list[str]:
        """Delete what the previous build wrote and this one did not."""
        stale = sorted(set(self.on_disk) - set(self.written))
        for rel_path in stale:
            (self.out_dir / rel_path).unlink(missing_ok=True)
            del self.on_disk[rel_path]
            _remove_empty_parents(self.out_dir, (self.out_dir / rel_path).parent)
        return stale


def write_if_changed(target: Path, rel_path: str, data: str | bytes | Remembered,
                     on_disk: dict[str, str]) -> bool:
    """Write ``target`` unless ``on_disk`` says it holds these bytes already; True when written."""
    if isinstance(data, Remembered):
        if on_disk.get(rel_path) == data.digest and target.is_file():
            return False
        digest, payload = data.digest, data.bytes()  # new, or not there (deleted by hand): rendered again
    else:
        payload = data.encode("utf-8") if isinstance(data, str) else data
        digest = hashlib.sha256(payload).hexdigest()
        if on_disk.get(rel_path) == digest and target.is_file():
            return False
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_bytes(payload)
    os.replace(temporary, target)  # the server never sees half a file
    on_disk[rel_path] = digest
    return True


def _remove_empty_parents(root: Path, folder: Path) -> None:
    while folder != root and folder.is_relative_to(root) and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


@dataclass
class RebuildReport:
    result: BuildResult
    rendered: int  # pages rendered again
    changed: list[str]  # files written
    removed: list[str]  # files deleted
    digested: int = 0  # page contexts computed and digested (the others were known from the last rebuild)

    def summary(self) -> str:
        total = sum(self.result.pages.values())
        return (f"rebuilt {total} pages ({self.rendered} re-rendered, {len(self.changed)} files "
                f"written, {len(self.removed)} removed) in {self.result.seconds:.2f} s")


class PreviewBuilder:
    """Builds the site into the preview folder, incrementally after the first time."""

    def __init__(self, site_dir: Path, out_dir: Path, options: BuildOptions,
                 preview: bool = True, base_url: str | None = None) -> None:
        self.site_dir = site_dir.resolve()
        self.out_dir = out_dir.resolve()
        self.options = with_cache(options, self.site_dir, self.out_dir)  # Markdown from the build cache
        self.preview = preview
        self.base_url = base_url
        self.memory = RenderMemory()
        self.environments: dict[str, dict] = {}
        self.compiled = CompiledTemplates()  # after a template edit, only that template is compiled again
        self.on_disk: dict[str, str] = {}
        self.site: Site | None = None  # the model of the last successful rebuild, for quick edits
        self.renderer: Renderer | None = None
        self.contexts = KnownContexts()
        self._start_empty()

    def _start_empty(self) -> None:
        try:
            check_output_folder(self.out_dir, self.site_dir, force=False)
        except OutputError as exc:
            raise BuildFailed([BuildError(str(self.out_dir), 1, str(exc)).problem]) from None
        shutil.rmtree(self.out_dir, ignore_errors=True)
        self.out_dir.mkdir(parents=True)

    def rebuild(self) -> RebuildReport:
        """Bring the preview folder up to date; raise BuildFailed and keep the old pages on errors."""
        started = time.perf_counter()
        timings.reset()
        # Until this rebuild succeeds a quick edit could show stale pages; and the last model, let go
        # now, is not held beside the new one (at 30,000 articles each is about 0.6 GB).
        self.site = None
        diagnostics = Diagnostics()
        model = self._model(diagnostics)
        site = model.site
        result = BuildResult(schedule=site.schedule)
        writer = IncrementalWriter(self.out_dir, self.on_disk)
        memory = RenderMemory(pages=self.memory.pages)
        still_holds = contexts_still_holding(self.contexts.name, model.contexts, model.patch)

        made: list[RememberingRenderer] = []

        def make_renderer(config, ui, assets):
            made.append(RememberingRenderer(config, ui, assets, memory, self.preview, self.environments,
                                            self.contexts.pages, still_holds))
            made[-1].compiled = self.compiled
            return made[-1]

        _write_site(site, writer, diagnostics, result, make_renderer=make_renderer)
        diagnostics.raise_if_failed()
        self.site, self.renderer = site, made[-1]
        self.contexts = KnownContexts(model.contexts, made[-1].contexts)
        removed = writer.remove_stale()
        self.memory = RenderMemory(pages=memory.used)  # forget pages no longer produced
        release_freed_memory()  # what the last model and this rebuild's garbage held goes back to the system
        result.sources = dict(writer.written)
        result.warnings = sorted(set(diagnostics.warnings))
        result.seconds = time.perf_counter() - started
        return RebuildReport(result, memory.rendered, writer.changed, removed, made[-1].digested)

    def _model(self, diagnostics: Diagnostics) -> Model:
        """The site's model, from the build cache as a build takes it (builder.model_cache): after a
        template edit it is loaded, after body edits patched, instead of reading every source again
        (at 30,000 articles that was most of a rebuild)."""
        cache = self.options.cache
        inputs = input_digests(self.site_dir, cache) if cache is not None and cache.enabled else None
        return _site_of(self.site_dir, self.options, diagnostics, self.base_url, inputs)

    def quick_edit(self, changed: list[Path]) -> list[str]:
        """Re-render at once the page of an article or page whose body alone was edited.

        Returns the output files written; an empty list when the edit is not of
        that kind (a field changed, a new file, a broken link...), which the
        full rebuild that follows every change then handles. The page is
        exactly what the full rebuild makes of it; lists showing the item's
        summary wait for that rebuild.
        """
        site, renderer = self.site, self.renderer
        if site is None or renderer is None or len(changed) != 1:
            return []
        source = changed[0].resolve()
        if not source.is_relative_to(self.site_dir):
            return []
        raw = site.raws.get(source.relative_to(self.site_dir).as_posix())
        edited = read_body_edit(site.config, raw) if raw is not None else None
        item = replace_body(site, edited) if edited is not None else None
        if item is None:
            return []
        job = item_job(site, item)
        try:
            html = renderer.render(job.template, job.locale, job.context)
        except BuildError:
            return []  # the full rebuild reports it
        path = output_path(site.config, job.url)
        return [path] if write_if_changed(self.out_dir / path, path, html, self.on_disk) else []
