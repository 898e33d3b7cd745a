"""Translation groups: versions of one item across languages, and what they inherit."""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from builder.config import SiteConfig
from builder.content import RawItem
from builder.errors import Diagnostics
from builder.fields import ARTICLE, ENTRY, INHERITED, comparable

Groups = dict[tuple[str, str], dict[str, RawItem]]
_REQUIRED_INHERITED = {
    "article": tuple(f.name for f in ARTICLE if f.required and f.inherited),
    "entry": tuple(f.name for f in ENTRY if f.required and f.inherited),
    "page": (),
}
_WHAT = {"article": "article", "entry": "directory entry", "page": "page"}


def group_items(config: SiteConfig, items: list[RawItem], diagnostics: Diagnostics) -> Groups:
    """Group versions by (kind, key); two versions in one language are an error."""
    groups: Groups = defaultdict(dict)
    order = {code: i for i, code in enumerate(config.codes)}
    for item in sorted(items, key=lambda i: (i.kind, i.key, order[i.lang], i.source)):
        group = groups[(item.kind, item.key)]
        if item.lang in group:
            first = group[item.lang]
            diagnostics.error(item.source, item.lines.get("translation_key", item.line),
                              f"two {_WHAT[item.kind]}s in '{item.lang}' have the translation key "
                              f"'{item.key}': {first.source} and {item.source}; give one of them "
                              "another translation_key")
            continue
        group[item.lang] = item
    return dict(groups)


def inherit_fields(groups: Groups, diagnostics: Diagnostics) -> None:
    """Fill each version's missing shared fields from the version that gives them."""
    for (kind, _key), versions in groups.items():
        for name in INHERITED[kind]:
            given = [item for item in versions.values() if name in item.fields]
            if not given:
                continue
            first = given[0]
            for other in given[1:]:
                if comparable(name, other.fields[name]) != comparable(name, first.fields[name]):
                    there, here = _difference(name, first.fields[name], other.fields[name])
                    diagnostics.error(
                        other.source, other.lines.get(name, other.line),
                        f"field '{name}' differs between translations: {there} in "
                        f"{first.source}, {here} here; give it in one version "
                        "only, or the same in each")
            for item in versions.values():
                item.fields.setdefault(name, first.fields[name])
        for item in versions.values():
            for name in _REQUIRED_INHERITED[kind]:
                if name not in item.fields:
                    diagnostics.error(item.source, item.line, f"missing required field '{name}' "
                                      "(no translation gives it either)")


def _difference(name: str, there: Any, here: Any) -> tuple[str, str]:
    """How two versions' values differ, shown as briefly as names the difference.

    Lists of events are compared by count, then by the first field that differs
    in the first event that does: both whole lists were unreadable in one line.
    """
    if name == "events" and isinstance(there, list) and isinstance(here, list):
        if len(there) != len(here):
            return f"{len(there)} events", f"{len(here)}"
        for number, (a, b) in enumerate(zip(there, here), 1):
            for key in ("start", "end", "country"):
                if a.get(key) != b.get(key):  # the fields of an event that comparable() holds
                    shown = [_show(event[key]) if key in event else "none" for event in (a, b)]
                    return f"event {number}'s '{key}' is {shown[0]}", shown[1]
    return _show(there), _show(here)


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, date):
        return f"'{value.isoformat()}'"
    return f"'{value}'"
