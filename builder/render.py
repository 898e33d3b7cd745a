"""Jinja2 environments, one per language, with Babel-backed filters and UI strings."""
from __future__ import annotations

import traceback
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jinja2
from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from markupsafe import Markup

from builder.article_meta import dump_json_ld
from builder.assets import AssetMap
from builder.compiled_templates import CompiledTemplates
from builder.config import SiteConfig
from builder.ecosystems import ecosystem_label
from builder.errors import BuildError
from builder.i18n import UiStrings
from builder.sitemap import SitemapEntry, sitemap_entry
from builder.images import make_image_helper
from builder.speedups import memoize_filters
from builder.urls import absolute

TEMPLATES_DIR = "templates"


class Renderer:
    """Renders templates from ``templates/`` for each language of the site."""

    preview = False  # true in `builder serve`: templates show draft and future banners

    def __init__(self, config: SiteConfig, ui: dict[str, UiStrings], assets: AssetMap) -> None:
        self.config = config
        self.ui = ui
        self.assets = assets
        self.folder = config.root / TEMPLATES_DIR
        self._envs: dict[str, jinja2.Environment] = {}
        self._image = make_image_helper(assets)  # one size cache for all languages
        self.globals: dict[str, Any] = {}  # set by the build before the first render
        # Shared by the language environments; a build gives one that keeps them in its cache.
        self.compiled = CompiledTemplates()

    def environment(self, locale: str) -> jinja2.Environment:
        if locale not in self._envs:
            self._envs[locale] = self._make_environment(locale)
        return self._envs[locale]

    def _make_environment(self, locale: str) -> jinja2.Environment:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(self.folder)),
            autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
            undefined=jinja2.StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
            auto_reload=False,  # one Renderer per build: no stat of every template on every page
            bytecode_cache=self.compiled,
        )
        ui = self.ui[locale]
        env.install_gettext_callables(ui.gettext, ui.ngettext, newstyle=True,  # type: ignore[attr-defined]
                                      pgettext=ui.pgettext, npgettext=ui.npgettext)
        env.globals.update(_=_direct_gettext(ui), gettext=_direct_gettext(ui))
        babel_locale = Locale.parse(locale)  # passed to Babel as it is: a code would be parsed on every call
        env.filters.update(
            date_long=lambda d: format_date(_as_date(d, self.config.tz), "long", locale=babel_locale),
            date_medium=lambda d: format_date(_as_date(d, self.config.tz), "medium", locale=babel_locale),
            datetime_long=lambda d: format_datetime(d, "long", locale=babel_locale, tzinfo=self.config.tz),
            iso=lambda d: d.isoformat(),
            number=lambda n: format_decimal(n, locale=babel_locale),
            country=lambda code: babel_locale.territories.get(code, code),
            ecosystem=lambda eid: ecosystem_label(eid, locale),
            language_name=lambda loc: babel_locale.languages.get(loc, loc),
            absolute=lambda url: absolute(self.config, url),
            json_ld=dump_json_ld,
        )
        env.globals.update(asset=self.assets.url, preview=self.preview,
                           language_of={language.code: language for language in self.config.languages})
        env.globals.update(image=self._image, **self.globals)
        memoize_filters(env)
        return env

    def render_job(self, job: Any) -> str:
        """The page of a planned job (builder.pages.PageJob); the preview's renderer may answer without
        computing its context."""
        return self.render(job.template, job.locale, job.context)

    def sitemap_entry(self, job: Any) -> SitemapEntry | None:
        """The job's sitemap entry, once its page is rendered."""
        return sitemap_entry(job)

    def render(self, template: str, locale: str, context: dict[str, Any]) -> str:
        """Render or raise BuildError naming the template file and line."""
        try:
            return self.environment(locale).get_template(template).render(context)
        except jinja2.TemplateSyntaxError as exc:
            raise BuildError(f"{TEMPLATES_DIR}/{exc.name or template}", exc.lineno or 1,
                             f"template syntax error: {exc.message}") from None
        except jinja2.TemplateNotFound as exc:
            raise BuildError(f"{TEMPLATES_DIR}/{template}", 1, f"template not found: {exc.name}") from None
        except (jinja2.UndefinedError, KeyError, TypeError, ValueError, AttributeError) as exc:
            path, line = self._template_frame(exc, template)
            raise BuildError(path, line, f"template error: {_describe(exc)}") from None

    def _template_frame(self, exc: BaseException, template: str) -> tuple[str, int]:
        """The innermost template line in the traceback (Jinja rewrites frames to templates)."""
        folder = str(self.folder.resolve())
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            filename = str(Path(frame.filename).resolve()) if frame.filename else ""
            if filename.startswith(folder):
                return f"{TEMPLATES_DIR}/{Path(filename).relative_to(folder).as_posix()}", frame.lineno or 1
        return f"{TEMPLATES_DIR}/{template}", 1


def _direct_gettext(ui: UiStrings):
    """Jinja's newstyle ``_()`` in one call instead of three (it is called ~17 times per page).

    Same result as jinja2.ext's: the translation is markup where autoescaping
    is on, and always a format string, so ``%%`` means ``%`` with or without
    variables.
    """
    formatted: dict[str, Markup] = {}  # the usual case, no variables in autoescaped HTML

    @jinja2.pass_eval_context
    def gettext(eval_context: Any, string: str, **variables: Any) -> str:
        found = ui.gettext(string)  # every time: it notes strings without a translation
        if variables or not eval_context.autoescape:
            return (Markup(found) if eval_context.autoescape else found) % variables
        if string not in formatted:
            formatted[string] = Markup(found) % variables
        return formatted[string]

    return gettext


def _describe(exc: BaseException) -> str:
    message = str(exc.args[0]) if exc.args else type(exc).__name__
    return message.strip('"')


def _as_date(value: date | datetime, tz=None) -> date:
    if isinstance(value, datetime):
        return (value.astimezone(tz) if tz and value.tzinfo else value).date()
    return value
