from __future__ import annotations

import re

import pytest

from conftest import build_site
from newshelpers import build_copy, read


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return build_copy(tmp_path_factory.mktemp("pagination"))


def _titles(html: str) -> list[str]:
    return re.findall(r'<h[23]><a href="[^"]+"[^>]*>([^<]+)</a>', html)  # h2 under the news index's h1


def test_news_index_is_split_into_numbered_pages_newest_first(out):
    first, second, third = (read(out, p) for p in ("en/news/index.html", "en/news/2/index.html",
                                                   "en/news/3/index.html"))
    assert _titles(first) == ["Cable factory opens in the port", "Trade mission to the North Sea fairs"]
    assert _titles(second) == ["New offshore wind farm", "Alleen in het Nederlands"]
    assert _titles(third) == ["An older story"]
    assert not (out / "en/news/4").exists()


def test_every_list_page_links_each_page_by_number_and_marks_the_current_one(out):
    html = read(out, "en/news/2/index.html")
    assert "Page 2 of 3" in html
    assert '<a href="/en/news/" aria-label="Page 1">1</a>' in html
    assert '<span aria-current="page">2</span>' in html
    assert '<a href="/en/news/3/" aria-label="Page 3">3</a>' in html
    assert '<a href="/en/news/" rel="prev">' in html and '<a href="/en/news/3/" rel="next">' in html


def test_theme_pages_are_paginated_like_the_news_index(out):
    first = read(out, "en/themes/offshore-wind/index.html")
    second = read(out, "en/themes/offshore-wind/2/index.html")
    assert _titles(first) == ["Cable factory opens in the port", "Trade mission to the North Sea fairs"]
    assert _titles(second) == ["New offshore wind farm"]
    assert "Page 2 of 2" in second and '<a href="/en/themes/offshore-wind/" rel="prev">' in second
    assert '<link rel="canonical" href="https://example.org/en/themes/offshore-wind/2/">' in second


def test_a_themes_clusters_are_listed_on_its_first_page_only(out):
    # Later pages continue the news list; repeating the clusters on each multiplied them by the pages.
    first = read(out, "en/themes/offshore-wind/index.html")
    second = read(out, "en/themes/offshore-wind/2/index.html")
    assert 'id="theme-clusters"' in first and '<a href="/en/clusters/offshore-cluster/">' in first
    assert 'id="theme-clusters"' not in second and "/en/clusters/" not in second.split("<main")[1]


def test_a_single_page_list_shows_no_pagination(out):
    assert 'class="pagination"' not in read(out, "en/themes/green-industry/index.html")


def test_page_label_is_localised_through_the_catalog(site):
    catalog = site / "locales/nl/LC_MESSAGES/messages.po"
    text = catalog.read_text(encoding="utf-8")
    text = text.replace('msgid "Page %(number)s of %(count)s"\nmsgstr ""',
                        'msgid "Page %(number)s of %(count)s"\nmsgstr "Pagina %(number)s van %(count)s"')
    catalog.write_text(text, encoding="utf-8")
    assert build_site(site).code == 0
    assert "Pagina 2 van 3" in read(site / "public", "nl/nieuws/2/index.html")


def test_a_page_links_a_window_of_page_numbers_not_every_page():
    from builder.pages import page_links

    def numbers(number, count):
        return [link and link[0] for link in page_links(number, count, lambda n: f"/news/{n}/")]

    assert numbers(1, 3) == [1, 2, 3]
    assert numbers(10, 20) == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert numbers(1, 20) == [1, 2, 3, None, 20]
    assert numbers(4, 20) == [1, 2, 3, 4, 5, 6, None, 20]  # no gap of one left out
    assert numbers(20, 20) == [1, None, 18, 19, 20]
    assert all(len([n for n in numbers(k, 500) if n]) <= 7 for k in range(1, 501))


def test_left_out_page_numbers_are_shown_as_a_gap_hidden_from_screen_readers(site):
    (site / "site.yaml").write_text((site / "site.yaml").read_text(encoding="utf-8")
                                    .replace("news_per_page: 2", "news_per_page: 1"), encoding="utf-8")
    assert "news_per_page: 1" in (site / "site.yaml").read_text(encoding="utf-8")
    assert build_site(site).code == 0
    html = read(site / "public", "en/news/index.html")
    assert '<li class="gap" aria-hidden="true">…</li>' in html
    assert html.count('aria-label="Page ') == 3  # pages 2 and 3, then the last one
