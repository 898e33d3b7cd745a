"""What an article page shows besides its body: reading time, neighbours, translations, metadata.

``og:locale`` needs a language with a territory (``nl_NL``); the site's locales
have none (``nl``, ``nb``, ``en``), so the territory comes from CLDR's likely
subtags: nl -> nl_NL, nb -> nb_NO, en -> en_US. A locale that already names a
territory (``en_GB``) is used as it is.

JSON-LD links the versions of one article: the version in the default language
(or, without one, the first in the site's language order) is taken as the
original; it lists the others as ``workTranslation`` and they name it as
``translationOfWork``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.core import get_global
from markupsafe import Markup

from builder.config import SiteConfig
from builder.events import article_events
from builder.model import Article
from builder.site import Site
from builder.structured_data import about_nodes, script_json
from builder.urls import absolute


@dataclass(frozen=True)
class TranslationLink:
    lang: str
    name: str  # the language's name in itself
    hreflang: str
    url: str
    title: str


@lru_cache(maxsize=None)  # Babel's Locale.parse scans every known locale: once per locale, not per page
def og_locale(locale: str) -> str:
    """``nl`` -> ``nl_NL``: the language with its most likely territory."""
    parsed = Locale.parse(locale)
    if parsed.territory:
        return f"{parsed.language}_{parsed.territory}"
    likely = get_global("likely_subtags").get(parsed.language, parsed.language)  # such as nl_Latn_NL
    # Read from the tag, not parsed: Babel has no locale for some likely tags (no_Latn_NO for 'no').
    territory = next((part for part in likely.split("_")[1:] if part.isupper() or part.isdigit()), None)
    return f"{parsed.language}_{territory}" if territory else parsed.language


def neighbours(site: Site, article: Article) -> dict[str, Article | None]:
    """The article published just before (``previous``) and after (``next``) in its language."""
    articles, positions = site.article_positions(article.lang)  # newest first
    index = positions[article.key]
    return {"previous": articles[index + 1] if index + 1 < len(articles) else None,
            "next": articles[index - 1] if index > 0 else None}


def translation_links(site: Site, article: Article) -> list[TranslationLink]:
    """The other language versions, in the site's language order."""
    links = []
    for code, other in site.translations_of(article).items():
        if code != article.lang:
            language = site.config.language(code)
            links.append(TranslationLink(code, language.name, language.hreflang, other.url, other.title))
    return links


def article_meta(site: Site, article: Article) -> dict[str, Any]:
    """Open Graph values and the JSON-LD object (without the image, which needs the asset map)."""
    config = site.config
    versions = site.translations_of(article)
    return {
        "og_locale": og_locale(config.language(article.lang).locale),
        "og_alternates": [og_locale(config.language(c).locale) for c in versions if c != article.lang],
        "json_ld": {**_json_ld(config, article, versions), **_about(site, article)},
    }


def _about(site: Site, article: Article) -> dict[str, Any]:
    nodes = about_nodes(site, article)
    return {"about": nodes} if nodes else {}


def _json_ld(config: SiteConfig, article: Article, versions: dict) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "@id": absolute(config, article.url), "url": absolute(config, article.url),
        "headline": article.title,
        "datePublished": article.date.isoformat(),  # type: ignore[union-attr]
        "dateModified": article.last_change.isoformat(),
        "inLanguage": config.language(article.lang).hreflang,
        "publisher": {"@type": "Organization", "name": config.title[article.lang]},
    }
    if article.summary:
        data["description"] = article.summary
    if article.author:
        data["author"] = {"@type": "Person", "name": article.author}
    original = versions.get(config.default_language) or next(iter(versions.values()))
    others = [_work(config, v) for code, v in versions.items() if code != article.lang]
    if original.lang == article.lang and others:
        data["workTranslation"] = others
    elif original.lang != article.lang:
        data["translationOfWork"] = _work(config, original)
    return data


def _work(config: SiteConfig, article: Article) -> dict[str, str]:
    return {"@type": "NewsArticle", "@id": absolute(config, article.url),
            "inLanguage": config.language(article.lang).hreflang}


def article_extras(site: Site, article: Article) -> dict[str, Any]:
    """Everything article.html shows besides the item and its body."""
    return {"neighbours": neighbours(site, article), "translations": translation_links(site, article),
            "reading_minutes": article.reading_minutes, "meta": article_meta(site, article),
            "events": article_events(site, article)}


def dump_json_ld(data: dict[str, Any], image: str | None = None) -> Markup:
    """The article's JSON-LD with its image (known only to the template) for a ``<script>``."""
    return script_json({**data, **({"image": image} if image else {})})
