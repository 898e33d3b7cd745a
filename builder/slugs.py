"""URL slugs: lower-case ASCII single path segments, transliterated per language."""
from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose into base letter + accent.
_COMMON = {"æ": "ae", "ø": "o", "å": "a", "ß": "ss", "œ": "oe", "ł": "l", "đ": "d", "þ": "th", "ð": "d"}
# Per-language exceptions to the common table (German would write ä as ae).
_BY_LANGUAGE: dict[str, dict[str, str]] = {
    "de": {"ä": "ae", "ö": "oe", "ü": "ue"},
}
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# Characters a URL path segment, a file name and an HTML attribute all take as they are.
_SAFE_SEGMENT = re.compile(r"[\w.~-]+")


def transliterate(text: str, lang: str = "") -> str:
    """Lower-case ASCII rendering of ``text`` as a speaker of ``lang`` would spell it."""
    table = {**_COMMON, **_BY_LANGUAGE.get(lang, {})}
    lowered = "".join(table.get(ch, ch) for ch in text.lower())
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).encode("ascii", "ignore").decode()


def slugify(text: str, lang: str = "") -> str:
    """``Grønn industri på Herøya`` -> ``gronn-industri-pa-heroya`` (idempotent)."""
    return _NOT_SLUG.sub("-", transliterate(text, lang)).strip("-")


def anchor_slugify(lang: str):
    """A Python-Markdown toc ``slugify`` callable for one language."""
    def _slugify(value: str, separator: str) -> str:
        return slugify(value, lang).replace("-", separator) or "section"
    return _slugify


def segment_problem(text: str) -> str | None:
    """Why ``text`` cannot be one URL path segment (and one folder name), or None when it can."""
    if "/" in text or "\\" in text or ".." in text:
        return "contains '/', '\\' or '..'"
    if not _SAFE_SEGMENT.fullmatch(text) or not text.strip("."):
        return "may contain only letters, digits, '-', '_', '.' and '~'"
    return None
