"""Page keys: a digest of everything a page shows (builder.page_reuse keeps them per output).

A page's key is a digest of its rendering environment (the builder's code,
templates, catalogs, site configuration, asset names) and of its template,
locale and context (builder.fingerprint: every value a template can reach; a
context holding something that is not plain data, a function or an arbitrary
object, cannot be trusted to say, and such a page is always rendered).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from builder.cache import digest
from builder.fingerprint import fingerprint
from builder.uptodate import _code_version

_FOLDERS = ("templates", "locales")


class MissingLog(set):
    """UiStrings.missing that also logs every request for an untranslated string."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.log: list[str] = []

    def add(self, msgid: str) -> None:
        self.log.append(msgid)
        super().add(msgid)


def environment_key(renderer: Any) -> str:
    """Everything outside the context that can change a page."""
    config = renderer.config
    parts: list[str | bytes] = [_code_version(), repr(config), repr(sorted(renderer.assets.published.items())),
                                repr(getattr(renderer, "preview", False)),
                                repr(sorted(getattr(renderer, "globals", {}).items()))]
    for folder in _FOLDERS:
        base = Path(config.root) / folder
        for path in sorted(p for p in base.rglob("*") if p.is_file()) if base.is_dir() else []:
            parts += [path.relative_to(config.root).as_posix(), path.read_bytes()]
    return digest(*parts)


def page_key(environment: str, template: str, locale: str, context: dict[str, Any],
             memo: dict | None = None) -> str | None:
    found = fingerprint(context, {} if memo is None else memo)
    return None if found is None else digest(environment, template, locale, found)
