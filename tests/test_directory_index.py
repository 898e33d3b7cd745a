"""The directory index: sorted per language, localised countries, filters with counts, script hooks."""
from __future__ import annotations

import re

import pytest

from directory_site import Page, build, make_directory_site

SECTION = {"nl": "nl/clusters", "no": "no/klynger", "en": "en/clusters"}
ENTRY_LINK = re.compile(r"^/(nl|no|en)/(clusters|klynger)/[^/]+/$")


@pytest.fixture(scope="module")
def public(tmp_path_factory):
    return build(make_directory_site(tmp_path_factory.mktemp("directory") / "site"))


def index(public, lang: str) -> Page:
    return Page(public / SECTION[lang] / "index.html")


def entry_names(page: Page) -> list[str]:
    """Names of the listed entries, in order (links to entry pages in any language)."""
    return [text for attrs, text in page.find("a") if ENTRY_LINK.match(attrs.get("href") or "")]


def items(page: Page) -> list[dict]:
    return [attrs for attrs, _ in page.find("li", class_="directory-item")]


def options(page: Page, name: str) -> list[tuple[str, str]]:
    """(value, text) of each option of the select ``name``, in order."""
    found, inside = [], False
    for tag, attrs, text in page.elements:
        if tag == "select":
            inside = attrs.get("name") == name
        elif tag == "option" and inside:
            found.append((attrs.get("value"), " ".join("".join(text).split())))
    return found


def test_norwegian_list_puts_ae_oe_aa_names_after_z(public):
    assert entry_names(index(public, "no")) == [
        "Eindhoven Cluster", "Émile Industries", "Industriklyngen Grenland", "Offshore-klyngen",
        "Zeeland Hub", "Ørsted Network", "Åsgard Energi"]


def test_english_and_dutch_lists_ignore_accents(public):
    assert entry_names(index(public, "en")) == [
        "Åsgard Energy", "Eindhoven Cluster", "Émile Industries", "Grenland Industry Cluster",
        "Offshore Cluster", "Ørsted Network", "Zeeland Hub"]
    assert entry_names(index(public, "nl")) == [
        "Åsgard Energie", "Eindhoven Cluster", "Émile Industries", "Grenland Industry Cluster",
        "Offshore Cluster", "Ørsted Network", "Zeeland Hub"]


def test_entry_missing_in_a_language_is_listed_with_a_language_marker(public):
    [(attrs, text)] = [(a, t) for a, t in index(public, "nl").find("li", class_="directory-item")
                       if t.startswith("Grenland")]
    assert "(English)" in text
    assert attrs["data-country"] == "NO"


def test_country_names_are_localised(public):
    def country_of(lang: str, name: str) -> str:
        for _, text in index(public, lang).find("li", class_="directory-item"):
            if text.startswith(name):
                return text
        raise AssertionError(name)
    assert "België" in country_of("nl", "Offshore Cluster")
    assert "Belgia" in country_of("no", "Offshore-klyngen")
    assert "Belgium" in country_of("en", "Offshore Cluster")


def test_every_item_carries_its_filter_values_as_data_attributes(public):
    zeeland = next(a for a in items(index(public, "en")) if a["data-country"] == "NL"
                   and a["data-type"] == "industrial_cluster")
    assert zeeland["data-ecosystems"] == "energy-intensive-industries digital"
    assert zeeland["data-themes"] == "green-industry"
    assert {a["data-type"] for a in items(index(public, "en"))} == \
        {"cluster_organisation", "industrial_cluster", "programme"}


def test_without_javascript_every_item_is_shown(public):
    page = index(public, "en")
    assert len(items(page)) == 7
    assert all("hidden" not in attrs for attrs in items(page))
    [(count, text)] = page.find("p", class_="directory-count")
    assert count["aria-live"] == "polite"
    assert text == "Showing 7 of 7"
    assert count["data-template"] == "Showing {shown} of {total}"


def test_filters_offer_each_value_with_its_count(public):
    page = index(public, "en")
    assert options(page, "country") == [
        ("", "All (7)"), ("BE", "Belgium (1)"), ("DK", "Denmark (1)"), ("FR", "France (1)"),
        ("NL", "Netherlands (2)"), ("NO", "Norway (2)")]
    assert options(page, "type") == [
        ("", "All (7)"), ("cluster_organisation", "Cluster organisation (5)"),
        ("industrial_cluster", "Industrial cluster (1)"), ("programme", "Programme (1)")]
    assert options(page, "ecosystem") == [
        ("", "All (7)"), ("digital", "Digital (2)"),
        ("energy-intensive-industries", "Energy-intensive industries (1)"),
        ("renewable-energy", "Renewable energy (2)")]
    assert options(page, "theme") == [
        ("", "All (7)"), ("green-industry", "Green industry (2)"), ("offshore-wind", "Offshore wind (3)")]


def test_filter_labels_follow_the_language_and_its_collation(public):
    page = index(public, "no")
    assert [text for _, text in options(page, "country")][1:] == [
        "Belgia (1)", "Danmark (1)", "Frankrike (1)", "Nederland (2)", "Norge (2)"]
    assert [text for _, text in options(page, "ecosystem")][1:] == [
        "Digitale næringer (2)", "Energiintensiv industri (1)", "Fornybar energi (2)"]
    assert [text for _, text in options(page, "theme")][1:] == ["Grønn industri (2)", "Havvind (3)"]
    assert [text for _, text in options(index(public, "nl"), "type")][2] == "Industriële cluster (1)"


def test_filter_form_has_the_four_named_selects_and_loads_the_script(public):
    page = index(public, "nl")
    assert page.find("form", class_="directory-filters")
    assert [a["name"] for a, _ in page.find("select")] == ["country", "type", "ecosystem", "theme"]
    [(script, _)] = [(a, t) for a, t in page.find("script") if "directory-filter" in (a.get("src") or "")]
    src = script["src"]
    assert src.startswith("/assets/js/directory-filter.") and src.endswith(".js")
    assert (public / src.lstrip("/")).is_file()


def test_filter_script_reads_the_markup_contract():
    from conftest import REPO
    script = (REPO / "assets/js/directory-filter.js").read_text(encoding="utf-8")
    for hook in ("form.directory-filters", "li.directory-item", ".directory-count", "hidden",
                 "URLSearchParams", "replaceState", '"ecosystems"', '"themes"'):
        assert hook in script
