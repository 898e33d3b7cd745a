"""Cross-language navigation on the fixture site: switcher, hreflang, themes, untranslated items."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURE_SITE, build_site
from translation_helpers import build_fixture_copy, BASE, alternates, html_pages, page, switcher, url_of, write_catalog


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return build_fixture_copy(tmp_path_factory, "translations")


# 1. Switcher with the fallback chain

def test_switcher_leads_to_the_same_article_in_each_language(out):
    links = switcher(page(out, "en/news/new-offshore-wind-farm"))
    assert links["nl"] == {"href": "/nl/nieuws/nieuw-windpark-op-zee/", "fallback": False, "note": None}
    assert links["nb"] == {"href": "/no/nyheter/nytt-havvindpark/", "fallback": False, "note": None}


def test_switcher_marks_the_current_language_without_a_link(out):
    doc = page(out, "en/news/new-offshore-wind-farm")
    current = doc.xpath('//nav[contains(@class, "language-switcher")]//span[@aria-current="true"]')
    assert [c.text_content() for c in current] == ["English"]
    assert "en" not in switcher(doc)


def test_switcher_falls_back_to_section_index_for_a_missing_article(out):
    links = switcher(page(out, "nl/nieuws/alleen-in-het-nederlands"))
    assert links["nb"]["href"] == "/no/nyheter/" and links["nb"]["fallback"]
    assert links["en"]["href"] == "/en/news/" and links["en"]["fallback"]


def test_switcher_falls_back_to_directory_index_for_a_missing_entry(out):
    links = switcher(page(out, "no/klynger/grenland"))
    assert links["nl"] == {"href": "/nl/clusters/", "fallback": True, "note": links["nl"]["note"]}
    assert links["en"] == {"href": "/en/clusters/grenland/", "fallback": False, "note": None}


def test_switcher_falls_back_to_home_for_a_page_in_one_language_only(out):
    links = switcher(page(out, "no/personvern"))
    assert links["nl"]["href"] == "/nl/" and links["nl"]["fallback"]
    assert links["en"]["href"] == "/en/" and links["en"]["fallback"]


def test_switcher_of_a_page_in_all_three_languages_has_no_fallback(out):
    for rel in ("nl/over-deze-site", "no/om-nettstedet", "en/about-this-site"):
        links = switcher(page(out, rel))
        assert len(links) == 2 and not any(link["fallback"] for link in links.values())
        assert {link["href"] for link in links.values()} < {"/nl/over-deze-site/", "/no/om-nettstedet/",
                                                           "/en/about-this-site/"}


def test_fallback_note_names_the_missing_language_in_the_visitors_language(out):
    nl_links = switcher(page(out, "nl/nieuws/alleen-in-het-nederlands"))
    assert "Engels" in nl_links["en"]["note"]  # English, named in Dutch
    no_links = switcher(page(out, "no/klynger/grenland"))
    assert "nederlandsk" in no_links["nl"]["note"]  # Dutch, named in Norwegian


def test_fallback_note_and_outdated_notice_use_the_ui_catalog(site):
    write_catalog(site, "nl", {"not available in %(language)s": "niet beschikbaar in het %(language)s",
                               "This translation may be out of date.": "Deze vertaling is mogelijk verouderd.",
                               "Read the newer version in %(language)s": "Lees de nieuwere versie in het "
                                                                         "%(language)s"})
    result = build_site(site)
    assert result.code == 0, result.err
    out = site / "public"
    assert switcher(page(out, "nl/nieuws/alleen-in-het-nederlands"))["en"]["note"] == \
        "(niet beschikbaar in het Engels)"
    notice = page(out, "nl/nieuws/nieuw-windpark-op-zee").xpath('//p[@class="outdated-notice"]')[0]
    assert " ".join(notice.text_content().split()) == \
        "Deze vertaling is mogelijk verouderd. Lees de nieuwere versie in het Engels"


def test_paginated_lists_link_to_the_first_page_of_the_other_languages_list(out):
    assert (out / "en/news/2/index.html").is_file()
    links = switcher(page(out, "en/news/2"))
    assert links["nl"] == {"href": "/nl/nieuws/", "fallback": False, "note": None}
    assert links["nb"] == {"href": "/no/nyheter/", "fallback": False, "note": None}


def test_every_switcher_link_leads_to_a_built_page(out):
    for path in html_pages(out):
        for link in switcher(page(out, path.relative_to(out).as_posix())).values():
            target = out / link["href"].lstrip("/") / "index.html"
            assert target.is_file(), f"{path}: switcher link {link['href']} leads nowhere"


# 2. hreflang: itself, every translation, x-default

def test_hreflang_lists_the_page_itself_every_translation_and_x_default(out):
    expected = {"nl": BASE + "nl/over-deze-site/", "nb": BASE + "no/om-nettstedet/",
                "en": BASE + "en/about-this-site/", "x-default": BASE + "en/about-this-site/"}
    for rel in ("nl/over-deze-site", "no/om-nettstedet", "en/about-this-site"):
        assert alternates(page(out, rel)) == expected


def test_hreflang_uses_the_cldr_locale_not_the_url_code(out):
    doc = page(out, "no/nyheter/nytt-havvindpark")
    assert doc.get("lang") == "nb"
    assert alternates(doc)["nb"] == BASE + "no/nyheter/nytt-havvindpark/"
    assert "no" not in alternates(doc)


def test_x_default_is_the_root_chooser_where_the_default_language_lacks_the_item(out):
    assert alternates(page(out, "nl/nieuws/alleen-in-het-nederlands")) == {
        "nl": BASE + "nl/nieuws/alleen-in-het-nederlands/", "x-default": BASE}
    assert alternates(page(out, "no/personvern")) == {"nb": BASE + "no/personvern/", "x-default": BASE}


def test_x_default_is_the_default_languages_version_where_it_exists(out):
    assert alternates(page(out, "no/klynger/grenland"))["x-default"] == BASE + "en/clusters/grenland/"


def test_every_page_with_alternates_lists_itself_and_x_default(out):
    for path in html_pages(out):
        found = alternates(page(out, path.relative_to(out).as_posix()))
        if path.name == "404.html":
            assert found == {}
            continue
        assert url_of(out, path) in found.values(), path
        assert "x-default" in found, path


def test_root_page_lists_every_home_and_itself_as_x_default(out):
    assert alternates(page(out, "")) == {"nl": BASE + "nl/", "nb": BASE + "no/", "en": BASE + "en/",
                                         "x-default": BASE}


# 5. Themes

def test_theme_pages_are_translations_of_each_other(out):
    expected = {"nl": BASE + "nl/themas/offshore-wind/", "nb": BASE + "no/tema/havvind/",
                "en": BASE + "en/themes/offshore-wind/", "x-default": BASE + "en/themes/offshore-wind/"}
    for rel in ("nl/themas/offshore-wind", "no/tema/havvind", "en/themes/offshore-wind"):
        assert alternates(page(out, rel)) == expected
    links = switcher(page(out, "no/tema/havvind"))
    assert links["nl"]["href"] == "/nl/themas/offshore-wind/" and not links["nl"]["fallback"]
    assert links["en"]["href"] == "/en/themes/offshore-wind/" and not links["en"]["fallback"]


def test_theme_slug_comes_from_themes_yaml_per_language(out):
    assert alternates(page(out, "en/themes/green-industry")) == {
        "nl": BASE + "nl/themas/groene-industrie/", "nb": BASE + "no/tema/gronn-industri/",
        "en": BASE + "en/themes/green-industry/", "x-default": BASE + "en/themes/green-industry/"}


def _add_english_only_theme(site: Path) -> None:
    with (site / "content/en/themes.yaml").open("a", encoding="utf-8") as handle:
        handle.write("hydrogen: Hydrogen\n")


def test_theme_without_a_label_in_a_language_is_a_warning(site):
    _add_english_only_theme(site)
    result = build_site(site)
    assert result.code == 0, result.err
    assert "content/nl/themes.yaml:1: warning: theme 'hydrogen' has no label in 'nl'" in result.err
    assert "content/no/themes.yaml:1: warning: theme 'hydrogen' has no label in 'no'" in result.err
    links = switcher(page(site / "public", "en/themes/hydrogen"))
    assert links["nl"] == {"href": "/nl/themas/", "fallback": True, "note": links["nl"]["note"]}


def test_theme_without_a_label_in_a_language_is_an_error_under_strict(site):
    _add_english_only_theme(site)
    result = build_site(site, "--strict")
    assert result.code == 1
    assert "content/nl/themes.yaml:1: theme 'hydrogen' has no label in 'nl'" in result.err.splitlines()
    assert not (site / "public").exists()


# 6. Untranslated items: listed with a marker, or hidden

def _titles_and_markers(doc, css_class: str) -> list[tuple[str, str | None]]:
    found = []
    for li in doc.xpath(f'//ul[contains(@class, "{css_class}")]/li'):
        marker = li.xpath('.//span[@class="lang-marker"]')
        found.append((li.xpath(".//a")[0].text_content(), marker[0].text_content() if marker else None))
    return found


def _news_pages(out: Path, section: str) -> list:
    """Every page of a paginated news list (news_per_page is small in the fixture)."""
    docs, number = [page(out, section)], 2
    while (out / section / str(number) / "index.html").is_file():
        docs.append(page(out, f"{section}/{number}"))
        number += 1
    return docs


def _listed_news(out: Path, section: str) -> list[tuple[str, str | None]]:
    return [entry for doc in _news_pages(out, section) for entry in _titles_and_markers(doc, "news-list")]


def test_untranslated_items_are_listed_with_a_language_marker_by_default(out):
    assert ("Alleen in het Nederlands", "(Nederlands)") in _listed_news(out, "en/news")
    link = next(a for doc in _news_pages(out, "en/news") for a in doc.xpath('//a[text()="Alleen in het Nederlands"]'))
    assert link.get("href") == "/nl/nieuws/alleen-in-het-nederlands/" and link.get("hreflang") == "nl"
    assert ("Grenland Industry Cluster", "(English)") in _titles_and_markers(page(out, "nl/clusters"),
                                                                             "directory-list")


def test_translated_items_are_listed_without_a_marker(out):
    assert ("New offshore wind farm", None) in _listed_news(out, "en/news")


def test_untranslated_hide_leaves_items_out_of_other_languages_lists(site):
    with (site / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("untranslated: hide\n")
    result = build_site(site)
    assert result.code == 0, result.err
    out = site / "public"
    for rel in ("en", "en/themes/green-industry"):
        assert "Alleen in het Nederlands" not in page(out, rel).text_content(), rel
    for section in ("en/news", "no/nyheter"):
        assert all(title != "Alleen in het Nederlands" for title, _ in _listed_news(out, section)), section
    assert "Grenland" not in page(out, "nl/clusters").text_content()
    assert "An older story" not in page(out, "no/klynger/grenland").text_content()
    assert "An older story" in page(out, "en/clusters/grenland").text_content()
    assert not page(out, "en").xpath('//span[@class="lang-marker"]')
    assert ("Alleen in het Nederlands", None) in _listed_news(out, "nl/nieuws")


def test_untranslated_hide_still_builds_every_switcher_link(site):
    with (site / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("untranslated: hide\n")
    assert build_site(site).code == 0
    out = site / "public"
    links = switcher(page(out, "nl/nieuws/alleen-in-het-nederlands"))
    assert links["en"]["href"] == "/en/news/" and links["en"]["fallback"]
    for path in html_pages(out):
        for link in switcher(page(out, path.relative_to(out).as_posix())).values():
            assert (out / link["href"].lstrip("/") / "index.html").is_file()


def test_switcher_chain_is_computed_by_the_builder():
    from builder.build import load_site
    from builder.errors import Diagnostics
    from builder.navigation import PageRef, language_links
    from builder.site import BuildOptions

    site = load_site(FIXTURE_SITE, BuildOptions(), Diagnostics())
    chain = {link.code: (link.url, link.fallback, link.current)
             for link in language_links(site, "no", PageRef("page", "personvern"))}
    assert chain == {"nl": ("/nl/", True, False), "no": ("/no/personvern/", False, True), "en": ("/en/", True, False)}
    chain = {link.code: (link.url, link.fallback) for link in language_links(site, "en", PageRef("news", number=2))}
    assert chain == {"nl": ("/nl/nieuws/", False), "no": ("/no/nyheter/", False), "en": ("/en/news/", False)}


def test_marked_links_in_every_kind_of_list_carry_hreflang_and_a_marker_in_that_language(out):
    # Grenland has no Dutch version: the relation on the Dutch Offshore Cluster page and the
    # Dutch directory list link to the English one; Norwegian items are marked "nb", not "no".
    cases = [("nl/clusters/offshore-cluster", "/en/clusters/grenland/", "en"),
             ("nl/clusters", "/en/clusters/grenland/", "en"),
             ("en/themes/green-industry", "/nl/nieuws/alleen-in-het-nederlands/", "nl")]
    for rel, href, lang in cases:
        links = page(out, rel).xpath(f'//main//a[@href="{href}"]')
        assert links, (rel, href)
        for link in links:
            assert link.get("hreflang") == lang, (rel, href)
            marker = link.getnext()
            assert marker is not None and marker.get("class") == "lang-marker" and marker.get("lang") == lang


def test_language_markers_use_the_locale_for_their_lang_attribute(site):
    (site / "content/no/news/bare-norsk.md").write_text(
        "---\ntitle: Bare på norsk\ndate: 2023-12-01\nthemes: [offshore-wind]\n---\nKun norsk.\n", encoding="utf-8")
    assert build_site(site).code == 0
    doc = page(site / "public", "en/themes/offshore-wind")
    link = doc.xpath('//main//a[@href="/no/nyheter/bare-pa-norsk/"]')[0]
    assert link.get("hreflang") == "nb" and link.getnext().get("lang") == "nb"
    assert link.getnext().text_content() == "(Norsk)"
