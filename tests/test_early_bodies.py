"""Markdown converted by workers while the sources are still being read (builder/bodies.py)."""
from __future__ import annotations

import pytest

from builder import bodies
from builder.bodies import EarlyBodies, convert_bodies, convert_body
from builder.cache import BuildCache

JOBS = [(f"# Heading {n}\n\nParagraph *{n}* with [a link](https://example.org/{n}).\n", lang)
        for n in range(12) for lang in ("nl", "en")]


@pytest.fixture
def converted_in_process(monkeypatch):
    """The jobs convert_bodies converted itself rather than took from the early workers."""
    seen: list = []
    original = bodies.map_ordered

    def recording(function, items, jobs):
        seen.extend(items)
        return original(function, items, jobs)

    monkeypatch.setattr(bodies, "map_ordered", recording)
    monkeypatch.setattr(bodies, "MIN_MARKDOWN_BYTES", 200)  # start the workers after a few bodies
    monkeypatch.setattr(bodies, "EARLY_BATCH_BYTES", 300)
    return seen


def test_bodies_sent_early_are_converted_by_the_workers_and_equal_the_plain_conversion(converted_in_process):
    early = EarlyBodies(None, 2)
    try:
        for text, lang in JOBS:
            early.add(text, lang, True)
        assert early.pool is not None and len(early.sent) > 2  # started while bodies were still coming
        results = convert_bodies(JOBS, True, None, 2, early)
    finally:
        early.close()
    assert results == [convert_body(text, lang, True) for text, lang in JOBS]
    assert converted_in_process == []  # nothing left over for convert_bodies to do
    assert early.pool is None


def test_a_body_not_sent_early_is_still_converted(converted_in_process):
    early = EarlyBodies(None, 2)
    try:
        for text, lang in JOBS[:-1]:
            early.add(text, lang, True)
        results = convert_bodies(JOBS, True, None, 2, early)
    finally:
        early.close()
    assert results[-1] == convert_body(*JOBS[-1], True)
    assert [job[:2] for job in converted_in_process] == [JOBS[-1]]


def test_one_worker_or_a_body_in_the_cache_sends_nothing(converted_in_process, tmp_path):
    single = EarlyBodies(None, 1)
    for text, lang in JOBS:
        single.add(text, lang, True)
    assert single.pool is None and not single.pending
    cache = BuildCache(tmp_path / "cache")
    convert_bodies(JOBS, True, cache, 1)  # fills the cache
    warm = EarlyBodies(cache, 2)
    for text, lang in JOBS:
        warm.add(text, lang, True)
    assert warm.pool is None and not warm.pending
    assert convert_bodies(JOBS, True, cache, 2, warm) == [convert_body(t, lang, True) for t, lang in JOBS]
