"""JSON-LD on entry pages and articles, parsed back from the built pages."""
from __future__ import annotations

import pytest

from directory_site import Page, build, make_directory_site

BASE = "https://example.org"
OFFSHORE_ID = f"{BASE}/en/clusters/offshore-cluster/#organization"
HOSTILE = "Evil </script><script>alert(1)</script> & <!-- Co"


@pytest.fixture(scope="module")
def public(tmp_path_factory):
    site = make_directory_site(tmp_path_factory.mktemp("jsonld") / "site")
    (site / "content/en/directory/hostile.yaml").write_text(
        f"name: '{HOSTILE}'\ntype: programme\ncountry: BE\n"
        "description: |\n  Text with `</script>` and **bold** & more.\n", encoding="utf-8")
    return build(site)


def organization(public, path: str) -> dict:
    [data] = Page(public / path).json_ld()
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Organization"
    return data


def test_entry_page_describes_the_organisation_in_the_page_language(public):
    data = organization(public, "nl/clusters/offshore-cluster/index.html")
    assert data == {
        "@context": "https://schema.org", "@type": "Organization", "@id": OFFSHORE_ID,
        "name": "Offshore Cluster", "alternateName": "OC",
        "url": f"{BASE}/nl/clusters/offshore-cluster/",
        "mainEntityOfPage": f"{BASE}/nl/clusters/offshore-cluster/",
        "foundingDate": "2015",
        "address": {"@type": "PostalAddress", "addressCountry": "BE", "addressRegion": "Vlaanderen"},
        "areaServed": [{"@type": "Country", "name": "België"},
                       {"@type": "AdministrativeArea", "name": "Vlaanderen"}],
        "description": "Een cluster voor offshore energie. Zie Grenland.",
        "sameAs": [f"{BASE}/no/klynger/offshore-cluster/", f"{BASE}/en/clusters/offshore-cluster/"],
    }


def test_every_language_names_the_same_organisation_node(public):
    ids = {organization(public, path)["@id"] for path in (
        "nl/clusters/offshore-cluster/index.html", "no/klynger/offshore-cluster/index.html",
        "en/clusters/offshore-cluster/index.html")}
    assert ids == {OFFSHORE_ID}
    no = organization(public, "no/klynger/offshore-cluster/index.html")
    assert (no["name"], no["areaServed"][0]["name"], no["description"]) == \
        ("Offshore-klyngen", "Belgia", "En klynge for havenergi.")


def test_website_is_the_organisation_url_and_a_date_is_iso(public):
    data = organization(public, "en/clusters/zeeland-hub/index.html")
    assert data["url"] == "https://zeeland.example/"
    assert data["mainEntityOfPage"] == f"{BASE}/en/clusters/zeeland-hub/"
    assert data["foundingDate"] == "2019-10-02"
    assert data["@id"] == f"{BASE}/en/clusters/zeeland-hub/#organization"


def test_fields_an_entry_lacks_are_left_out(public):
    data = organization(public, "en/clusters/emile/index.html")
    assert "alternateName" not in data and "foundingDate" not in data
    assert data["address"] == {"@type": "PostalAddress", "addressCountry": "FR"}


def test_text_cannot_close_the_script_element(public):
    path = public / "en/clusters/hostile/index.html"
    html = path.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    data = organization(public, "en/clusters/hostile/index.html")
    assert data["name"] == HOSTILE
    assert data["description"] == "Text with </script> and bold & more."


def test_article_naming_entries_points_at_them_with_about(public):
    [data] = Page(public / "nl/nieuws/nieuw-windpark-op-zee/index.html").json_ld()
    assert data["about"] == [{"@type": "Organization", "@id": OFFSHORE_ID, "name": "Offshore Cluster",
                              "url": f"{BASE}/nl/clusters/offshore-cluster/"}]
    assert data["inLanguage"] == "nl"
    assert data["url"] == f"{BASE}/nl/nieuws/nieuw-windpark-op-zee/"


def test_article_about_an_entry_missing_in_its_language_uses_another_version(public):
    [data] = Page(public / "nl/nieuws/offshore-nieuws/index.html").json_ld()
    assert [node["@id"] for node in data["about"]] == [OFFSHORE_ID]
    [older] = Page(public / "en/news/an-older-story/index.html").json_ld()
    assert older["about"][0]["@id"] == f"{BASE}/en/clusters/grenland/#organization"


def test_article_naming_no_entry_has_one_news_article_without_about(public):
    [data] = Page(public / "nl/nieuws/alleen-in-het-nederlands/index.html").json_ld()
    assert data["@type"] == "NewsArticle"
    assert "about" not in data


def test_article_lists_its_clusters_linked_to_their_entry_pages(public):
    page = Page(public / "no/nyheter/nytt-havvindpark/index.html")
    assert page.find("section", class_="article-clusters")
    links = [(a["href"], text) for a, text in page.find("a") if a["href"].startswith("/no/klynger/")]
    assert ("/no/klynger/offshore-cluster/", "Offshore-klyngen") in links
    en = Page(public / "en/news/an-older-story/index.html")
    assert ("/en/clusters/grenland/", "Grenland Industry Cluster") in \
        [(a["href"], text) for a, text in en.find("a")]
