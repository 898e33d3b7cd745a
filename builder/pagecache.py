"""Page keys: a digest of everything a page shows (builder.page_reuse keeps them per output).

A page's key is a digest of the settings every page shares (the builder's code,
the site configuration, asset names), of the templates that page's template
reaches through extends, include and import, of the catalog of its locale, and
of its context (builder.fingerprint: every value a template can reach; a
context holding something that is not plain data, a function or an arbitrary
object, cannot be trusted to say, and such a page is always rendered). So a
changed ``entry.html`` re-renders entry pages only, and a changed Dutch catalog
the Dutch pages only.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta

from builder.cache import builder_version, digest
from builder.fingerprint import fingerprint
from builder.i18n import catalog_path
from builder.render import TEMPLATES_DIR



class MissingLog(set):
    """UiStrings.missing that also logs every request for an untranslated string."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.log: list[str] = []

    def add(self, msgid: str) -> None:
        self.log.append(msgid)
        super().add(msgid)


class EnvironmentKeys:
    """Everything outside a page's context that can change it, per (template, locale)."""

    def __init__(self, renderer: Any) -> None:
        config = renderer.config
        self.root = Path(config.root)
        self.shared = digest(builder_version(), repr(config), repr(sorted(renderer.assets.published.items())),
                             repr(getattr(renderer, "preview", False)),
                             repr(sorted(getattr(renderer, "globals", {}).items())))
        self._keys: dict[tuple[str, str], str] = {}
        self._closures: dict[str, frozenset[str] | None] = {}
        self._referenced: dict[str, set[str] | None] = {}  # base.html is reached by every page template
        # Only parsed, never rendered: the syntax is all that names other templates.
        self._parser = jinja2.Environment(loader=jinja2.FileSystemLoader(str(self.root / TEMPLATES_DIR)),
                                          extensions=["jinja2.ext.i18n"])

    def __call__(self, template: str, locale: str) -> str:
        found = self._keys.get((template, locale))
        if found is None:
            names = self.closure(template)
            files = sorted(names) if names is not None else self._every_template()
            parts: list[str | bytes] = [self.shared, template, locale]
            for name in files:
                parts += [name, self._read(self.root / TEMPLATES_DIR / name)]
            catalog = catalog_path(self.root, locale)
            parts += [catalog.relative_to(self.root).as_posix(), self._read(catalog)]
            found = self._keys[(template, locale)] = digest(*parts)
        return found

    def closure(self, template: str) -> frozenset[str] | None:
        """``template`` and every template it reaches; None when a name is computed at render time."""
        if template not in self._closures:
            seen, todo = {template}, [template]
            while todo:
                referenced = self._references(todo.pop())
                if referenced is None:
                    seen = None
                    break
                for name in referenced - seen:
                    seen.add(name)
                    todo.append(name)
            self._closures[template] = None if seen is None else frozenset(seen)
        return self._closures[template]

    def _references(self, name: str) -> set[str] | None:
        if name not in self._referenced:
            self._referenced[name] = self._parsed_references(name)
        return self._referenced[name]

    def _parsed_references(self, name: str) -> set[str] | None:
        try:
            source, _, _ = self._parser.loader.get_source(self._parser, name)  # type: ignore[union-attr]
            found = set(meta.find_referenced_templates(self._parser.parse(source)))
        except jinja2.TemplateNotFound:
            return set()  # rendering reports it; the key still changes when the file appears
        except jinja2.TemplateSyntaxError:
            return None
        return None if None in found else found  # type: ignore[return-value]

    def _every_template(self) -> list[str]:
        base = self.root / TEMPLATES_DIR
        return sorted(p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file()) \
            if base.is_dir() else []

    @staticmethod
    def _read(path: Path) -> bytes:
        try:
            return path.read_bytes()
        except OSError:
            return b"\0absent"


def page_key(environment: str, template: str, locale: str, context: dict[str, Any],
             memo: dict | None = None) -> str | None:
    return key_of(environment, template, locale, fingerprint(context, {} if memo is None else memo))


def key_of(environment: str, template: str, locale: str, context_digest: str | None) -> str | None:
    """The page key from its context's digest (None, an untrusted context: no key)."""
    return None if context_digest is None else digest(environment, template, locale, context_digest)
