"""sitemap.xml with hreflang alternates for every page, and robots.txt pointing to it.

The alternates are the very ones the page's ``<head>`` shows (the job's
``alternates``), so the sitemap and the HTML cannot disagree.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable, Protocol
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from builder.config import SiteConfig
from builder.model import Article, Item
from builder.urls import absolute

SITEMAP_FILE = "sitemap.xml"
ROBOTS_FILE = "robots.txt"
_URI_SAFE = ":/?#[]@!$&'()*+,;=%~"


class Job(Protocol):
    url: str
    context: dict[str, Any]


class Writer(Protocol):
    def write(self, rel_path: str, data: str | bytes, source: str) -> None: ...


def sitemap_xml(config: SiteConfig, jobs: Iterable[Job]) -> str:
    """The sitemap of every page that has hreflang alternates (so not the 404 page)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
             ' xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for job in sorted(jobs, key=lambda j: j.url):
        if job.context.get("alternates"):
            lines.extend(_url_element(config, job))
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def _url_element(config: SiteConfig, job: Job) -> list[str]:
    lines = ["<url>", f"  <loc>{escape(_uri(absolute(config, job.url)))}</loc>"]
    lastmod = last_change(job.context.get("item"))
    if lastmod is not None:
        lines.append(f"  <lastmod>{lastmod.isoformat()}</lastmod>")
    for alt in job.context["alternates"]:
        lines.append(f'  <xhtml:link rel="alternate" hreflang={quoteattr(alt.hreflang)} '
                     f"href={quoteattr(_uri(alt.url))}/>")
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


def write_sitemap(config: SiteConfig, jobs: Iterable[Job], writer: Writer) -> None:
    """Write sitemap.xml and robots.txt at the top of the output folder."""
    writer.write(SITEMAP_FILE, sitemap_xml(config, jobs), "sitemap")
    writer.write(ROBOTS_FILE, robots_txt(config), "sitemap")


def _uri(url: str) -> str:
    """Percent-encode what a URI may not contain (non-ASCII in a base_url path, spaces)."""
    return quote(url, safe=_URI_SAFE)
