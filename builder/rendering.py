"""Render every planned page and write it, over several processes when the site is large.

The preview's writer (which keeps its own memory of pages) renders in this
process. A build's writer reserves every path in the parent first, so
collisions are reported in page order whatever the worker count; then each
page is rendered into its reserved file, or linked from the previous output
when unchanged (builder.page_reuse), by forked workers on large sites and
in this process otherwise. Workers hand back only errors, the UI strings they
found missing and each page's record (size, facts, key).
"""
from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any, Callable

from builder import timings
from builder.cache import BuildCache
from builder.config import SiteConfig
from builder.errors import BuildError, Diagnostics, Problem
from builder.model_cache import BodyPatch
from builder.output import OutputWriter
from builder.page_reuse import PageRecord, PageReuse
from builder.pages import PageJob
from builder.render import Renderer
from builder.urls import output_path
from builder.workers import MIN_PAGES, run_chunks

# What forked workers inherit: (page producer, jobs, output paths, targets) of the build in progress.
_STATE: tuple[PageReuse, list[PageJob], list[str], list[Path | None]] | None = None

# (problems, UI strings found missing, page records, pages taken unchanged from the last output,
#  page contexts digested)
Outcome = tuple[list[tuple[int, Problem]], dict[str, set[str]], list[tuple[int, PageRecord]], int, int]


def render_pages(renderer: Renderer, writer: OutputWriter, jobs: list[PageJob], config: SiteConfig,
                 diagnostics: Diagnostics, pages: Counter, workers: int = 1,
                 cache: BuildCache | None = None,
                 records: dict[str, PageRecord] | None = None,
                 meanwhile: Callable[[], None] | None = None, contexts: str | None = None,
                 patch: BodyPatch | None = None) -> list[PageJob]:
    """Write every page; errors go to ``diagnostics``, page counts per language to ``pages``.

    Returns the jobs whose page was written, in their order; ``records``, when
    given, receives each written page's record by output path. ``meanwhile()``
    runs in this process while workers render (after the pages without them). ``contexts`` names
    what the page contexts are made from (builder.page_reuse), None when unknown; ``patch``, how
    the model differs from the one it was patched from.
    """
    if not hasattr(writer, "reserve"):  # the preview's writer has its own memory of pages
        written = _render_for_preview(renderer, writer, jobs, config, diagnostics, pages)
        if meanwhile is not None:
            meanwhile()
        return written
    paths = [output_path(config, job.url) for job in jobs]
    targets: list[Path | None] = []
    for job, path in zip(jobs, paths):
        try:
            targets.append(writer.reserve(path, job.source))
        except BuildError as exc:
            diagnostics.add(exc)
            targets.append(None)
    producer = PageReuse(renderer, cache, writer.out_dir, contexts, patch)
    parallel = workers > 1 and len(jobs) >= MIN_PAGES
    if parallel:
        _warm_templates(renderer, jobs)
        if producer.environment is not None:  # each key once here, not once in every worker
            for template, locale in {(job.template, job.locale) for job in jobs}:
                producer.environment(template, locale)
    global _STATE
    _STATE = (producer, jobs, paths, targets)
    try:
        results: list[Outcome] = run_chunks(_render_chunk, len(jobs), workers if parallel else 1, meanwhile)
    finally:
        _STATE = None
    failed = set()
    timings.count("pages rendered", sum(len(made) - reused for _, _, made, reused, _ in results))
    timings.count("pages unchanged, linked", sum(reused for *_, reused, _ in results))
    timings.count("page contexts digested", sum(digested for *_, digested in results))
    for problems, missing, made, *_ in results:
        for index, problem in problems:
            failed.add(index)
            diagnostics.errors.append(problem)
        for locale, msgids in missing.items():
            renderer.ui[locale].missing.update(msgids)
        if records is not None:
            records.update((paths[index], record) for index, record in made)
    written = [job for index, job in enumerate(jobs) if targets[index] is not None and index not in failed]
    for job in written:
        pages[job.lang or "-"] += 1
    return written


def _render_for_preview(renderer: Renderer, writer: Any, jobs: list[PageJob], config: SiteConfig,
                        diagnostics: Diagnostics, pages: Counter) -> list[PageJob]:
    """In this process, through the writer (the preview's writer skips unchanged files)."""
    written = []
    for job in jobs:
        try:
            html = renderer.render_job(job)
            writer.write(output_path(config, job.url), html, job.source)
        except BuildError as exc:
            diagnostics.add(exc)
            continue
        pages[job.lang or "-"] += 1
        written.append(job)
    return written


def _render_chunk(chunk: range) -> Outcome:
    assert _STATE is not None
    producer, jobs, paths, targets = _STATE
    problems = []
    made: list[tuple[int, PageRecord]] = []
    folders: set[Path] = set()
    reused_before, digested_before = producer.reused, producer.digested
    for index in chunk:
        target, job = targets[index], jobs[index]
        if target is None:
            continue
        if target.parent not in folders:
            try:
                os.mkdir(target.parent)  # a page's own folder, under a section folder made before it
            except FileNotFoundError:
                os.makedirs(target.parent, exist_ok=True)
            except FileExistsError:
                pass
            folders.add(target.parent)
        try:
            made.append((index, producer.produce(paths[index], job, target)))
        except BuildError as exc:
            problems.extend((index, each.problem) for each in getattr(exc, "all", [exc]))
        job.release()
    missing = {locale: set(ui.missing) for locale, ui in producer.renderer.ui.items()}
    return problems, missing, made, producer.reused - reused_before, producer.digested - digested_before


def _warm_templates(renderer: Renderer, jobs: list[PageJob]) -> None:
    """Compile each template once here, so forked workers do not each compile it again."""
    for template, locale in sorted({(job.template, job.locale) for job in jobs}):
        try:
            renderer.environment(locale).get_template(template)
        except Exception:  # reported with its line when the page is rendered
            pass
