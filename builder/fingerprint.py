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


def fingerprint(value: Any, memo: dict[int, tuple[Any, bytes]]) -> str | None:
    hasher = hashlib.blake2b(digest_size=20)
    try:
        _feed(hasher.update, value, memo)
    except Untrusted:
        return None
    return hasher.hexdigest()


def _feed(update: Any, value: Any, memo: dict[int, tuple[Any, bytes]]) -> None:
    kind = type(value)
    if kind is str:
        data = value.encode("utf-8", "surrogatepass")
        update(b"s%d:" % len(data))
        update(data)
    elif kind in _CLASSES:
        update(b"o")
        update(_dataclass_digest(value, memo))
    elif kind is dict:
        update(b"d%d:" % len(value))
        for key, element in value.items():  # in order: templates may loop over a dict
            if type(key) is str:
                data = key.encode("utf-8", "surrogatepass")
                update(b"s%d:" % len(data))
                update(data)
            else:
                _feed(update, key, memo)
            if type(element) is str:
                data = element.encode("utf-8", "surrogatepass")
                update(b"s%d:" % len(data))
                update(data)
            else:
                _feed(update, element, memo)
    elif kind is list or kind is tuple:
        update(b"l%d:" % len(value))
        for element in value:
            if type(element) is str:
                data = element.encode("utf-8", "surrogatepass")
                update(b"s%d:" % len(data))
                update(data)
            else:
                _feed(update, element, memo)
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
        for digest in sorted(_digest(element, memo) for element in value):
            update(digest)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        update(b"o")
        update(_dataclass_digest(value, memo))
    elif isinstance(value, tuple) and hasattr(value, "_fields"):  # a NamedTuple
        update(b"n" + kind.__qualname__.encode() + b"%d:" % len(value))
        for element in value:
            _feed(update, element, memo)
    else:
        raise Untrusted(kind.__qualname__)


_CLASSES: dict[type, tuple[bool, bytes, tuple[tuple[str, bytes], ...]]] = {}


def _dataclass_digest(value: Any, memo: dict[int, tuple[Any, bytes]]) -> bytes:
    kind = type(value)
    if kind not in _CLASSES:
        _CLASSES[kind] = (kind.__dataclass_params__.frozen,  # type: ignore[attr-defined]
                          f"{kind.__module__}.{kind.__qualname__}".encode(),
                          tuple((item.name, item.name.encode() + b"=") for item in dataclasses.fields(value)))
    frozen, name, fields = _CLASSES[kind]
    if frozen:
        found = memo.get(id(value))
        if found is not None:
            return found[1]
    hasher = hashlib.blake2b(name, digest_size=20)
    update = hasher.update
    for attribute, label in fields:
        update(label)
        _feed(update, getattr(value, attribute), memo)
    digest = hasher.digest()
    if frozen:
        _remember(memo, value, digest)
    return digest


def _remember(memo: dict[int, tuple[Any, bytes]], value: Any, digest: bytes) -> None:
    """Keep ``value``'s digest while it lives: weakly, so the short-lived values of each page
    (list entries, links) are not all kept until the build ends, and its entry leaves with it
    before its id can be reused."""
    key = id(value)
    try:
        memo[key] = (weakref.ref(value, lambda _, key=key: memo.pop(key, None)), digest)
    except TypeError:  # a class without weak references (__slots__): kept alive instead
        memo[key] = (value, digest)


def _digest(value: Any, memo: dict[int, tuple[Any, bytes]]) -> bytes:
    hasher = hashlib.blake2b(digest_size=20)
    _feed(hasher.update, value, memo)
    return hasher.digest()
