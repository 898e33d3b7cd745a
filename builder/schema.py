"""Declarative field definitions and the validator that checks YAML against them.

The same definitions serve the builder's validation and the JSON Schema that
editors use, so the two cannot disagree.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable

from babel import Locale

from builder.errors import BuildError
from builder.slugs import segment_problem
from builder.yamlread import LineDict, LineList

# CLDR also names regions that are not ISO 3166-1 countries: reserved codes
# (EU, UN, EZ, IC ...), pseudo-regions (XA, XB, ZZ, QO) and user-assigned XK.
_NOT_ISO = frozenset({"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"})
COUNTRIES = frozenset(code for code in Locale("en").territories
                      if re.fullmatch(r"[A-Z]{2}", code) and code not in _NOT_ISO)
# Codes authors write that are not ISO: the UK's own, and the EU's code for Greece.
_COUNTRY_ALIASES = {"UK": "GB", "EL": "GR"}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Field:
    """One allowed key: its kind, whether it is required, and whether translations inherit it."""

    name: str
    kind: str
    required: bool = False
    inherited: bool = False
    choices: tuple[str, ...] = ()
    spec: tuple["Field", ...] = ()  # for kind "mapping" and "list_of"
    doc: str = ""
    not_before: str = ""  # for dates: the field of the same mapping this one may not come before


Spec = tuple[Field, ...]


def closest(word: str, options: list[str]) -> str | None:
    """The valid name an author most likely meant."""
    match = difflib.get_close_matches(str(word), options, n=1, cutoff=0.6)
    return match[0] if match else None


def unknown_key_message(key: Any, options: list[str], what: str = "field") -> str:
    guess = closest(str(key), options)
    if guess:
        return f"unknown {what} '{key}'; did you mean '{guess}'?"
    return f"unknown {what} '{key}'; valid {what}s are: {', '.join(sorted(options))}"


def validate(data: Any, spec: Spec, path: str, line: int, errors: list[BuildError],
             defer_inherited: bool = False) -> dict:
    """Check ``data`` against ``spec``; collect every problem; return the clean values.

    With ``defer_inherited``, a required field that translations inherit may be
    absent here: whether some version gives it is checked once groups are known.
    """
    if not isinstance(data, LineDict):
        errors.append(BuildError(path, line, "expected fields written as 'name: value'"))
        return {}
    by_name = {f.name: f for f in spec}
    clean: dict[str, Any] = {}
    for key, value in data.items():
        key_line = data.line_of(key)
        field = by_name.get(key)
        if field is None:
            errors.append(BuildError(path, key_line, unknown_key_message(key, list(by_name))))
            continue
        try:
            clean[key] = check_value(field, value, path, key_line, errors)
        except BuildError as exc:
            errors.append(exc)
    for field in spec:
        if field.required and field.name not in data and not (defer_inherited and field.inherited):
            errors.append(BuildError(path, data.line, f"missing required field '{field.name}'"))
        if field.not_before and field.name in clean and field.not_before in clean:
            first, last = clean[field.not_before], clean[field.name]
            if _day(last) < _day(first):
                errors.append(BuildError(path, data.line_of(field.name), (
                    f"field '{field.name}' ({last}) is before '{field.not_before}' ({first}); "
                    f"swap them, or correct the one that is wrong")))
    return clean


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def check_value(field: Field, value: Any, path: str, line: int, errors: list[BuildError]) -> Any:
    """Convert one value to its Python form or raise BuildError saying what is expected."""
    if field.kind == "mapping":
        return validate(value, field.spec, path, line, errors)
    if field.kind == "list_of":
        items = _expect_list(field, value, path, line)
        return [validate(item, field.spec, path, items.line_of(i), errors) for i, item in enumerate(items)]
    checker = _CHECKERS[field.kind]
    return checker(field, value, path, line)


def _fail(field: Field, path: str, line: int, expected: str, value: Any) -> BuildError:
    return BuildError(path, line, f"field '{field.name}' must be {expected}, not {_show(value)}")


def _show(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (dict, list)):
        return "a list" if isinstance(value, list) else "a mapping"
    return repr(str(value))


def _text(field: Field, value: Any, path: str, line: int) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        raise _fail(field, path, line, "text", value)
    text = str(value).strip()
    if not text:
        raise _fail(field, path, line, "text", None)
    return text


def _slug(field: Field, value: Any, path: str, line: int) -> str:
    text = _text(field, value, path, line)
    problem = segment_problem(text)
    if problem:
        raise BuildError(path, line, f"field '{field.name}' must be a single URL segment: "
                         f"'{text}' {problem}")
    return text


def parse_date(text: str) -> date | datetime:
    """ISO date or date-time; raises ValueError with Python's reason."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return date.fromisoformat(text)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?", text):
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    raise ValueError("write it as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+01:00")


def _date(field: Field, value: Any, path: str, line: int) -> date | datetime:
    text = _text(field, value, path, line)
    try:
        parsed = parse_date(text)
    except ValueError as exc:
        reason = str(exc)
        raise BuildError(path, line, f"field '{field.name}': '{text}' is not a valid date ({reason})") from None
    if not 1000 <= parsed.year <= 9998:  # leaves room to shift any moment to any timezone
        raise BuildError(path, line, f"field '{field.name}': '{text}' lies outside the years 1000 to 9998")
    return parsed


def _year_or_date(field: Field, value: Any, path: str, line: int) -> int | date | datetime:
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return value
    return _date(field, value, path, line)


def _integer(field: Field, value: Any, path: str, line: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _fail(field, path, line, "a whole number of 0 or more", value)
    return value


def _positive(field: Field, value: Any, path: str, line: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _fail(field, path, line, "a whole number of 1 or more", value)
    return value


def _boolean(field: Field, value: Any, path: str, line: int) -> bool:
    if not isinstance(value, bool):
        raise _fail(field, path, line, "true or false", value)
    return value


def _url(field: Field, value: Any, path: str, line: int) -> str:
    text = _text(field, value, path, line)
    if not re.fullmatch(r"https?://[^\s/?#]+\.[^\s/?#]+(/[^\s]*)?|https?://localhost(:\d+)?(/[^\s]*)?", text):
        raise BuildError(path, line, f"field '{field.name}' must be an absolute http(s) URL "
                         f"such as https://example.org/, not '{text}'")
    return text


def _email(field: Field, value: Any, path: str, line: int) -> str:
    text = _text(field, value, path, line)
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
        raise _fail(field, path, line, "an e-mail address", value)
    return text


def _country(field: Field, value: Any, path: str, line: int) -> str:
    text = _text(field, value, path, line)
    if text not in COUNTRIES:
        hint = _country_hint(text)
        raise BuildError(path, line, f"field '{field.name}': '{text}' is not an ISO 3166-1 alpha-2 "
                         f"country code (such as BE, NL, NO){hint}")
    return text


def _country_hint(text: str) -> str:
    upper = text.upper()
    guess = _COUNTRY_ALIASES.get(upper) or (upper if upper in COUNTRIES else None)
    return f"; did you mean '{guess}'?" if guess else ""


def _choice(field: Field, value: Any, path: str, line: int) -> str:
    text = _text(field, value, path, line)
    if text not in field.choices:
        guess = closest(text, list(field.choices))
        hint = f"; did you mean '{guess}'?" if guess else f"; choose one of: {', '.join(field.choices)}"
        raise BuildError(path, line, f"field '{field.name}': unknown value '{text}'{hint}")
    return text


def _expect_list(field: Field, value: Any, path: str, line: int) -> LineList:
    if not isinstance(value, LineList):
        raise _fail(field, path, line, "a list", value)
    return value


def _ids(field: Field, value: Any, path: str, line: int) -> list[str]:
    items = _expect_list(field, value, path, line)
    ids = []
    for index, item in enumerate(items):
        item_line = items.line_of(index)
        text = _text(field, item, path, item_line)
        if not _ID.match(text):
            raise BuildError(path, item_line, f"field '{field.name}': '{text}' is not an id "
                             "(lower-case letters, digits and '-')")
        ids.append(text)
    return ids


def _text_list(field: Field, value: Any, path: str, line: int) -> list[str]:
    items = _expect_list(field, value, path, line)
    return [_text(field, item, path, items.line_of(i)) for i, item in enumerate(items)]


_CHECKERS: dict[str, Callable[[Field, Any, str, int], Any]] = {
    "text": _text,
    "markdown": _text,
    "slug": _slug,
    "date": _date,
    "year_or_date": _year_or_date,
    "integer": _integer,
    "positive": _positive,
    "boolean": _boolean,
    "url": _url,
    "email": _email,
    "country": _country,
    "choice": _choice,
    "ids": _ids,
    "texts": _text_list,
    "asset": _text,
}
