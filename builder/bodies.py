"""Markdown bodies for a whole build: from the cache where possible, else converted in parallel.

A converted body is its HTML and its reading time (builder.reading), counted
by the worker that converts it: counted later, it was serial work in a cold
build and a render worker's work in every build.

Conversion is a pure function of (text, language, raw_html) and of the code and
extension versions that ``SALT`` names, so its result is stored under the hash
of exactly those. The results live in one file per first digit of their
key (16 files), not one file each: opening and writing thousands of small files cost a
warm build about a second at 3,000 articles, ten at 30,000. An edit rewrites
one pack.
"""
from __future__ import annotations

import pickle
from concurrent.futures import Future, ProcessPoolExecutor

import markdown

from builder.cache import BuildCache, code_version, digest
from builder.markdown_render import render_markdown
from builder.reading import reading_minutes
from builder.workers import MIN_MARKDOWN_BYTES, fork_context, map_ordered

NAMESPACE = "markdown"
EARLY_BATCH_BYTES = 128_000  # bodies sent to a worker at once: few messages, yet no worker waits long
# The extensions and their configuration live in markdown_render (anchors: slugs).
SALT = digest(code_version("markdown_render", "slugs", "reading"), markdown.__version__)
Body = tuple[str, int]  # (HTML with @/ links unresolved, reading minutes)


def convert_body(text: str, lang: str, raw_html: bool) -> Body:
    html = render_markdown(text, lang, raw_html)
    return html, reading_minutes(html)


def body_key(text: str, lang: str, raw_html: bool) -> str:
    return digest(SALT, lang, "raw" if raw_html else "escaped", text)


def convert_bodies(jobs: list[tuple[str, str]], raw_html: bool, cache: BuildCache | None = None,
                   workers: int = 1, early: EarlyBodies | None = None) -> list[Body]:
    """The converted body of each (markdown, lang) job, in order; only cache misses are converted.

    Those ``early`` converted while the sources were read are taken from it.
    """
    cache = cache or BuildCache(None)
    packs = early.packs if early else BodyPacks(cache)
    keys = [body_key(text, lang, raw_html) for text, lang in jobs] if cache.enabled else []
    results = [packs.get(key) for key in keys] if keys else [None] * len(jobs)
    converted_early = early.results() if early else {}
    todo = []
    for index, job in enumerate(jobs):
        if results[index] is None:
            results[index] = converted_early.get((*job, raw_html))
            if results[index] is None:
                todo.append(index)
            elif keys:
                packs.add(keys[index], results[index])  # type: ignore[arg-type]
    size = sum(len(jobs[index][0]) for index in todo)
    converted = map_ordered(_convert, [(*jobs[i], raw_html) for i in todo],
                            workers if size >= MIN_MARKDOWN_BYTES else 1)
    for index, body in zip(todo, converted):
        results[index] = body
        if keys:
            packs.add(keys[index], body)
    packs.save(set(keys))
    return results  # type: ignore[return-value]


class BodyPacks:
    """Converted bodies by key, in one cache entry per first digit of the key."""

    def __init__(self, cache: BuildCache) -> None:
        self.cache = cache
        self.loaded: dict[str, dict[str, Body]] = {}
        self.changed: set[str] = set()

    def _pack(self, digit: str) -> dict[str, Body]:
        if digit not in self.loaded:
            data = self.cache.get(NAMESPACE, _pack_key(digit))
            try:
                found = pickle.loads(data) if data is not None else {}
            except Exception:  # a damaged pack is a miss of everything in it
                found = {}
            self.loaded[digit] = found if isinstance(found, dict) else {}
        return self.loaded[digit]

    def get(self, key: str) -> Body | None:
        return self._pack(key[0]).get(key)

    def add(self, key: str, body: Body) -> None:
        self._pack(key[0])[key] = body
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


class EarlyBodies:
    """Bodies converted by worker processes while the rest of the site is still being read.

    Reading and checking 4,500 sources takes a second of one core before any
    Markdown could start; the workers start as soon as the bodies not in the
    cache add up to enough to pay for them, and convert while this process
    reads on. Bodies of drafts a build will leave out are not sent (the
    caller decides); the rare one that turns out unpublished (dated in the
    future) was converted for nothing. Results are looked up by (markdown,
    language, raw_html), so what the site keeps is the same with or without this.
    """

    def __init__(self, cache: BuildCache | None, workers: int) -> None:
        self.workers = workers
        self.cache = cache or BuildCache(None)
        self.packs = BodyPacks(self.cache)
        self.pending: list[tuple[str, str, bool]] = []
        self.pending_bytes = 0
        self.seen: set[tuple[str, str, bool]] = set()
        self.sent: list[tuple[list[tuple[str, str, bool]], Future]] = []
        self.pool: ProcessPoolExecutor | None = None

    def close(self) -> None:
        """Stop the workers; what they have not converted yet is dropped."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def add(self, markdown_text: str, lang: str, raw_html: bool) -> None:
        job = (markdown_text, lang, raw_html)
        if self.workers <= 1 or not markdown_text or job in self.seen:
            return
        self.seen.add(job)
        if self.cache.enabled and self.packs.get(body_key(*job)) is not None:
            return
        self.pending.append(job)
        self.pending_bytes += len(markdown_text)
        if self.pool is None and self.pending_bytes >= MIN_MARKDOWN_BYTES:
            self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=fork_context())
        if self.pool is not None and self.pending_bytes >= EARLY_BATCH_BYTES:
            self._send()

    def _send(self) -> None:
        """Send what is pending in batches of about EARLY_BATCH_BYTES (the first send holds many)."""
        batch: list[tuple[str, str, bool]] = []
        size = 0
        for number, job in enumerate(self.pending, 1):
            batch.append(job)
            size += len(job[0])
            if size >= EARLY_BATCH_BYTES or number == len(self.pending):
                self.sent.append((batch, self.pool.submit(_convert_batch, batch)))  # type: ignore[union-attr]
                batch, size = [], 0
        self.pending, self.pending_bytes = [], 0

    def results(self) -> dict[tuple[str, str, bool], Body]:
        """HTML of every body converted early; the rest (too few to send) is left to the caller."""
        if self.pool is not None and self.pending:
            self._send()
        done = {job: body for jobs, future in self.sent for job, body in zip(jobs, future.result())}
        self.close()
        return done


def _convert_batch(batch: list[tuple[str, str, bool]]) -> list[Body]:
    return [convert_body(*job) for job in batch]


def _pack_key(digit: str) -> str:
    return digest("markdown bodies 2", digit)  # 2: (HTML, reading minutes), no longer the HTML alone


def _convert(job: tuple[str, str, bool]) -> Body:
    return convert_body(*job)
