"""Markdown bodies for a whole build: from the cache where possible, else converted in parallel.

Conversion is a pure function of (text, language, raw_html) and of the code and
extension versions that ``SALT`` names, so its result is stored under the hash
of exactly those.
"""
from __future__ import annotations

import markdown

from builder.cache import BuildCache, code_version, digest
from builder.markdown_render import render_markdown
from builder.workers import MIN_MARKDOWN_BYTES, map_ordered

NAMESPACE = "markdown"
# The extensions and their configuration live in markdown_render (anchors: slugs).
SALT = digest(code_version("markdown_render", "slugs"), markdown.__version__)


def body_key(text: str, lang: str, raw_html: bool) -> str:
    return digest(SALT, lang, "raw" if raw_html else "escaped", text)


def convert_bodies(jobs: list[tuple[str, str]], raw_html: bool, cache: BuildCache | None = None,
                   workers: int = 1) -> list[str]:
    """HTML for each (markdown, lang) job, in order; only cache misses are converted."""
    cache = cache or BuildCache(None)
    keys = [body_key(text, lang, raw_html) for text, lang in jobs] if cache.enabled else []
    found = [cache.get(NAMESPACE, key) for key in keys] if keys else [None] * len(jobs)
    results = [data.decode("utf-8") if data is not None else None for data in found]
    todo = [index for index, html in enumerate(results) if html is None]
    size = sum(len(jobs[index][0]) for index in todo)
    converted = map_ordered(_convert, [(*jobs[i], raw_html) for i in todo],
                            workers if size >= MIN_MARKDOWN_BYTES else 1)
    for index, html in zip(todo, converted):
        results[index] = html
        if keys:
            cache.put(NAMESPACE, keys[index], html.encode("utf-8"))
    return results  # type: ignore[return-value]


def _convert(job: tuple[str, str, bool]) -> str:
    return render_markdown(*job)
