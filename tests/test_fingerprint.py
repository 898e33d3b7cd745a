"""The context digest that keys cached and remembered pages."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from markupsafe import Markup

from builder.fingerprint import fingerprint


@dataclass(frozen=True)
class Story:
    title: str
    body: str
    tags: tuple[str, ...] = ()


@dataclass
class Box:
    items: list


def test_equal_data_gives_equal_digests_and_any_difference_another():
    base = {"item": Story("A", "<p>x</p>", ("wind",)), "when": datetime(2024, 1, 1, tzinfo=timezone.utc)}
    same = {"item": Story("A", "<p>x</p>", ("wind",)), "when": datetime(2024, 1, 1, tzinfo=timezone.utc)}
    assert fingerprint(base, {}) == fingerprint(same, {})
    for changed in ({**base, "item": Story("A", "<p>y</p>", ("wind",))},
                    {**base, "item": Story("A", "<p>x</p>", ("sun",))},
                    {**base, "when": datetime(2024, 1, 2, tzinfo=timezone.utc)},
                    {"when": base["when"], "item": base["item"]},  # order: templates may loop over it
                    {**base, "extra": None}):
        assert fingerprint(changed, {}) != fingerprint(base, {})


def test_markup_and_plain_text_differ_and_so_do_nested_shapes():
    assert fingerprint(Markup("<b>x</b>"), {}) != fingerprint("<b>x</b>", {})
    assert fingerprint([["a"], "b"], {}) != fingerprint([["a", "b"]], {})
    assert fingerprint(("ab", "c"), {}) != fingerprint(("a", "bc"), {})


def test_frozen_objects_are_digested_once_per_memo_but_mutable_ones_every_time():
    memo: dict = {}
    story = Story("A", "x")
    first = fingerprint([story, story], memo)
    assert list(memo) == [id(story)]
    box = Box([1])
    before = fingerprint(box, memo)
    box.items.append(2)
    assert fingerprint(box, memo) != before
    assert fingerprint([story, story], memo) == first


def test_a_context_holding_a_function_or_an_object_is_not_trusted():
    assert fingerprint({"f": len}, {}) is None
    assert fingerprint({"x": [object()]}, {}) is None


def test_the_memo_lets_short_lived_objects_go_and_forgets_them_with_their_id():
    import gc
    import weakref

    memo: dict = {}
    kept = Story("kept", "x")
    fingerprint([kept], memo)
    for number in range(200):  # a page's list entries: made, digested, dropped
        passing = Story(f"page {number}", "x")
        watch = weakref.ref(passing)
        digest = fingerprint(passing, memo)
        del passing
        gc.collect()
        assert watch() is None
        again = Story(f"other {number}", "y")  # may well get the freed id
        assert fingerprint(again, memo) != digest
        del again
    assert id(kept) in memo and len(memo) <= 2
