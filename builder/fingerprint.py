"""A digest of a page's template context: what the page cache and the preview key pages by.

``repr`` of every context did the job but printed 500 MB of text for 5,000
pages, since an article's body reappears in every list showing it. Here each
frozen dataclass (items, configuration, page references) is digested once per
``memo`` and reused wherever it appears again; mutable lists and dicts are
walked every time, so sharing them between pages is never a risk. A value of a
type not known to be plain data (a function, an arbitrary object) makes the
whole context untrustworthy: None, and the page is always rendered.

Strings, most of what is walked, are framed by their length and a type tag;
plain ones are handled inline in the loops over dicts and lists (a call per
string was most of the cost).

The walk also tells which items a context holds: the ``source`` of every
dataclass with one (the site's items), also inside memoized values, whose
digest remembers the sources below it. A page whose context holds no item a
body edit touched keeps its digest (builder.page_reuse).
"""
from __future__ import annotations

import dataclasses
import hashlib
import weakref
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import PurePath
from typing import Any

_REPR_ATOMS = (int, float, bool, type(None), date, datetime, time, timedelta, tzinfo, PurePath)


class Untrusted(Exception):
    """The context holds something whose contents its type does not show."""


_NO_SOURCES: frozenset[str] = frozenset()
Memo = dict[int, tuple[Any, bytes, frozenset[str]]]


def fingerprint(value: Any, memo: Memo, uses: set[str] | None = None) -> str | None:
    """The digest of ``value``, None when it holds something untrusted; ``uses`` receives the
    sources of the items found in it."""
    hasher = hashlib.blake2b(digest_size=20)
    try:
        _feed(hasher.update, value, memo, set() if uses is None else uses)
    except Untrusted:
        return None
    return hasher.hexdigest()


def _feed(update: Any, value: Any, memo: Memo, uses: set[str]) -> None:
    kind = type(value)
    if kind is str:
        data = value.encode("utf-8", "surrogatepass")
        update(b"s%d:" % len(data))
        update(data)
    elif kind in _CLASSES:
        update(b"o")
        update(_dataclass_digest(value, memo, uses))
    elif kind is dict:
        update(b"d%d:" % len(value))
        for key, element in value.items():  # in order: templates may loop over a dict
            if type(key) is str:
                data = key.encode("utf-8", "surrogatepass")
                update(b"s%d:" % len(data))
                update(data)
            else:
                _feed(update, key, memo, uses)
            if type(element) is str:
                data = element.encode("utf-8", "surrogatepass")
                update(b"s%d:" % len(data))
                update(data)
            else:
                _feed(update, element, memo, uses)
    elif kind is list or kind is tuple:
        update(b"l%d:" % len(value))
        for element in value:
            if type(element) is str:
                data = element.encode("utf-8", "surrogatepass")
                update(b"s%d:" % len(data))
                update(data)
            else:
                _feed(update, element, memo, uses)
    elif kind is bool or kind is int or value is None:
        update(b"a%s;" % repr(value).encode())
    elif isinstance(value, str):  # Markup and other subclasses: the class name keeps them apart
        data = value.encode("utf-8", "surrogatepass")
        update(b"S%s:%d:" % (kind.__name__.encode(), len(data)))
        update(data)
    elif isinstance(value, _REPR_ATOMS):
        text = repr(value).encode("utf-8")
        update(b"a%d:" % len(text))
        update(text)
    elif isinstance(value, (set, frozenset)):
        update(b"e%d:" % len(value))
        for digest in sorted(_digest(element, memo, uses) for element in value):
            update(digest)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        update(b"o")
        update(_dataclass_digest(value, memo, uses))
    elif isinstance(value, tuple) and hasattr(value, "_fields"):  # a NamedTuple
        update(b"n" + kind.__qualname__.encode() + b"%d:" % len(value))
        for element in value:
            _feed(update, element, memo, uses)
    else:
        raise Untrusted(kind.__qualname__)


# class -> (frozen, name, fields with their labels, has a ``source`` field)
_CLASSES: dict[type, tuple[bool, bytes, tuple[tuple[str, bytes], ...], bool]] = {}


def _dataclass_digest(value: Any, memo: Memo, uses: set[str]) -> bytes:
    kind = type(value)
    if kind not in _CLASSES:
        names = [item.name for item in dataclasses.fields(value)]
        _CLASSES[kind] = (kind.__dataclass_params__.frozen,  # type: ignore[attr-defined]
                          f"{kind.__module__}.{kind.__qualname__}".encode(),
                          tuple((name, name.encode() + b"=") for name in names), "source" in names)
    frozen, name, fields, has_source = _CLASSES[kind]
    if frozen:
        found = memo.get(id(value))
        if found is not None:
            uses.update(found[2])
            return found[1]
    own: set[str] = set() if frozen else uses  # a memoized value remembers the sources below it
    if has_source and type(value.source) is str:
        own.add(value.source)
    hasher = hashlib.blake2b(name, digest_size=20)
    update = hasher.update
    for attribute, label in fields:
        update(label)
        _feed(update, getattr(value, attribute), memo, own)
    digest = hasher.digest()
    if frozen:
        _remember(memo, value, digest, frozenset(own) if own else _NO_SOURCES)
        uses.update(own)
    return digest


def _remember(memo: Memo, value: Any, digest: bytes, sources: frozenset[str]) -> None:
    """Keep ``value``'s digest while it lives: weakly, so the short-lived values of each page
    (list entries, links) are not all kept until the build ends, and its entry leaves with it
    before its id can be reused."""
    key = id(value)
    try:
        memo[key] = (weakref.ref(value, lambda _, key=key: memo.pop(key, None)), digest, sources)
    except TypeError:  # a class without weak references (__slots__): kept alive instead
        memo[key] = (value, digest, sources)


def _digest(value: Any, memo: Memo, uses: set[str]) -> bytes:
    hasher = hashlib.blake2b(digest_size=20)
    _feed(hasher.update, value, memo, uses)
    return hasher.digest()
