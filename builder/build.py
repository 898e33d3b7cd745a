"""The pipeline: load and check everything, then render and write in one go."""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from builder.assets import collect_assets
from builder.config import SiteConfig, load_config
from builder.content import load_content
from builder.errors import BuildError, BuildFailed, Diagnostics, Problem
from builder.i18n import load_ui_strings, missing_report
from builder.model import Schedule
from builder.output import OutputError, OutputWriter, check_output_folder
from builder.pages import plan_pages
from builder.reciprocity import check_reciprocity
from builder.schedule import schedule_line
from builder.syndication import write_feeds_and_calendars
from builder.references import check_references
from builder.render import Renderer
from builder.site import BuildOptions, Site, build_site
from builder.sitemap import sitemap_entry, write_sitemap
from builder.urls import output_path


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
    config = load_config(site_dir)
    if base_url:
        config = config.with_base_url(base_url)
    content = load_content(config, diagnostics)
    check_references(config, content, diagnostics)
    diagnostics.raise_if_failed()
    site = build_site(config, content, diagnostics, options)
    diagnostics.raise_if_failed()
    return site


def build(site_dir: Path, out_dir: Path, options: BuildOptions, strict: bool = False,
          base_url: str | None = None, force: bool = False) -> BuildResult:
    """Build the site into ``out_dir``, replacing it only when everything succeeded."""
    started = time.perf_counter()
    diagnostics = Diagnostics(strict=strict)
    site_dir = site_dir.resolve()
    try:
        check_output_folder(out_dir, site_dir, force)
    except OutputError as exc:
        raise BuildFailed([Problem(str(out_dir), 1, str(exc))]) from None
    site = load_site(site_dir, options, diagnostics, base_url)
    result = BuildResult(schedule=site.schedule)
    writer = OutputWriter(out_dir)
    try:
        _write_site(site, writer, diagnostics, result)
        if not diagnostics.errors:  # a page that failed to render would only add noise here
            diagnostics.errors += check_reciprocity(writer.staging, list(writer.written), site.config,
                                                    str(out_dir))
        diagnostics.raise_if_failed()
        result.sources = dict(writer.written)
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    result.warnings = sorted(set(diagnostics.warnings))
    result.seconds = time.perf_counter() - started
    return result


def _write_site(site: Site, writer: OutputWriter, diagnostics: Diagnostics, result: BuildResult,
                make_renderer=Renderer) -> None:
    config: SiteConfig = site.config
    assets = collect_assets(config.root, config.base_path)
    ui = {lang.locale: load_ui_strings(config.root, lang.locale) for lang in config.languages}
    renderer = make_renderer(config, ui, assets)  # the preview passes one that skips unchanged pages
    sitemap = []
    for job in plan_pages(site):
        try:
            html = renderer.render(job.template, job.locale, job.context)
            writer.write(output_path(config, job.url), html, job.source)
        except BuildError as exc:
            diagnostics.add(exc)
            continue
        result.pages[job.context["lang"].code if job.context["nav"] else "-"] += 1
        sitemap.append(sitemap_entry(job))
    write_sitemap(config, sitemap, writer)
    write_feeds_and_calendars(site, writer)
    for logical, published in assets.published.items():
        writer.copy(published, assets.sources[logical], f"assets/{logical}")
    for path, message in missing_report(config.root, list(ui.values())):
        diagnostics.warn(path, 1, message)
