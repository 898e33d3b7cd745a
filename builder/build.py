"""The pipeline: load and check everything, then render and write in one go."""
from __future__ import annotations

import time
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from builder.assets import collect_assets
from builder.cache import BuildCache, CacheError, open_cache
from builder.compiled_templates import CompiledTemplates
from builder.config import SiteConfig, load_config
from builder.bodies import EarlyBodies
from builder.content import RawItem, load_content
from builder.errors import BuildFailed, Diagnostics, Problem
from builder.i18n import load_ui_strings, missing_report
from builder.model import Schedule
from builder.model_cache import BodyPatch, Model, model_keys, remembered_site
from builder.output import OutputError, OutputWriter, check_output_folder
from builder.page_reuse import PageRecord, save_manifest, sitemap_entry_of
from builder.pages import plan_pages
from builder.reciprocity import check_reciprocity
from builder.schedule import schedule_line
from builder.syndication import write_feeds_and_calendars
from builder import timings
from builder.timings import phase
from builder.references import check_references
from builder.render import Renderer
from builder.rendering import render_pages
from builder.search import index_site
from builder.site import BuildOptions, Site, build_site
from builder.source_memo import SourceMemo
from builder.sitemap import write_sitemap
from builder.uptodate import find_fresh_build, remember_build, schedule_of, warnings_of
from builder.urls import output_path
from builder.workers import heap_frozen, release_freed_memory


@dataclass
class BuildResult:
    pages: Counter = field(default_factory=Counter)  # language code (or "-") -> pages
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    schedule: Schedule = field(default_factory=Schedule)
    sources: dict[str, str] = field(default_factory=dict)  # output file -> what it was made from

    def summary(self) -> str:
        per_lang = ", ".join(f"{code} {n}" for code, n in sorted(self.pages.items()) if code != "-")
        other = self.pages.get("-", 0)
        total = sum(self.pages.values())
        return (f"built {total} pages ({per_lang}{f', {other} shared' if other else ''}), "
                f"{len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}, "
                f"in {self.seconds:.2f} s") + schedule_line(self.schedule)


def load_site(site_dir: Path, options: BuildOptions, diagnostics: Diagnostics,
              base_url: str | None = None) -> Site:
    """Read and check the whole site; raise BuildFailed with every problem found."""
    early = EarlyBodies(options.cache, options.jobs)  # the workers start once there is enough to convert
    try:
        with phase("read sources"):
            config = load_config(site_dir)
            if base_url:
                config = config.with_base_url(base_url)
            memo = SourceMemo(options.cache)

            def convert_early(raw: RawItem) -> None:
                if options.drafts or not raw.fields.get("draft"):
                    early.add(raw.markdown, raw.lang, config.raw_html)

            content = load_content(config, diagnostics, memo, convert_early)
            memo.save()
            check_references(config, content, diagnostics)
        diagnostics.raise_if_failed()
        with phase("model (Markdown included)"):
            site = build_site(config, content, diagnostics, options, early)
    finally:
        early.close()
    diagnostics.raise_if_failed()
    return site


def build(site_dir: Path, out_dir: Path, options: BuildOptions, strict: bool = False,
          base_url: str | None = None, force: bool = False) -> BuildResult:
    """Build the site into ``out_dir``, replacing it only when everything succeeded."""
    started = time.perf_counter()
    timings.reset()
    diagnostics = Diagnostics(strict=strict)
    site_dir = site_dir.resolve()
    try:
        check_output_folder(out_dir, site_dir, force)
    except OutputError as exc:
        raise BuildFailed([Problem(str(out_dir), 1, str(exc))]) from None
    options = with_cache(options, site_dir, out_dir)
    with phase("up-to-date check"):
        fresh, token, inputs = find_fresh_build(site_dir, out_dir, options,
                                                {"strict": strict, "base_url": base_url})
    if fresh is not None:
        return BuildResult(Counter(fresh.pages), warnings_of(fresh), time.perf_counter() - started,
                           schedule_of(fresh), dict(fresh.sources))
    model = _site_of(site_dir, options, diagnostics, base_url, inputs)
    site = model.site
    site.raws.clear()  # only the preview edits bodies in place; rendering needs the HTML, not the sources
    release_freed_memory()
    result = BuildResult(schedule=site.schedule)
    writer = OutputWriter(out_dir)
    records: dict[str, PageRecord] = {}
    indexing = _SearchIndexing()

    def pages_written() -> None:  # Pagefind needs only the pages: it runs while the rest is written and checked
        if options.search and not diagnostics.errors:
            indexing.start(lambda: index_site(writer.staging, {f: r.search for f, r in records.items() if r.search},
                                              searchable_languages(site), options.cache, options.jobs))
    try:
        with heap_frozen():
            _write_site(site, writer, diagnostics, result, options, records=records, contexts=model.contexts,
                        patch=model.patch, pages_written=pages_written)
        if not diagnostics.errors:  # a page that failed to render would only add noise here
            with phase("hreflang reciprocity"):
                diagnostics.errors += check_reciprocity(writer.staging, list(writer.written), site.config,
                                                        str(out_dir), {f: r.links for f, r in records.items()})
        diagnostics.raise_if_failed()
        result.sources = dict(writer.written)
        indexing.wait()
        with phase("publish"):
            writer.commit()
        save_manifest(options.cache, out_dir, records, model.contexts)
        with phase("cache pruning"):
            _prune(options.cache, len(site.config.codes), model.remembered)
    except BaseException:
        indexing.settle()  # Pagefind writes into the staging folder: it stops before the folder goes
        writer.abort()
        raise
    result.warnings = sorted(set(diagnostics.warnings))
    with phase("remember build"):
        remember_build(options, out_dir, token, site, result,
                       {path: (record.size, record.mtime_ns) for path, record in records.items()})
    result.seconds = time.perf_counter() - started
    return result


class _SearchIndexing:
    """The search index, made in a thread beside the rest of the build."""

    def __init__(self) -> None:
        self.run: Future | None = None

    def start(self, index: Callable[[], object]) -> None:
        def timed() -> None:
            with phase("search index"):
                index()
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search")
        self.run = pool.submit(timed)
        pool.shutdown(wait=False)  # the thread ends with the indexing

    def wait(self) -> None:
        """Raises what indexing raised (BuildFailed when Pagefind failed)."""
        if self.run is not None:
            self.run.result()

    def settle(self) -> None:
        """Wait for indexing to end, whatever it raised: the build is failing already."""
        if self.run is not None:
            wait([self.run])


def _site_of(site_dir: Path, options: BuildOptions, diagnostics: Diagnostics, base_url: str | None,
             inputs: dict[str, str] | None) -> Model:
    """The site's model, from the cache when it holds it; ``inputs`` None: no cache to look in."""
    if inputs is None:
        return Model(load_site(site_dir, options, diagnostics, base_url), False, None)
    return remembered_site(options.cache, model_keys(site_dir, options, base_url, inputs), inputs, options,
                           diagnostics, lambda: load_site(site_dir, options, diagnostics, base_url))


def _prune(cache: BuildCache, languages: int, remembered: bool) -> None:
    """Drop the cache entries this build did not use, once they outnumber the used ones."""
    if not remembered:  # a model from the cache asked for no source or body: all would look unused
        cache.prune("markdown")
        cache.prune("sources", keep_factor=1, spare=0)
    cache.prune("pages")
    cache.prune("templates")
    cache.prune("search", spare=languages)
    cache.prune("models", keep_factor=1, spare=1)
    cache.prune("syndication", keep_factor=1, spare=1)


def with_cache(options: BuildOptions, site_dir: Path, out_dir: Path) -> BuildOptions:
    """``options`` with the build cache opened (a disabled one under --no-cache)."""
    try:
        cache = open_cache(site_dir, out_dir, options.cache_dir, options.cache_dir is not None)
    except CacheError as exc:
        raise BuildFailed([Problem(str(options.cache_dir), 1, str(exc))]) from None
    return replace(options, cache=cache)


def searchable_languages(site: Site) -> tuple[str, ...]:
    """Codes of the languages with content of their own: only they get a search index.

    (Pagefind, finding no page marked for indexing, would index every page of
    a language instead, lists and fallback copies included.)
    """
    own = {lang for (kind, lang, _) in site.items if kind in ("article", "entry", "page")}
    return tuple(code for code in site.config.codes if code in own)


def _write_site(site: Site, writer: OutputWriter, diagnostics: Diagnostics, result: BuildResult,
                options: BuildOptions | None = None, make_renderer=Renderer,
                records: dict[str, PageRecord] | None = None, contexts: str | None = None,
                patch: BodyPatch | None = None, pages_written: Callable[[], None] | None = None) -> None:
    config: SiteConfig = site.config
    assets = collect_assets(config.root, config.base_path)
    ui = {lang.locale: load_ui_strings(config.root, lang.locale) for lang in config.languages}
    renderer = make_renderer(config, ui, assets)  # the preview passes one that skips unchanged pages
    if options is not None:
        renderer.compiled = CompiledTemplates(options.cache)
    # Only a build that runs Pagefind has an index to load (the preview passes no options).
    renderer.globals["search_languages"] = searchable_languages(site) if options and options.search else ()
    with phase("plan pages"):
        jobs = list(plan_pages(site))

    def feeds_and_calendars() -> None:  # they need no page: written while the workers render
        with phase("feeds and calendars"):
            write_feeds_and_calendars(site, writer, options.cache if options else None, contexts)

    with phase("render and write pages"):
        rendered = render_pages(renderer, writer, jobs, config, diagnostics, result.pages,
                                options.jobs if options else 1, options.cache if options else None, records,
                                feeds_and_calendars, contexts, patch)
    if pages_written is not None:
        pages_written()
    with phase("sitemap"):
        if records is None:  # the preview renders in this process, and its renderer remembers entries
            entries = [renderer.sitemap_entry(job) for job in rendered]
        else:  # the workers computed the contexts and kept what the sitemap needs
            entries = [sitemap_entry_of(job.url, records[output_path(config, job.url)]) for job in rendered]
        write_sitemap(config, entries, writer)
    for logical, published in assets.published.items():
        writer.copy(published, assets.sources[logical], f"assets/{logical}")
    for path, line, message in missing_report(config.root, list(ui.values())):
        diagnostics.warn(path, line, message)
