"""sitemap.xml with hreflang alternates, valid against the sitemaps.org schema; robots.txt."""
from __future__ import annotations

from pathlib import Path

import lxml.etree
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import build_site
from translation_helpers import build_fixture_copy, BASE, alternates, html_pages, page, url_of

SCHEMAS = Path(__file__).resolve().parent / "schemas"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return build_fixture_copy(tmp_path_factory, "sitemap")


def _validate(sitemap: Path) -> lxml.etree._ElementTree:
    schema = lxml.etree.XMLSchema(lxml.etree.parse(str(SCHEMAS / "sitemap-with-alternates.xsd")))
    tree = lxml.etree.parse(str(sitemap))
    assert schema.validate(tree), schema.error_log
    return tree


def _entries(tree) -> dict[str, dict[str, str]]:
    """loc -> {hreflang: href} of each <url>."""
    return {url.findtext("s:loc", namespaces=NS): {link.get("hreflang"): link.get("href")
                                                   for link in url.findall("x:link", NS)}
            for url in tree.getroot().findall("s:url", NS)}


def test_sitemap_is_valid_against_the_sitemaps_schema_with_alternates(out):
    _validate(out / "sitemap.xml")


def test_the_schema_check_rejects_an_invalid_sitemap(tmp_path, out):
    broken = tmp_path / "sitemap.xml"
    broken.write_text((out / "sitemap.xml").read_text().replace("<loc>", "<location>").replace("</loc>", "</location>"))
    schema = lxml.etree.XMLSchema(lxml.etree.parse(str(SCHEMAS / "sitemap-with-alternates.xsd")))
    assert not schema.validate(lxml.etree.parse(str(broken)))


def test_sitemap_lists_every_page_with_the_alternates_of_its_head(out):
    entries = _entries(lxml.etree.parse(str(out / "sitemap.xml")))
    pages = [p for p in html_pages(out) if p.name != "404.html"]
    assert sorted(entries) == sorted(url_of(out, p) for p in pages)
    for path in pages:
        url = url_of(out, path)
        assert entries[url] == alternates(page(out, path.relative_to(out).as_posix())), url
        assert url in entries[url].values() and "x-default" in entries[url]


def test_sitemap_alternates_of_a_page_in_all_three_languages(out):
    entries = _entries(lxml.etree.parse(str(out / "sitemap.xml")))
    assert entries[BASE + "no/om-nettstedet/"] == {
        "nl": BASE + "nl/over-deze-site/", "nb": BASE + "no/om-nettstedet/",
        "en": BASE + "en/about-this-site/", "x-default": BASE + "en/about-this-site/"}
    assert entries[BASE + "no/personvern/"] == {"nb": BASE + "no/personvern/", "x-default": BASE}
    assert entries[BASE + "en/themes/offshore-wind/"]["nb"] == BASE + "no/tema/havvind/"


def test_sitemap_gives_lastmod_from_updated_or_the_article_date(out):
    tree = lxml.etree.parse(str(out / "sitemap.xml"))
    lastmod = {url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
               for url in tree.getroot().findall("s:url", NS)}
    assert lastmod[BASE + "en/news/new-offshore-wind-farm/"] == "2019-04-01T00:00:00+02:00"
    assert lastmod[BASE + "nl/nieuws/nieuw-windpark-op-zee/"] == "2019-03-25T00:00:00+01:00"
    assert lastmod[BASE + "en/news/"] is None


def test_robots_txt_points_to_the_sitemap(out):
    lines = (out / "robots.txt").read_text().splitlines()
    assert "Sitemap: https://example.org/sitemap.xml" in lines
    assert "User-agent: *" in lines


def test_sitemap_and_robots_honour_a_base_url_with_a_sub_path(site):
    result = build_site(site, "--base-url", "https://example.org/sub/")
    assert result.code == 0, result.err
    out = site / "public"
    entries = _entries(_validate(out / "sitemap.xml"))
    assert all(loc.startswith("https://example.org/sub/") for loc in entries)
    assert entries["https://example.org/sub/en/about-this-site/"]["nl"] == "https://example.org/sub/nl/over-deze-site/"
    assert entries["https://example.org/sub/nl/nieuws/alleen-in-het-nederlands/"]["x-default"] == \
        "https://example.org/sub/"
    assert "Sitemap: https://example.org/sub/sitemap.xml" in (out / "robots.txt").read_text().splitlines()


@given(st.text())
def test_sitemap_escaping_writes_what_the_standard_library_would(value):
    # The sitemap escapes with two small functions of its own (importing xml.sax.saxutils costs
    # every build 18 ms); for every value it can be given, the bytes must be saxutils' bytes.
    from xml.sax.saxutils import escape, quoteattr
    from builder.sitemap import _attribute, _text, _uri
    assert _text(value) == escape(value)
    assert _attribute(_uri(value)) == quoteattr(_uri(value))
    if '"' not in value:
        assert _attribute(value) == quoteattr(value)
