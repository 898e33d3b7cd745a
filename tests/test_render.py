"""Rendered pages: languages, dates, switcher and hreflang on the fixture site."""
from __future__ import annotations

import re

from conftest import build_site


def read(built, path):
    return (built / path).read_text(encoding="utf-8")


def test_dates_are_long_format_in_each_locale(built):
    assert '<time datetime="2019-03-25T00:00:00+01:00">25 maart 2019</time>' in read(built, "nl/nieuws/nieuw-windpark-op-zee/index.html")
    assert "25. mars 2019" in read(built, "no/nyheter/nytt-havvindpark/index.html")
    assert "March 25, 2019" in read(built, "en/news/new-offshore-wind-farm/index.html")


def test_html_lang_comes_from_the_locale_not_the_url_code(built):
    assert '<html lang="nb">' in read(built, "no/index.html")
    assert '<html lang="nl">' in read(built, "nl/index.html")
    assert '<html lang="en">' in read(built, "index.html")


def test_switcher_leads_to_the_same_item_in_each_language(built):
    page = read(built, "no/nyheter/nytt-havvindpark/index.html")
    switcher = page.split('class="language-switcher"')[1].split("</nav>")[0]
    assert 'href="/nl/nieuws/nieuw-windpark-op-zee/"' in switcher
    assert 'href="/en/news/new-offshore-wind-farm/"' in switcher
    assert '<span aria-current="true" lang="nb">Norsk</span>' in switcher


def test_hreflang_lists_self_each_translation_and_x_default(built):
    page = read(built, "no/nyheter/nytt-havvindpark/index.html")
    links = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page)
    assert links == [
        ("nl", "https://example.org/nl/nieuws/nieuw-windpark-op-zee/"),
        ("nb", "https://example.org/no/nyheter/nytt-havvindpark/"),
        ("en", "https://example.org/en/news/new-offshore-wind-farm/"),
        ("x-default", "https://example.org/en/news/new-offshore-wind-farm/"),
    ]


def test_item_missing_in_default_language_has_the_root_as_x_default(built):
    page = read(built, "nl/nieuws/alleen-in-het-nederlands/index.html")
    links = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page)
    assert links == [("nl", "https://example.org/nl/nieuws/alleen-in-het-nederlands/"),
                     ("x-default", "https://example.org/")]


def test_every_page_type_is_rendered(built):
    for path in ("index.html", "404.html", "en/index.html", "en/news/index.html", "en/news/2/index.html",
                 "en/news/an-older-story/index.html", "en/clusters/index.html",
                 "en/clusters/grenland/index.html", "en/about-this-site/index.html",
                 "en/themes/index.html", "en/themes/offshore-wind/index.html"):
        assert (built / path).is_file(), path


def test_home_shows_the_latest_news_newest_first(built):
    home = read(built, "en/index.html")
    assert home.index("New offshore wind farm") < home.index("An older story")


def test_autoescape_is_on_for_titles(site):
    path = site / "content/en/pages/about.md"
    path.write_text("---\ntitle: A <b>bold</b> & title\n---\nx\n", encoding="utf-8")
    result = build_site(site)
    assert result.code == 0, result.err
    page = read(site / "public", "en/a-b-bold-b-title/index.html")
    assert "<h1>A &lt;b&gt;bold&lt;/b&gt; &amp; title</h1>" in page
