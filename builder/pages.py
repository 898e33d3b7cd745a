"""Which pages the site has, and the view each template receives.

Everything a template shows is computed here (switcher, alternates, lists with
language markers, resolved links), so templates only lay it out. A context is
made from the site model, the page and the day (``events.event_day``) and from
nothing else: builds take the context digests of the last build while those
are unchanged (builder.page_reuse, ``model_cache.contexts_key``), so anything
new a context depends on must go into that key. After a body edit, a page whose
context does not hold the edited item keeps its digest too: what a body gives
(HTML, summary, reading time, its ``@/`` links) may reach another page only
through the item itself, never copied into plain values
(tests/test_context_uses.py).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, NamedTuple

from markupsafe import Markup

from builder.config import LanguageConfig
from builder.article_meta import article_extras
from builder.events import HOME_EVENTS, split_events
from builder.feeds import feed_links
from builder.directory import directory_index
from builder.links import resolve_html
from builder.model import Article, Entry, Item
from builder.navigation import (ListEntry, PageRef, alternates, language_links, link_resolver, listed,
                                section_url_extra, url_in)
from builder.site import Site
from builder.translation_status import newer_notice
from builder.structured_data import entry_jsonld
from builder.urls import absolute, home_url, root_url, section_url

HOME_NEWS = 5
# How a relation reads on each of its two ends: A formed_from B shows on B as merged_into A.
_RELATION_LABEL = {
    ("partner", "out"): "partner", ("partner", "in"): "partner",
    ("member_of", "out"): "member_of", ("member_of", "in"): "has_member",
    ("formed_from", "out"): "formed_from", ("formed_from", "in"): "merged_into",
    ("merged_into", "out"): "merged_into", ("merged_into", "in"): "formed_from",
}


@dataclass
class PageJob:
    """One output page: where it goes, which template, what it shows.

    The context is computed when first asked for: a build reserves every
    page's path in the parent, and the worker rendering the page computes
    what it shows (planning is a third of a warm build, and splits over the
    workers that way).
    """

    url: str
    template: str
    locale: str
    source: str  # what it comes from, for error messages and collisions
    lang: str | None  # None for the pages outside every language (root, 404)
    build: Callable[[], dict[str, Any]] = field(repr=False)
    _context: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def context(self) -> dict[str, Any]:
        if self._context is None:
            self._context = self.build()
        return self._context

    def release(self) -> None:
        """Forget the context once the page is written: a worker would otherwise hold them all."""
        self._context = None


@dataclass(frozen=True)
class Indexes:
    """Lookups built once per build, so no page scans every item."""

    news_by_cluster: dict[str, list[Article]]
    news_by_theme: dict[str, list[str]]
    entries_by_theme: dict[str, list[str]]
    related_from: dict[str, list[tuple[str, str]]]  # target -> [(relation type, source entry id)]


def build_indexes(site: Site) -> Indexes:
    news_by_cluster: dict[str, list[Article]] = defaultdict(list)
    news_by_theme: dict[str, set[str]] = defaultdict(set)
    entries_by_theme: dict[str, set[str]] = defaultdict(set)
    related_from: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for item in site.items.values():
        if isinstance(item, Article):
            for cluster in item.clusters:
                news_by_cluster[cluster].append(item)
            for theme in item.themes:
                news_by_theme[theme].add(item.key)
        elif isinstance(item, Entry):
            for theme in item.themes:
                entries_by_theme[theme].add(item.key)
            for relation in item.relations:
                related_from[relation.target].add((relation.type, item.key))
    return Indexes(
        {k: sorted(v, key=lambda a: (-a.date.timestamp(), a.lang, a.key)) for k, v in news_by_cluster.items()},
        {k: sorted(v) for k, v in news_by_theme.items()},
        {k: sorted(v) for k, v in entries_by_theme.items()},
        {k: sorted(v) for k, v in related_from.items()},
    )


def plan_pages(site: Site) -> Iterator[PageJob]:
    """Every page of the site, in a stable order."""
    indexes = build_indexes(site)
    config = site.config
    yield _job(site, None, PageRef("root"), root_url(config), "root.html", "site.yaml")
    yield _job(site, None, PageRef("404"), config.base_path + "404.html", "404.html", "site.yaml")
    for language in config.languages:
        yield from _language_pages(site, language, indexes)


def _language_pages(site: Site, language: LanguageConfig, indexes: Indexes) -> Iterator[PageJob]:
    lang, config = language.code, site.config
    articles = listed(site, "article", lang)
    news = _sorted_news(articles)
    upcoming, past = split_events(site, lang, articles)
    yield _job(site, lang, PageRef("home"), home_url(config, lang), "home.html", "site.yaml",
               news=news[:HOME_NEWS], events=upcoming[:HOME_EVENTS],
               events_url=url_in(site, lang, PageRef("events")))
    yield _job(site, lang, PageRef("events"), url_in(site, lang, PageRef("events")) or "", "events.html",
               "content", upcoming=upcoming, past=past)
    yield from _paginated(site, lang, "news", news, "news_index.html")
    for article in site.articles(lang):
        yield item_job(site, article, indexes)
    yield _job(site, lang, PageRef("directory"), section_url(config, lang, "directory"),
               "directory_index.html", "content", lambda: directory_index(site, lang))
    for entry in site.of_kind("entry", lang):
        yield item_job(site, entry, indexes)
    for page in site.of_kind("page", lang):
        yield item_job(site, page, indexes)
    themes = listed(site, "theme", lang)
    yield _job(site, lang, PageRef("themes"), section_url(config, lang, "themes"),
               "themes_index.html", "content", themes=themes)
    yield _job(site, lang, PageRef("search"), url_in(site, lang, PageRef("search")), "search.html", "site.yaml")
    for theme in site.of_kind("theme", lang):
        theme_news = _sorted_news(listed(site, "article", lang, indexes.news_by_theme.get(theme.key, [])))
        clusters = listed(site, "entry", lang, indexes.entries_by_theme.get(theme.key, []))
        for number, chunk, pagination in paginate(theme.url, theme_news, config.news_per_page):
            # The clusters on the first page only: later pages continue the news list.
            yield _item_job(site, theme, "theme.html", number=number, news=chunk,
                            clusters=clusters if number == 1 else [], pagination=pagination)


def _sorted_news(entries: list) -> list:
    return sorted(entries, key=lambda e: (-e.item.date.timestamp(), e.item.key))


def _paginated(site: Site, lang: str, section: str, entries: list, template: str) -> Iterator[PageJob]:
    first = section_url(site.config, lang, section)
    for number, chunk, pagination in paginate(first, entries, site.config.news_per_page):
        yield _job(site, lang, PageRef(section, number=number), pagination["url"],
                   template, "content", entries=chunk, pagination=pagination)


# Pages linked by number around the current one; the first and the last are always linked.
PAGINATION_REACH = 2


def paginate(first_url: str, entries: list, size: int) -> Iterator[tuple[int, list, dict[str, Any]]]:
    """(number, entries, pagination view) per page; page n > 1 lives at ``first_url + 'n/'``.

    A page links a window of page numbers, not all of them: listing every page
    on every page grows with the square of the number of articles.
    """
    chunks = [entries[i:i + size] for i in range(0, len(entries), size)] or [[]]
    count = len(chunks)

    def url(n: int) -> str:
        return first_url + (f"{n}/" if n > 1 else "")

    for number, chunk in enumerate(chunks, start=1):
        yield number, chunk, {"number": number, "count": count, "url": url(number),
                              "links": page_links(number, count, url),
                              "prev": url(number - 1) if number > 1 else None,
                              "next": url(number + 1) if number < count else None}


def page_links(number: int, count: int, url) -> list[tuple[int, str] | None]:
    """(number, url) of the pages to link from page ``number``; None where numbers are left out."""
    shown = sorted({1, count, *range(max(1, number - PAGINATION_REACH), min(count, number + PAGINATION_REACH) + 1)})
    links: list[tuple[int, str] | None] = []
    for n in shown:
        if links and links[-1] is not None and n > links[-1][0] + 1:
            links.append(None)
        links.append((n, url(n)))
    return links


def _named(site: Site, kind: str, lang: str, keys: tuple[str, ...]) -> list:
    return listed(site, kind, lang, list(keys))


def _entry_extras(site: Site, entry: Entry, indexes: Indexes) -> dict[str, Any]:
    lang = entry.lang
    relations = [(_RELATION_LABEL[(r.type, "out")], r.target) for r in entry.relations]
    relations += [(_RELATION_LABEL[(kind, "in")], source)
                  for kind, source in indexes.related_from.get(entry.key, [])]
    shown = []
    for label, target in sorted(set(relations)):
        found = listed(site, "entry", lang, [target])
        if found:
            shown.append({"label": label, "entry": found[0]})
    news = indexes.news_by_cluster.get(entry.key, [])
    ordered = [a for a in news if a.lang == lang] + [a for a in news if a.lang != lang
                                                     and site.get("article", lang, a.key) is None]
    if site.config.untranslated == "hide":  # other languages' articles only when site.yaml says mark
        ordered = [a for a in ordered if a.lang == lang]
    seen: set[str] = set()
    news_entries = []
    for article in ordered:
        if article.key not in seen:
            seen.add(article.key)
            news_entries.append(ListEntry(article, article.lang != lang))
    return {"relations": shown, "news": news_entries,
            "themes": _named(site, "theme", lang, entry.themes),
            "jsonld": entry_jsonld(site, entry)}


def item_job(site: Site, item: Item, indexes: Indexes | None = None) -> PageJob:
    """The page of one article, directory entry or page (the preview re-plans an edited one alone).

    Only an entry's page needs the cross-indexes; without them it builds its
    own, which at 30,000 articles takes 0.2 s.
    """
    lang = item.lang
    if isinstance(item, Article):
        return _item_job(site, item, "article.html", lambda: {
            "clusters": _named(site, "entry", lang, item.clusters),
            "themes": _named(site, "theme", lang, item.themes), **article_extras(site, item)})
    if isinstance(item, Entry):
        found = indexes or build_indexes(site)
        return _item_job(site, item, "entry.html", lambda: _entry_extras(site, item, found))
    return _item_job(site, item, "page.html")


def _item_job(site: Site, item: Item, template: str,
              more: Callable[[], dict[str, Any]] | None = None, number: int = 1, **extra: Any) -> PageJob:
    url = item.url if number == 1 else f"{item.url}{number}/"

    def shown() -> dict[str, Any]:
        return {"item": item, "body": Markup(resolve_html(item.html, link_resolver(site, item.lang))),
                "newer": newer_notice(site, item), **extra, **(more() if more else {})}
    return _job(site, item.lang, PageRef(item.kind, item.key, number), url, template, item.source, shown)


def _job(site: Site, lang: str | None, ref: PageRef, url: str, template: str, source: str,
         more: Callable[[], dict[str, Any]] | None = None, **extra: Any) -> PageJob:
    language = site.config.language(lang or site.config.default_language)
    return PageJob(url, template, language.locale, source, lang,
                   lambda: _context(site, lang, ref, url, {**extra, **(more() if more else {})}))


def _context(site: Site, lang: str | None, ref: PageRef, url: str, extra: dict[str, Any]) -> dict[str, Any]:
    config = site.config
    page_lang = lang or config.default_language
    language = config.language(page_lang)
    return {
        "site": site.remembered(("site facts", page_lang), lambda: _site_facts(site, page_lang)),
        "lang": language,
        "ref": ref,
        "url": url,
        "canonical": absolute(config, url),
        "nav": _nav(site, page_lang, ref) if lang else [],
        "switcher": language_links(site, page_lang, ref) if lang else [],
        "alternates": alternates(site, page_lang, ref, url) if lang else _root_alternates(site, ref, url),
        "feeds": feed_links(site, page_lang, ref.key if ref.kind == "theme" else None) if lang else [],
        **extra,
    }


@dataclass(frozen=True)
class SiteFacts:
    """What every page of a language shows of the site: one object per language, so the page
    contexts share it and builder.fingerprint digests it once."""

    title: str
    base_path: str
    languages: list
    default_language: str
    root_url: str
    homes: dict[str, str]
    searches: dict[str, str | None]
    titles: dict[str, str]


def _site_facts(site: Site, lang: str) -> SiteFacts:
    config = site.config
    return SiteFacts(config.title[lang], config.base_path, config.languages, config.default_language,
                     root_url(config), {l.code: home_url(config, l.code) for l in config.languages},
                     {l.code: section_url_extra(site, l.code, "search") for l in config.languages}, config.title)


def _root_alternates(site: Site, ref: PageRef, url: str) -> list:
    if ref.kind != "root":
        return []
    return [alt for alt in alternates(site, site.config.default_language, PageRef("home"), url)]


class NavSection(NamedTuple):
    """A section in the main navigation (attributes, not dict keys: a template's ``section.url``
    on a dict raises and catches an AttributeError first)."""

    id: str
    url: str | None
    current: bool


def _nav(site: Site, lang: str, ref: PageRef) -> list[NavSection]:
    """Main navigation: sections of the site with the current one flagged."""
    sections = [("home", home_url(site.config, lang)), ("news", url_in(site, lang, PageRef("news"))),
                ("directory", url_in(site, lang, PageRef("directory"))),
                ("themes", url_in(site, lang, PageRef("themes")))]
    current = {"article": "news", "entry": "directory", "theme": "themes"}.get(ref.kind, ref.kind)
    return [NavSection(sid, url, sid == current) for sid, url in sections]
