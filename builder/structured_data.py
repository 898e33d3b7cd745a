"""JSON-LD for search engines: an ``Organization`` per entry page, ``about`` on articles.

One organisation has one ``@id`` in every language (its page in the first
language that has it, default language first), so an article in any language
points at the same node the entry pages describe.
"""
from __future__ import annotations

import html
import json
import re
from datetime import date
from typing import Any

from babel import Locale
from markupsafe import Markup

from builder.model import Article, Entry
from builder.site import Site
from builder.urls import absolute

SCHEMA_ORG = "https://schema.org"
_TAG = re.compile(r"<[^>]+>")
# Inside <script>, "</script" or "<!--" in a text would end or confuse the element;
# JSON allows these characters as \u escapes, which HTML leaves alone.
_SCRIPT_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def entry_jsonld(site: Site, entry: Entry) -> Markup:
    """The ``Organization`` an entry page describes, in the page's language."""
    return script_json(organization(site, entry))


def about_nodes(site: Site, article: Article) -> list[dict[str, Any]]:
    """The entries an article names, as references for its ``about``."""
    nodes = [_reference(site, key, article.lang) for key in article.clusters]
    return [node for node in nodes if node]


def organization(site: Site, entry: Entry) -> dict[str, Any]:
    config = site.config
    locale = config.language(entry.lang).locale
    page = absolute(config, entry.url)
    data = {
        "@context": SCHEMA_ORG, "@type": "Organization", "@id": organization_id(site, entry.key),
        "name": entry.title, "alternateName": entry.short_name,
        "url": entry.website or page, "mainEntityOfPage": page,
        "foundingDate": _founding_date(entry.founded),
        "address": {"@type": "PostalAddress", "addressCountry": entry.country,
                    "addressRegion": entry.region},
        "areaServed": _area_served(entry, locale),
        "description": html_to_text(entry.html),
        "sameAs": [absolute(config, other.url) for code, other in site.translations_of(entry).items()
                   if code != entry.lang],
    }
    return _without_empty(data)


def organization_id(site: Site, key: str) -> str | None:
    """The one identifier of an entry's organisation across languages."""
    item = site.preferred_version("entry", key, site.config.default_language)
    return absolute(site.config, item.url) + "#organization" if item else None


def script_json(data: Any) -> Markup:
    """JSON to place between <script type="application/ld+json"> tags.

    Compact: only ``json``'s C encoder writes without indentation, and no
    visitor reads it; ``<``, ``>`` and ``&`` are escaped so that no text in it
    can end the script element.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _SCRIPT_SAFE.items():
        text = text.replace(char, escaped)
    return Markup(text)


def html_to_text(body: str) -> str:
    """Plain text of rendered Markdown: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(_TAG.sub("", body)).split())


def _reference(site: Site, key: str, lang: str) -> dict[str, Any] | None:
    versions = site.versions("entry", key)
    entry = versions.get(lang) or next(iter(versions.values()), None)
    if entry is None:
        return None
    return {"@type": "Organization", "@id": organization_id(site, key), "name": entry.title,
            "url": absolute(site.config, entry.url)}


def _area_served(entry: Entry, locale: str) -> list[dict[str, str]]:
    country = Locale.parse(locale).territories.get(entry.country, entry.country)
    area = [{"@type": "Country", "name": country}]
    if entry.region:
        area.append({"@type": "AdministrativeArea", "name": entry.region})
    return area


def _founding_date(founded: int | date | None) -> str | None:
    if founded is None:
        return None
    return founded.isoformat() if isinstance(founded, date) else str(founded)


def _hreflang(site: Site, lang: str) -> str:
    return site.config.language(lang).hreflang


def _without_empty(data: dict[str, Any]) -> dict[str, Any]:
    """Leave out what the entry does not give, rather than writing null."""
    clean = {}
    for key, value in data.items():
        if isinstance(value, dict):
            value = _without_empty(value)
            if set(value) <= {"@type"}:
                continue
        if value not in (None, "", [], {}):
            clean[key] = value
    return clean
