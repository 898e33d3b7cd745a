"""Atom feeds per language and per theme, read by a real feed parser."""
from __future__ import annotations

import feedparser
import pytest

from conftest import FIXTURE_SITE, build_site, copy_site
from newshelpers import build_copy, parse_head, read

FEEDS = ["en/news/atom.xml", "nl/nieuws/atom.xml", "no/nyheter/atom.xml",
         "en/themes/offshore-wind/atom.xml", "nl/themas/groene-industrie/atom.xml", "no/tema/havvind/atom.xml"]


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return build_copy(tmp_path_factory.mktemp("feeds"))


def _parse(out, rel: str):
    return feedparser.parse((out / rel).read_bytes())


@pytest.mark.parametrize("rel", FEEDS)
def test_feeds_parse_without_errors_and_carry_rfc4287_essentials(out, rel):
    parsed = _parse(out, rel)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    feed = parsed.feed
    assert feed.id and feed.title and feed.updated_parsed
    rels = {link.rel: link.href for link in feed.links}
    assert rels["self"] == "https://example.org/" + rel
    assert rels["alternate"].startswith("https://example.org/")
    assert feed.author
    assert parsed.entries
    for entry in parsed.entries:
        assert entry.id.startswith("tag:example.org,") and entry.title and entry.updated_parsed
        assert entry.link.startswith("https://example.org/")


def test_language_feed_has_xml_lang_newest_first_with_summary_and_full_content(out):
    parsed = _parse(out, "nl/nieuws/atom.xml")
    assert parsed.feed.language == "nl"
    titles = [e.title for e in parsed.entries]
    assert titles == ["Handelsmissie naar de Noordzeebeurzen", "Nieuw windpark op zee", "Alleen in het Nederlands"]
    windpark = parsed.entries[1]
    assert windpark.summary == "Twee clusters werken samen aan een windpark."
    content = windpark.content[0]
    assert content.type == "text/html"
    assert '<h2 id="gronn-industri-pa-heroya">' in content.value
    assert 'href="https://example.org/nl/clusters/offshore-cluster/"' in content.value  # @/ link, absolute
    assert windpark.author == "Ann Peeters"
    assert windpark.published == "2019-03-25T00:00:00+01:00"


def test_updated_times_come_from_the_articles(out):
    parsed = _parse(out, "en/themes/offshore-wind/atom.xml")
    wind = next(e for e in parsed.entries if e.title == "New offshore wind farm")
    assert wind.updated == "2019-04-01T00:00:00+02:00" and wind.published == "2019-03-25T00:00:00+01:00"
    assert parsed.feed.updated == "2019-06-01T00:00:00+02:00"  # the newest entry's change


def test_theme_feed_holds_only_that_themes_articles_in_that_language(out):
    titles = [e.title for e in _parse(out, "en/themes/green-industry/atom.xml").entries]
    assert titles == ["Cable factory opens in the port"]


def test_entry_ids_are_stable_across_builds_and_slug_changes(out, tmp_path):
    site = copy_site(FIXTURE_SITE, tmp_path / "site")
    article = site / "content/nl/news/windpark.md"
    article.write_text(article.read_text(encoding="utf-8").replace("author:", "slug: ander-pad\nauthor:"),
                       encoding="utf-8")
    assert build_site(site).code == 0
    before = {e.title: e.id for e in _parse(out, "nl/nieuws/atom.xml").entries}
    after = {e.title: (e.id, e.link) for e in _parse(site / "public", "nl/nieuws/atom.xml").entries}
    assert after["Nieuw windpark op zee"] == ("tag:example.org,2019-03-25:nl/windpark",
                                              "https://example.org/nl/nieuws/ander-pad/")
    assert before["Nieuw windpark op zee"] == "tag:example.org,2019-03-25:nl/windpark"
    assert read(site / "public", "en/news/atom.xml") == read(out, "en/news/atom.xml")  # byte-identical


def test_feeds_honour_a_base_url_with_a_sub_path(tmp_path):
    out = build_copy(tmp_path, "--base-url", "https://preview.example.net/sub/")
    parsed = feedparser.parse((out / "nl/nieuws/atom.xml").read_bytes())
    assert parsed.bozo == 0
    rels = {link.rel: link.href for link in parsed.feed.links}
    assert rels == {"self": "https://preview.example.net/sub/nl/nieuws/atom.xml",
                    "alternate": "https://preview.example.net/sub/nl/nieuws/"}
    windpark = next(e for e in parsed.entries if e.title == "Nieuw windpark op zee")
    assert windpark.link == "https://preview.example.net/sub/nl/nieuws/nieuw-windpark-op-zee/"
    assert 'href="https://preview.example.net/sub/nl/clusters/offshore-cluster/"' in windpark.content[0].value
    head = parse_head(read(out, "nl/index.html"))
    assert [l["href"] for l in head.links if l.get("type") == "application/atom+xml"] == \
        ["https://preview.example.net/sub/nl/nieuws/atom.xml"]


def test_pages_link_their_feeds_in_head(out):
    def feeds(rel):
        return [(l["rel"], l["href"]) for l in parse_head(read(out, rel)).links
                if l.get("type") == "application/atom+xml"]
    assert feeds("en/index.html") == [("alternate", "https://example.org/en/news/atom.xml")]
    assert feeds("no/tema/havvind/index.html") == [("alternate", "https://example.org/no/nyheter/atom.xml"),
                                                   ("alternate", "https://example.org/no/tema/havvind/atom.xml")]
