"""Markdown bodies for a whole build: from the cache where possible, else converted in parallel.

Conversion is a pure function of (text, language, raw_html) and of the code and
extension versions that ``SALT`` names, so its result is stored under the hash
of exactly those. The results live in one file per first digit of their
key (16 files), not one file each: opening and writing thousands of small files cost a
warm build about a second at 3,000 articles, ten at 30,000. An edit rewrites
one pack.
"""
from __future__ import annotations

import pickle

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
    packs = BodyPacks(cache)
    keys = [body_key(text, lang, raw_html) for text, lang in jobs] if cache.enabled else []
    results = [packs.get(key) for key in keys] if keys else [None] * len(jobs)
    todo = [index for index, html in enumerate(results) if html is None]
    size = sum(len(jobs[index][0]) for index in todo)
    converted = map_ordered(_convert, [(*jobs[i], raw_html) for i in todo],
                            workers if size >= MIN_MARKDOWN_BYTES else 1)
    for index, html in zip(todo, converted):
        results[index] = html
        if keys:
            packs.add(keys[index], html)
    packs.save(set(keys))
    return results  # type: ignore[return-value]


class BodyPacks:
    """Converted bodies by key, in one cache entry per first digit of the key."""

    def __init__(self, cache: BuildCache) -> None:
        self.cache = cache
        self.loaded: dict[str, dict[str, str]] = {}
        self.changed: set[str] = set()

    def _pack(self, digit: str) -> dict[str, str]:
        if digit not in self.loaded:
            data = self.cache.get(NAMESPACE, _pack_key(digit))
            try:
                found = pickle.loads(data) if data is not None else {}
            except Exception:  # a damaged pack is a miss of everything in it
                found = {}
            self.loaded[digit] = found if isinstance(found, dict) else {}
        return self.loaded[digit]

    def get(self, key: str) -> str | None:
        return self._pack(key[0]).get(key)

    def add(self, key: str, html: str) -> None:
        self._pack(key[0])[key] = html
        self.changed.add(key[0])

    def save(self, used: set[str]) -> None:
        """Write the changed packs; bodies this build did not use stay until they outnumber those it did."""
        if not self.cache.enabled:
            return
        for digit, pack in self.loaded.items():
            unused = [key for key in pack if key not in used]
            if len(unused) > len(pack) - len(unused):
                for key in unused:
                    del pack[key]
                self.changed.add(digit)
            if digit in self.changed:
                self.cache.put(NAMESPACE, _pack_key(digit), pickle.dumps(pack, protocol=pickle.HIGHEST_PROTOCOL))


def _pack_key(digit: str) -> str:
    return digest("markdown bodies", digit)


def _convert(job: tuple[str, str, bool]) -> str:
    return render_markdown(*job)
