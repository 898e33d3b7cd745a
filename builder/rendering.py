"""Render every planned page and write it, over several processes when the site is large.

Small sites, one worker, and writers without ``reserve`` (the preview's) render
in this process. Otherwise paths are reserved in the parent first, so
collisions are reported exactly as in a serial build; forked workers then
render their chunk and write the files themselves, and hand back only errors,
the UI strings they found missing and each page's facts (builder.page_facts).
"""
from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

from builder.cache import BuildCache
from builder.config import SiteConfig
from builder.errors import BuildError, Diagnostics, Problem
from builder.output import OutputWriter
from builder.page_facts import PageFacts, facts_of
from builder.pagecache import PageCache
from builder.pages import PageJob
from builder.render import Renderer
from builder.urls import output_path
from builder.workers import MIN_PAGES, run_chunks

# What forked workers inherit: (page source, jobs, targets) of the build in progress.
_STATE: tuple[PageCache, list[PageJob], list[Path | None]] | None = None


def render_pages(renderer: Renderer, writer: OutputWriter, jobs: list[PageJob], config: SiteConfig,
                 diagnostics: Diagnostics, pages: Counter, workers: int = 1,
                 cache: BuildCache | None = None, facts: dict[str, PageFacts] | None = None) -> list[PageJob]:
    """Write every page; errors go to ``diagnostics``, page counts per language to ``pages``.

    Returns the jobs whose page was written, in their order; ``facts``, when
    given, receives the facts of each written page by output path.
    """
    final = hasattr(writer, "reserve")  # the preview's writer has its own memory of pages
    source = PageCache(renderer, cache if final else None)
    if workers <= 1 or len(jobs) < MIN_PAGES or not final:
        return _render_serially(source, writer, jobs, config, diagnostics, pages, facts)
    targets: list[Path | None] = []
    for job in jobs:
        try:
            targets.append(writer.reserve(output_path(config, job.url), job.source))
        except BuildError as exc:
            diagnostics.add(exc)
            targets.append(None)
    _warm_templates(renderer, jobs)
    global _STATE
    _STATE = (source, jobs, targets)
    try:
        results = run_chunks(_render_chunk, len(jobs), workers)
    finally:
        _STATE = None
    failed = set()
    for problems, missing, used, found in results:
        source.remember_used(used)  # so that pruning keeps what the workers read and wrote
        if facts is not None:
            facts.update((output_path(config, jobs[index].url), page) for index, page in found)
        for index, problem in problems:
            failed.add(index)
            diagnostics.errors.append(problem)
        for locale, msgids in missing.items():
            renderer.ui[locale].missing.update(msgids)
    written = [job for index, job in enumerate(jobs) if targets[index] is not None and index not in failed]
    for job in written:
        pages[job.context["lang"].code if job.context["nav"] else "-"] += 1
    return written


def _render_serially(renderer: PageCache, writer: Any, jobs: list[PageJob], config: SiteConfig,
                     diagnostics: Diagnostics, pages: Counter,
                     facts: dict[str, PageFacts] | None) -> list[PageJob]:
    """In this process, through the writer (the preview's writer skips unchanged files)."""
    written = []
    for job in jobs:
        path = output_path(config, job.url)
        try:
            html = renderer.render(job.template, job.locale, job.context)
            writer.write(path, html, job.source)
        except BuildError as exc:
            diagnostics.add(exc)
            continue
        if facts is not None:
            facts[path] = facts_of(html)
        pages[job.context["lang"].code if job.context["nav"] else "-"] += 1
        written.append(job)
    return written


def _render_chunk(chunk: range) -> tuple[list[tuple[int, Problem]], dict[str, set[str]], set[str],
                                         list[tuple[int, PageFacts]]]:
    assert _STATE is not None
    source, jobs, targets = _STATE
    problems = []
    found = []
    made: set[Path] = set()
    for index in chunk:
        target, job = targets[index], jobs[index]
        if target is None:
            continue
        try:
            html = source.render(job.template, job.locale, job.context)
        except BuildError as exc:
            problems.extend((index, each.problem) for each in getattr(exc, "all", [exc]))
            continue
        if target.parent not in made:
            os.makedirs(target.parent, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(html.encode("utf-8"))
        found.append((index, facts_of(html)))
    return (problems, {locale: set(ui.missing) for locale, ui in source.renderer.ui.items()}, source.used(),
            found)


def _warm_templates(renderer: Renderer, jobs: list[PageJob]) -> None:
    """Compile each template once here, so forked workers do not each compile it again."""
    for template, locale in sorted({(job.template, job.locale) for job in jobs}):
        try:
            renderer.environment(locale).get_template(template)
        except Exception:  # reported with its line when the page is rendered
            pass

