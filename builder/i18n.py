"""UI strings: gettext catalogs under locales/, compiled in memory at build time.

Templates are written in English, so English needs no catalog. For every other
locale, a string without a translation is reported once (a warning, or an
error under --strict) and shown in English. The report points at the string's
``msgid`` line when the catalog has it untranslated or marked fuzzy, and at the
catalog when ``builder i18n update`` has yet to add it.
"""
from __future__ import annotations

import gettext
import io
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from builder.errors import BuildError

LOCALES_DIR = "locales"
DOMAIN = "messages"
SOURCE_LOCALE = "en"


def catalog_path(root: Path, locale: str) -> Path:
    return root / LOCALES_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


@dataclass
class UiStrings:
    """Compiled translations for one locale, remembering what was missing."""

    locale: str
    translations: gettext.NullTranslations
    known: frozenset[str]
    missing: set[str] = field(default_factory=set)
    # The msgid line of each string the catalog holds without a usable translation: (line, fuzzy).
    unfinished: dict[str, tuple[int, bool]] = field(default_factory=dict)

    def _check(self, msgid: str) -> None:
        if self.locale != SOURCE_LOCALE and msgid not in self.known:
            self.missing.add(msgid)

    def gettext(self, message: str) -> str:
        self._check(message)
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        self._check(singular)
        return self.translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        self._check(f"{context}\x04{message}")
        return self.translations.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        self._check(f"{context}\x04{singular}")
        return self.translations.npgettext(context, singular, plural, n)


def load_ui_strings(root: Path, locale: str) -> UiStrings:
    """Compile ``locales/<locale>/LC_MESSAGES/messages.po`` (no .mo file is written)."""
    path = catalog_path(root, locale)
    if not path.is_file():
        return UiStrings(locale, gettext.NullTranslations(), frozenset())
    shown = path.relative_to(root).as_posix()
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale, abort_invalid=True)
    except Exception as exc:  # babel raises PoFileError and friends
        line = getattr(exc, "lineno", 1) or 1
        raise BuildError(shown, line, f"invalid catalog: {exc}") from None
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    known = frozenset(_msgid_key(m) for m in catalog if m.id and _translated(m))
    unfinished = {_msgid_key(m): (m.lineno or 1, m.fuzzy) for m in catalog if m.id and not _translated(m)}
    return UiStrings(locale, gettext.GNUTranslations(buffer), known, unfinished=unfinished)


def _msgid_key(message) -> str:
    msgid = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
    return f"{message.context}\x04{msgid}" if message.context else msgid


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, (tuple, list)) else [message.string]
    return not message.fuzzy and all(strings)


def missing_report(root: Path, strings: list[UiStrings]) -> list[tuple[str, int, str]]:
    """(catalog path, line, message) for each string missing in a locale, sorted."""
    report = []
    for ui in strings:
        shown = catalog_path(root, ui.locale).relative_to(root).as_posix()
        for msgid in sorted(ui.missing):
            text = msgid.split("\x04")[-1]
            line, fuzzy = ui.unfinished.get(msgid, (1, False))
            if fuzzy:
                advice = "its translation is marked fuzzy: check the msgstr and remove the '#, fuzzy' line"
            elif msgid in ui.unfinished:
                advice = "write the translation in its msgstr"
            else:
                advice = "run 'builder i18n update' and translate it"
            report.append((shown, line, f"UI string '{text}' has no translation in locale '{ui.locale}'; "
                                        f"{advice}"))
    return report


def extract_messages(root: Path) -> Catalog:
    """Every translatable string in templates/, as a Babel catalog template."""
    catalog = Catalog(project="builder", charset="utf-8")
    method_map = [("**.html", "jinja2"), ("**.xml", "jinja2")]
    options = {"**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"},
               "**.xml": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
    for filename, lineno, message, comments, context in extract_from_dir(
            root / "templates", method_map, options, keywords={"_": None, "gettext": None,
                                                                "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}):
        catalog.add(message, locations=[(f"templates/{filename}", lineno)], auto_comments=comments,
                    context=context)
    return catalog


def write_template(root: Path, catalog: Catalog) -> Path:
    path = root / LOCALES_DIR / f"{DOMAIN}.pot"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, sort_output=True)
    return path


def update_catalogs(root: Path, locales: list[str]) -> list[Path]:
    """Merge the extracted strings into each locale's catalog, creating missing ones."""
    template = extract_messages(root)
    written = [write_template(root, template)]
    for locale in locales:
        if locale == SOURCE_LOCALE:
            continue
        path = catalog_path(root, locale)
        if path.is_file():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=locale)
            catalog.update(template, update_header_comment=False)
        else:
            catalog = Catalog(locale=locale, charset="utf-8")
            catalog.update(template)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, sort_output=True, ignore_obsolete=True)
        written.append(path)
    return written
