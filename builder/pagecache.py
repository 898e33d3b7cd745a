"""Rendered pages in the build cache, keyed by everything a page shows.

A page's key is a digest of its rendering environment (the builder's code,
templates, catalogs, site configuration, asset names) and of its template,
locale and context (builder.fingerprint: every value a template can reach; a
context holding something that is not plain data, a function or an arbitrary
object, cannot be trusted to say, and such a page is always rendered). An entry also keeps the UI strings
the page asked for without a translation, so warnings are the same whether a
page came from the cache or not.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from builder.cache import BuildCache, digest
from builder.fingerprint import fingerprint
from builder.uptodate import _code_version

NAMESPACE = "pages"
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


class PageCache:
    """Get or render pages; ``cache`` None (or disabled) renders every time."""

    def __init__(self, renderer: Any, cache: BuildCache | None) -> None:
        self.renderer = renderer
        self.cache = cache if cache is not None and cache.enabled else None
        self.environment = environment_key(renderer) if self.cache else ""
        self.memo: dict = {}  # builder.fingerprint's, shared by the pages of this build
        if self.cache:
            for ui in renderer.ui.values():
                if not isinstance(ui.missing, MissingLog):
                    ui.missing = MissingLog(ui.missing)

    def used(self) -> set[str]:
        """Keys of the entries this process asked for or stored."""
        return set(self.cache.used.get(NAMESPACE, ())) if self.cache else set()

    def remember_used(self, keys: set[str]) -> None:
        if self.cache:
            self.cache.used.setdefault(NAMESPACE, set()).update(keys)

    def render(self, template: str, locale: str, context: dict[str, Any]) -> str:
        """The page's HTML; raises BuildError as Renderer.render does."""
        if self.cache is None:
            return self.renderer.render(template, locale, context)
        key = page_key(self.environment, template, locale, context, self.memo)
        found = self.cache.get(NAMESPACE, key) if key else None
        if found is not None:
            head, _, html = found.partition(b"\n")
            try:
                self.renderer.ui[locale].missing.update(json.loads(head))
                return html.decode("utf-8")
            except (ValueError, UnicodeDecodeError):
                pass  # a damaged entry: render again
        log = self.renderer.ui[locale].missing.log
        start = len(log)
        html = self.renderer.render(template, locale, context)
        if key:
            asked = sorted(set(log[start:]))
            self.cache.put(NAMESPACE, key, json.dumps(asked).encode("utf-8") + b"\n" + html.encode("utf-8"))
        return html
