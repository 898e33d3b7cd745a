"""Cross-language navigation computed by the builder: switcher, hreflang, lists.

A page is identified across languages by a ``PageRef``; each language either
has that page or falls back along a fixed chain (same item, then the section's
index, then the home page).
"""
from __future__ import annotations

from dataclasses import dataclass

from builder.model import Item, SECTION_OF_KIND
from builder.site import Site
from builder.urls import absolute, home_url, root_url, section_url

LIST_KINDS = ("home", "news", "directory", "themes", "events", "search")


@dataclass(frozen=True)
class PageRef:
    """What a page shows, independent of language: ("article", key), ("news", "") ..."""

    kind: str
    key: str = ""
    number: int = 1  # page number of a paginated list


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    hreflang: str
    url: str
    current: bool
    fallback: bool  # the page does not exist in that language; this is the nearest one


@dataclass(frozen=True)
class Alternate:
    hreflang: str
    url: str  # absolute


@dataclass(frozen=True)
class ListEntry:
    """An item in a list; ``marked`` when it is another language's version."""

    item: Item
    marked: bool


def url_in(site: Site, lang: str, ref: PageRef) -> str | None:
    """URL of the page ``ref`` in ``lang``, or None where that language lacks it."""
    config = site.config
    if ref.kind == "home":
        return home_url(config, lang)
    if ref.kind in LIST_KINDS:
        return section_url(config, lang, ref.kind) if ref.kind in ("news", "directory", "themes") \
            else section_url_extra(site, lang, ref.kind)
    item = site.get(ref.kind, lang, ref.key)
    return item.url if item else None


def section_url_extra(site: Site, lang: str, kind: str) -> str:
    """The builder's own pages (events under the news section, search at the top), localised segments."""
    segment = site.config.language(lang).sections[kind]
    return section_url(site.config, lang, "news", segment) if kind == "events" else \
        f"{site.config.base_path}{lang}/{segment}/"


def fallback_url(site: Site, lang: str, ref: PageRef) -> str:
    """Nearest existing page: the section's index, else the home page."""
    section = SECTION_OF_KIND.get(ref.kind)
    return section_url(site.config, lang, section) if section else home_url(site.config, lang)


def language_links(site: Site, lang: str, ref: PageRef) -> list[LanguageLink]:
    """The switcher: every language, leading to the same page where it exists."""
    links = []
    for language in site.config.languages:
        target = PageRef(ref.kind, ref.key) if ref.number > 1 else ref  # lists: first page
        url = url_in(site, language.code, target)
        links.append(LanguageLink(language.code, language.name, language.hreflang,
                                  url or fallback_url(site, language.code, ref),
                                  language.code == lang, url is None))
    return links


def alternates(site: Site, lang: str, ref: PageRef, own_url: str) -> list[Alternate]:
    """hreflang links: the page itself, each translation, and x-default."""
    config = site.config
    if ref.number > 1:  # later pages of a list have no counterpart elsewhere
        return [Alternate(config.language(lang).hreflang, absolute(config, own_url)),
                Alternate("x-default", absolute(config, root_url(config)))]
    found = {}
    for language in config.languages:
        url = url_in(site, language.code, ref)
        if url is not None:
            found[language.code] = Alternate(language.hreflang, absolute(config, url))
    default = found.get(config.default_language)
    # The homes' x-default is the root language chooser, as for untranslated items.
    x_default = default.url if default and ref.kind != "home" else absolute(config, root_url(config))
    return list(found.values()) + [Alternate("x-default", x_default)]


def listed(site: Site, kind: str, lang: str, keys: list[str] | None = None) -> list[ListEntry]:
    """Items of ``kind`` for a list in ``lang``; other languages' versions marked or hidden."""
    entries = []
    for key in (keys if keys is not None else site.keys(kind)):
        item = site.preferred_version(kind, key, lang)
        if item is not None and (item.lang == lang or site.config.untranslated == "mark"):
            entries.append(ListEntry(item, item.lang != lang))
    return entries


def link_resolver(site: Site, lang: str):
    """Resolve ``@/`` targets for a page in ``lang``: (url, hreflang, language name) or None."""
    def resolve(kind: str, key: str):
        item = site.preferred_version(kind, key, lang)
        if item is None:
            return None
        if item.lang == lang:
            return item.url, None, None
        language = site.config.language(item.lang)
        return item.url, language.hreflang, language.name
    return resolve
