"""Per-build memoisation of pure template filters (Babel formatting is slow and repeats a lot).

A list page shows the same dates as the article pages, in the same locale, so
each (filter, value) pair is formatted once per build and language.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable

import jinja2

# Filters whose result depends only on their argument (and the environment's fixed locale).
PURE_FILTERS = ("date_long", "date_medium", "datetime_long", "number", "country", "ecosystem",
                "language_name")


def memoize_filters(env: jinja2.Environment, names: Iterable[str] = PURE_FILTERS) -> None:
    for name in names:
        if name in env.filters:
            env.filters[name] = _memoized(env.filters[name])


def _memoized(function: Callable[[Any], Any]) -> Callable[[Any], Any]:
    results: dict[Any, Any] = {}

    def filter_(value: Any) -> Any:
        try:
            # Equal datetimes in other timezones are distinct inputs: keep the zone in the key.
            key = (type(value), value, getattr(value, "tzinfo", None))
            return results[key]
        except KeyError:
            result = results[key] = function(value)
            return result
        except TypeError:  # unhashable: nothing to remember
            return function(value)
    return filter_
