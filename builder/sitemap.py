"""sitemap.xml with hreflang alternates for every page, and robots.txt pointing to it.

The alternates are the very ones the page's ``<head>`` shows (the job's
``alternates``), so the sitemap and the HTML cannot disagree. The build keeps
one small ``SitemapEntry`` per page rather than every page's context.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable, Protocol
from urllib.parse import quote

from builder.config import SiteConfig
from builder.model import Article, Item
from builder.urls import absolute

SITEMAP_FILE = "sitemap.xml"
ROBOTS_FILE = "robots.txt"
_URI_SAFE = ":/?#[]@!$&'()*+,;=%~"


def _text(value: str) -> str:
    """XML character data. (xml.sax.saxutils would do, but importing it loads urllib.request, http
    and ssl: 18 ms of every build's start, the no-change build's included.)"""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(value: str) -> str:
    """A double-quoted XML attribute value (what saxutils.quoteattr gives for a value without ``"``)."""
    return '"' + _text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;") \
        .replace("\t", "&#9;") + '"'


class Job(Protocol):
    url: str
    context: dict[str, Any]


class Writer(Protocol):
    def write(self, rel_path: str, data: str | bytes, source: str) -> None: ...


@dataclass(frozen=True)
class SitemapEntry:
    """What the sitemap needs of one page (kept instead of the whole page context)."""

    url: str
    alternates: tuple[Any, ...]  # navigation.Alternate: hreflang, absolute url
    lastmod: datetime | None


def sitemap_entry(job: Job) -> SitemapEntry | None:
    """The page's sitemap entry; None for pages without alternates (the 404 page)."""
    alternates = job.context.get("alternates")
    if not alternates:
        return None
    return SitemapEntry(job.url, tuple(alternates), last_change(job.context.get("item")))


def sitemap_xml(config: SiteConfig, entries: Iterable[SitemapEntry | None]) -> str:
    """The sitemap: every page with its hreflang alternates, self and x-default included."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
             ' xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    links: dict[tuple[str, str], str] = {}  # each alternate appears in every page of its group: escaped once
    for entry in sorted((e for e in entries if e is not None), key=lambda e: e.url):
        lines.extend(_url_element(config, entry, links))
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def _url_element(config: SiteConfig, entry: SitemapEntry, links: dict[tuple[str, str], str]) -> list[str]:
    lines = ["<url>", f"  <loc>{_text(_uri(absolute(config, entry.url)))}</loc>"]
    if entry.lastmod is not None:
        lines.append(f"  <lastmod>{entry.lastmod.isoformat()}</lastmod>")
    for alt in entry.alternates:
        line = links.get((alt.hreflang, alt.url))
        if line is None:
            line = links[(alt.hreflang, alt.url)] = (f'  <xhtml:link rel="alternate" hreflang='
                                                     f'{_attribute(alt.hreflang)} href={_attribute(_uri(alt.url))}/>')
        lines.append(line)
    lines.append("</url>")
    return lines


def last_change(item: Item | None) -> datetime | None:
    """When a page's content last changed: ``updated``, else an article's date."""
    if item is None:
        return None
    if item.updated is not None:
        return item.updated
    return item.date if isinstance(item, Article) else None


def robots_txt(config: SiteConfig) -> str:
    """Allow everything and name the sitemap (robots.txt only counts at a host's root)."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {_uri(config.base_url + SITEMAP_FILE)}\n"


def write_sitemap(config: SiteConfig, entries: Iterable[SitemapEntry | None], writer: Writer) -> None:
    """Write sitemap.xml and robots.txt at the top of the output folder."""
    writer.write(SITEMAP_FILE, sitemap_xml(config, entries), "sitemap")
    writer.write(ROBOTS_FILE, robots_txt(config), "sitemap")


def _uri(url: str) -> str:
    """Percent-encode what a URI may not contain (non-ASCII in a base_url path, spaces)."""
    return quote(url, safe=_URI_SAFE)
