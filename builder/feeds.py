"""Atom feeds (RFC 4287): one per language and one per theme in each language.

Ids must not change between builds, nor when an article's slug or URL does, so
entries get a ``tag:`` URI (RFC 4151) from the host, the publication date and
the language and translation key. ``updated`` comes from the articles, never
from the clock, so that unchanged content gives a byte-identical feed.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from typing import Iterator
from urllib.parse import quote, urlsplit

from builder.config import SiteConfig
from builder.links import resolve_html
from builder.model import Article, Theme
from builder.site import Site
from builder.urls import absolute, section_url

FEED_FILE = "atom.xml"
FEED_ENTRIES = 20  # newest articles in a feed; older ones stay on the site
ATOM = "http://www.w3.org/2005/Atom"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ROOT_RELATIVE = re.compile(r'(\s(?:href|src)=")(/[^"]*)"')

ET.register_namespace("", ATOM)


@dataclass(frozen=True)
class FeedLink:
    """A feed offered in a page's ``<head>``."""

    title: str
    url: str  # absolute


@dataclass(frozen=True)
class Feed:
    url: str  # site-absolute
    title: str
    page_url: str  # the HTML page the feed follows
    lang: str
    articles: list[Article]
    source: str


def feed_url(config: SiteConfig, lang: str, theme: Theme | None = None) -> str:
    """``/<lang>/<news>/atom.xml``, or ``atom.xml`` beside a theme's page."""
    return (theme.url if theme else section_url(config, lang, "news")) + FEED_FILE


def feed_links(site: Site, lang: str, theme_key: str | None = None) -> list[FeedLink]:
    """The language's feed, and the theme's when the page is a theme page (the same on many pages)."""
    return list(site.remembered(("feed links", lang, theme_key), lambda: _feed_links(site, lang, theme_key)))


def _feed_links(site: Site, lang: str, theme_key: str | None) -> list[FeedLink]:
    feeds = [_language_feed(site, lang)]
    theme = site.get("theme", lang, theme_key) if theme_key else None
    if isinstance(theme, Theme):
        feeds.append(_theme_feed(site, theme))
    return [FeedLink(f.title, absolute(site.config, f.url)) for f in feeds]


def plan_feeds(site: Site) -> Iterator[Feed]:
    """Every feed of the site, in a stable order."""
    for lang in site.config.codes:
        yield _language_feed(site, lang)
        for theme in site.of_kind("theme", lang):
            yield _theme_feed(site, theme)  # type: ignore[arg-type]


def _language_feed(site: Site, lang: str) -> Feed:
    config = site.config
    return Feed(feed_url(config, lang), config.title[lang], section_url(config, lang, "news"), lang,
                site.articles(lang)[:FEED_ENTRIES], "content")


def _theme_feed(site: Site, theme: Theme) -> Feed:
    articles = [a for a in site.articles(theme.lang) if theme.key in a.themes][:FEED_ENTRIES]
    return Feed(feed_url(site.config, theme.lang, theme), f"{theme.title} · {site.config.title[theme.lang]}",
                theme.url, theme.lang, articles, theme.source)


def render_feed(site: Site, feed: Feed, resolver) -> str:
    """The feed as an XML document; ``resolver`` turns ``@/`` links into URLs."""
    config = site.config
    root = ET.Element(_atom("feed"), {_XML_LANG: config.language(feed.lang).hreflang})
    _text(root, "id", absolute(config, feed.url))
    _text(root, "title", feed.title)
    _text(root, "updated", _stamp(_feed_updated(site, feed)))
    _link(root, absolute(config, feed.page_url), "alternate", "text/html")
    _link(root, absolute(config, feed.url), "self", "application/atom+xml")
    _text(ET.SubElement(root, _atom("author")), "name", config.title[feed.lang])
    _text(root, "generator", "builder")
    for article in feed.articles:
        _entry(root, site, article, resolver)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _entry(root: ET.Element, site: Site, article: Article, resolver) -> None:
    config = site.config
    entry = ET.SubElement(root, _atom("entry"))
    _text(entry, "id", entry_id(config, article))
    _text(entry, "title", article.title)
    _link(entry, absolute(config, article.url), "alternate", "text/html")
    _text(entry, "published", _stamp(article.date))  # type: ignore[arg-type]
    _text(entry, "updated", _stamp(article.last_change))
    if article.author:
        _text(ET.SubElement(entry, _atom("author")), "name", article.author)
    for key in article.themes:
        theme = site.get("theme", article.lang, key)
        ET.SubElement(entry, _atom("category"), {"term": key, **({"label": theme.title} if theme else {})})
    if article.summary:
        _text(entry, "summary", article.summary).set("type", "text")
    body = absolute_links(config, resolve_html(article.html, resolver))
    _text(entry, "content", body).set("type", "html")


def entry_id(config: SiteConfig, article: Article) -> str:
    """``tag:host,YYYY-MM-DD:lang/key``: independent of slug, title and build time."""
    host = urlsplit(config.base_url).hostname or "localhost"
    day = article.date.astimezone(config.tz).date().isoformat()  # type: ignore[union-attr]
    return f"tag:{host},{day}:{article.lang}/{quote(article.key, safe='/')}"


def absolute_links(config: SiteConfig, html: str) -> str:
    """Feed readers show content out of the site, so root-relative links need the host."""
    return _ROOT_RELATIVE.sub(lambda m: f'{m.group(1)}{absolute(config, m.group(2))}"', html)


def _feed_updated(site: Site, feed: Feed) -> datetime:
    """Newest change in the feed; an empty feed takes the newest article of the site."""
    moments = [a.last_change for a in feed.articles] or \
        [a.last_change for a in site.of_kind("article") if isinstance(a, Article)]
    return max(moments) if moments else site.now or datetime(1970, 1, 1).astimezone(site.config.tz)


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _atom(tag: str) -> str:
    return f"{{{ATOM}}}{tag}"


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, _atom(tag))
    element.text = text
    return element


def _link(parent: ET.Element, href: str, rel: str, mime: str) -> None:
    ET.SubElement(parent, _atom("link"), {"href": href, "rel": rel, "type": mime})
