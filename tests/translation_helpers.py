"""Reading built pages for the translation tests: switcher, alternates, links."""
from __future__ import annotations

import io
from pathlib import Path

import lxml.html
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

BASE = "https://example.org/"


def build_fixture_copy(factory, name: str) -> Path:
    """Build a fresh copy of the fixture site once (for a module's read-only tests); the output folder."""
    from conftest import FIXTURE_SITE, build_site, copy_site

    site = copy_site(FIXTURE_SITE, factory.mktemp(name) / "site")
    result = build_site(site)
    assert result.code == 0, result.err
    return site / "public"


def page(out: Path, rel: str) -> lxml.html.HtmlElement:
    """The parsed output page at ``rel`` (a URL path such as ``en/news/``)."""
    path = out / rel / "index.html" if not rel.endswith(".html") else out / rel
    return lxml.html.fromstring(path.read_bytes())


def switcher(doc: lxml.html.HtmlElement) -> dict[str, dict]:
    """hreflang -> {href, fallback, note} of each switcher link (the current language is absent)."""
    links = {}
    for li in doc.xpath('//nav[contains(@class, "language-switcher")]//li'):
        anchors = li.xpath("./a")
        if not anchors:
            continue
        a = anchors[0]
        note = li.xpath('./span[@class="fallback-note"]')
        links[a.get("hreflang")] = {"href": a.get("href"), "fallback": a.get("data-fallback") == "true",
                                    "note": note[0].text_content() if note else None}
    return links


def alternates(doc: lxml.html.HtmlElement) -> dict[str, str]:
    """hreflang -> href of the page's ``<link rel="alternate">`` elements."""
    return {link.get("hreflang"): link.get("href") for link in doc.xpath('//head/link[@rel="alternate"][@hreflang]')}


def html_pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if "assets" not in p.parts)


def url_of(out: Path, path: Path) -> str:
    rel = path.relative_to(out).as_posix()
    return BASE + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def write_catalog(site: Path, locale: str, messages: dict[str, str]) -> None:
    """Replace a locale's UI catalog in a test site with these translations."""
    catalog = Catalog(locale=locale, charset="utf-8")
    for msgid, text in messages.items():
        catalog.add(msgid, text)
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    path = site / "locales" / locale / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
