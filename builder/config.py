"""site.yaml -> a frozen, validated SiteConfig."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError

from builder.errors import BuildError, BuildFailed
from builder.schema import Field, check_value, unknown_key_message, validate
from builder.sources import load_yaml_file
from builder.yamlread import LineDict

CONFIG_FILE = "site.yaml"
SECTIONS = ("news", "directory", "themes")
# The builder's own list pages, localisable like the sections; the English segment when not given.
OWN_PAGES = {"events": "events", "search": "search"}
_LANG_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]+)?$")


@dataclass(frozen=True)
class LanguageConfig:
    """One language of the site: URL code, CLDR locale and localised section segments."""

    code: str
    name: str
    locale: str
    sections: dict[str, str]

    @property
    def hreflang(self) -> str:
        """BCP 47 tag for lang/hreflang attributes (``nb``, not the URL code ``no``)."""
        return self.locale.replace("_", "-")


@dataclass(frozen=True)
class SiteConfig:
    """Everything site.yaml says, checked and typed."""

    root: Path
    title: dict[str, str]
    base_url: str  # always ends with '/'
    default_language: str
    languages: tuple[LanguageConfig, ...]
    news_per_page: int = 10
    timezone: str = "UTC"
    untranslated: str = "mark"  # "mark": list with a language marker; "hide": leave out
    raw_html: bool = True

    @cached_property
    def base_path(self) -> str:
        """The URL path every internal link starts with (``/`` or ``/sub/``)."""
        return urlsplit(self.base_url).path

    @cached_property  # asked for on every page; computed once per build
    def codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def language(self, code: str) -> LanguageConfig:
        return self._by_code[code]

    @cached_property  # asked for tens of thousands of times per build
    def _by_code(self) -> dict[str, LanguageConfig]:
        return {lang.code: lang for lang in self.languages}

    def with_base_url(self, url: str) -> "SiteConfig":
        problem = base_url_problem(url)
        if problem:
            raise BuildFailed([BuildError("--base-url", 1, f"'{url}' {problem}").problem])
        return replace(self, base_url=_normalise_base_url(url))


_TOP = (
    Field("title", "lang_map", required=True, doc="Site title per language"),
    Field("base_url", "url", required=True, doc="Absolute URL of the site, may contain a sub-path"),
    Field("default_language", "text", required=True, doc="Target of x-default"),
    Field("languages", "languages", required=True, doc="Language code -> name, locale, sections"),
    Field("news_per_page", "positive", doc="Articles per news list page (default 10)"),
    Field("timezone", "text", doc="IANA timezone of bare dates (default UTC)"),
    Field("untranslated", "choice", choices=("mark", "hide"),
          doc="Items missing in a language: listed with a marker (mark) or left out (hide)"),
    Field("raw_html", "boolean", doc="Allow raw HTML in Markdown (default true)"),
)
_LANGUAGE = (
    Field("name", "text", required=True, doc="Name of the language in itself"),
    Field("locale", "text", required=True, doc="CLDR locale (nb for Norwegian Bokmål)"),
    Field("sections", "mapping", required=True,
          spec=(*(Field(s, "slug", required=True) for s in SECTIONS),
                *(Field(page, "slug", doc=f"default '{segment}'") for page, segment in OWN_PAGES.items())),
          doc="Localised URL segments"),
)


def load_config(site_dir: Path) -> SiteConfig:
    """Read and check ``site.yaml``; raise BuildFailed listing every problem."""
    path = site_dir / CONFIG_FILE
    if not path.is_file():
        raise BuildFailed([BuildError(CONFIG_FILE, 1, "site.yaml not found: every site needs one "
                                      "(see README, 'The content format')").problem])
    try:
        data = load_yaml_file(path, CONFIG_FILE)
    except BuildError as exc:
        raise BuildFailed([exc.problem]) from None
    errors: list[BuildError] = []
    plain = tuple(f for f in _TOP if f.kind not in ("lang_map", "languages"))
    clean = validate(_without(data, ("title", "languages")), plain, CONFIG_FILE, 1, errors)
    for field in _TOP:  # required checks of the two special keys
        if field.kind in ("lang_map", "languages") and isinstance(data, LineDict) and field.name not in data:
            errors.append(BuildError(CONFIG_FILE, data.line, f"missing required field '{field.name}'"))
    languages = _languages(data.get("languages") if isinstance(data, LineDict) else None, data, errors)
    codes = [lang.code for lang in languages]
    title = _lang_map(data, "title", codes, errors) if isinstance(data, LineDict) else {}
    if "base_url" in clean and base_url_problem(clean["base_url"]):
        errors.append(BuildError(CONFIG_FILE, data.line_of("base_url"),
                                 f"base_url '{clean['base_url']}' {base_url_problem(clean['base_url'])}"))
    default = clean.get("default_language")
    if default is not None and codes and default not in codes:
        errors.append(BuildError(CONFIG_FILE, data.line_of("default_language"),
                                 f"default_language '{default}' is not one of the languages: {', '.join(codes)}"))
    timezone = clean.get("timezone", "UTC")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        errors.append(BuildError(CONFIG_FILE, data.line_of("timezone"),
                                 f"unknown timezone '{timezone}'; use an IANA name such as Europe/Brussels"))
    if errors:
        raise BuildFailed([e.problem for e in errors])
    return SiteConfig(
        root=site_dir, title=title, base_url=_normalise_base_url(clean["base_url"]),
        default_language=default, languages=tuple(languages),
        news_per_page=clean.get("news_per_page", 10), timezone=timezone,
        untranslated=clean.get("untranslated", "mark"), raw_html=clean.get("raw_html", True),
    )


def _without(data: object, keys: tuple[str, ...]) -> object:
    if not isinstance(data, LineDict):
        return data
    rest = LineDict({k: v for k, v in data.items() if k not in keys})
    rest.line, rest.key_lines = data.line, data.key_lines
    return rest


def _languages(value: object, data: LineDict, errors: list[BuildError]) -> list[LanguageConfig]:
    if value is None:
        return []
    line = data.line_of("languages")
    if not isinstance(value, LineDict) or not value:
        errors.append(BuildError(CONFIG_FILE, line, "field 'languages' must map language codes "
                                 "to {name, locale, sections}"))
        return []
    result = []
    for code, settings in value.items():
        code_line = value.line_of(code)
        code = str(code)
        if not _LANG_CODE.match(code):
            errors.append(BuildError(CONFIG_FILE, code_line, f"'{code}' is not a language code "
                                     "(two or three lower-case letters, such as nl, no, en)"))
            continue
        clean = validate(settings, _LANGUAGE, CONFIG_FILE, code_line, errors)
        if "locale" in clean:
            try:
                Locale.parse(clean["locale"].replace("-", "_"))
            except (UnknownLocaleError, ValueError):
                errors.append(BuildError(CONFIG_FILE, settings.line_of("locale"),
                                         f"unknown locale '{clean['locale']}' for language '{code}' "
                                         "(Norwegian Bokmål is 'nb')"))
        if len(clean) == len(_LANGUAGE):
            sections = {**OWN_PAGES, **clean["sections"]}
            _check_distinct_sections(code, sections, settings, errors)
            result.append(LanguageConfig(code, clean["name"], clean["locale"].replace("-", "_"), sections))
    return result


def _check_distinct_sections(code: str, sections: dict[str, str], settings: LineDict,
                             errors: list[BuildError]) -> None:
    """Two sections with one URL segment would write their pages over each other."""
    first: dict[str, str] = {}
    for section, segment in sorted(sections.items()):
        if segment in first:
            errors.append(BuildError(CONFIG_FILE, settings.line_of("sections"),
                                     f"sections '{first[segment]}' and '{section}' of language '{code}' both "
                                     f"use the URL segment '{segment}'; give each its own"))
        first.setdefault(segment, section)


def _lang_map(data: LineDict, key: str, codes: list[str], errors: list[BuildError]) -> dict[str, str]:
    """A per-language map such as ``title: {nl: ..., no: ..., en: ...}``."""
    value = data.get(key)
    line = data.line_of(key)
    if value is None:
        return {}
    if not isinstance(value, LineDict):
        errors.append(BuildError(CONFIG_FILE, line, f"field '{key}' must map each language code to text"))
        return {}
    result = {}
    field = Field(key, "text")
    for code, text in value.items():
        if str(code) not in codes:
            errors.append(BuildError(CONFIG_FILE, value.line_of(code),
                                     unknown_key_message(code, codes, "language")))
            continue
        try:
            result[str(code)] = check_value(field, text, CONFIG_FILE, value.line_of(code), errors)
        except BuildError as exc:
            errors.append(exc)
    for code in codes:
        if code not in result and code not in value:
            errors.append(BuildError(CONFIG_FILE, line, f"field '{key}' has no value for language '{code}'"))
    return result


def _normalise_base_url(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def base_url_problem(url: str) -> str | None:
    """Why every page URL would not lie under ``url``, or None (query, fragment, '.' segments)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "must be an absolute http(s) URL such as https://example.org/"
    if parts.query or parts.fragment or "?" in url or "#" in url:
        return "must not contain '?' or '#': pages are addressed by path"
    if any(segment in (".", "..") for segment in parts.path.split("/")):
        return "must not contain '.' or '..' path segments"
    if any(ch in url for ch in "\"<>\\ "):
        return "must not contain spaces, quotes, '<', '>' or '\\'"
    return None
