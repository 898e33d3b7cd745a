"""The directory index: every entry in the language's order, with the filters' options and counts."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable

from babel import Locale

from builder.collation import sort_collated
from builder.ecosystems import ecosystem_label
from builder.fields import ENTRY_TYPES
from builder.model import Entry
from builder.navigation import ListEntry, listed
from builder.site import Site



@dataclass(frozen=True)
class DirectoryRow:
    """One entry of the list; ``marked`` when it is another language's version."""

    item: Entry
    marked: bool
    country_name: str

    @property
    def data(self) -> dict[str, str]:
        """The values the filter script reads (data-* attributes), ids separated by spaces."""
        return {"country": self.item.country, "type": self.item.type,
                "ecosystems": " ".join(self.item.ecosystems), "themes": " ".join(self.item.themes)}


@dataclass(frozen=True)
class FilterOption:
    value: str
    label: str  # for "type", the template translates the value instead
    count: int  # entries with this value in the whole list


def directory_index(site: Site, lang: str) -> dict[str, Any]:
    """Template context of the directory index in ``lang``."""
    locale = site.config.language(lang).locale
    countries = Locale.parse(locale).territories
    rows = [_row(entry, countries) for entry in listed(site, "entry", lang)]
    rows = sort_collated(rows, locale, key=lambda row: row.item.title)
    return {"entries": rows, "total": len(rows), "filters": _filters(site, lang, locale, rows)}


def _row(entry: ListEntry, countries: dict[str, str]) -> DirectoryRow:
    item: Entry = entry.item  # type: ignore[assignment]
    return DirectoryRow(item, entry.marked, countries.get(item.country, item.country))


def _filters(site: Site, lang: str, locale: str, rows: list[DirectoryRow]) -> dict[str, list[FilterOption]]:
    countries = {row.item.country: row.country_name for row in rows}
    theme_titles = {e.item.key: e.item.title for e in listed(site, "theme", lang)}
    return {
        "country": _options(rows, lambda e: [e.country], countries.__getitem__, locale),
        "type": _options(rows, lambda e: [e.type], str, locale, order=ENTRY_TYPES),
        "ecosystem": _options(rows, lambda e: e.ecosystems, lambda i: ecosystem_label(i, locale), locale),
        "theme": _options(rows, lambda e: e.themes, lambda i: theme_titles.get(i, i), locale),
    }


def _options(rows: list[DirectoryRow], values: Callable[[Entry], Any], label: Callable[[str], str],
             locale: str, order: tuple[str, ...] = ()) -> list[FilterOption]:
    """One option per value some entry has, with how many entries have it."""
    counts = Counter(value for row in rows for value in set(values(row.item)))
    options = [FilterOption(value, label(value), count) for value, count in counts.items()]
    if order:
        return sorted(options, key=lambda o: order.index(o.value))
    return sort_collated(options, locale, key=lambda o: o.label)
