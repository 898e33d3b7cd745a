"""Entry pages show every fact, relations from both ends, and the news naming the entry."""
from __future__ import annotations

import pytest

from directory_site import Page, build, make_directory_site


@pytest.fixture(scope="module")
def public(tmp_path_factory):
    return build(make_directory_site(tmp_path_factory.mktemp("entries") / "site"))


def facts(page: Page) -> dict[str, str]:
    """dd class -> text of the entry's facts."""
    return {a["class"]: text for a, text in page.find("dd") if a.get("class")}


def relations(page: Page) -> list[str]:
    return [text for _, text in page.find("li", class_="relation")]


def news(page: Page) -> list[str]:
    return [text for _, text in page.find("h3")]


def test_entry_page_shows_name_short_name_and_every_fact(public):
    page = Page(public / "nl/clusters/offshore-cluster/index.html")
    [(_, heading)] = page.find("h1")
    assert heading == "Offshore Cluster (OC)"
    assert facts(page) == {
        "type": "Clusterorganisatie", "country": "België", "region": "Vlaanderen",
        "founded": "2015", "members": "1.250", "ecosystems": "Hernieuwbare energie",
        "themes": "Offshore wind"}


def test_inherited_facts_appear_in_every_language_with_local_formatting(public):
    no_page = public / "no/klynger/offshore-cluster/index.html"
    no = facts(Page(no_page))
    en = facts(Page(public / "en/clusters/offshore-cluster/index.html"))
    assert (no["country"], no["region"], no["ecosystems"], no["themes"]) == \
        ("Belgia", "Flandern", "Fornybar energi", "Havvind")
    assert '<dd class="members">1\u00a0250</dd>' in no_page.read_text(encoding="utf-8")
    assert (en["country"], en["region"], en["members"], en["ecosystems"]) == \
        ("Belgium", "Flanders", "1,250", "Renewable energy")


def test_website_links_out_and_a_founding_date_is_written_in_the_language(public):
    page = Page(public / "nl/clusters/zeeland-hub/index.html")
    assert facts(page)["founded"] == "2 oktober 2019"
    assert facts(page)["type"] == "Industriële cluster"
    assert [a["href"] for a, _ in page.find("a") if a.get("href", "").startswith("https://zeeland")] == \
        ["https://zeeland.example/"]
    ecosystems = [a["data-ecosystem"] for a, _ in page.find("li") if "data-ecosystem" in a]
    assert ecosystems == ["energy-intensive-industries", "digital"]
    assert facts(Page(public / "en/clusters/zeeland-hub/index.html"))["founded"] == "October 2, 2019"


def test_status_other_than_active_is_shown(public):
    assert facts(Page(public / "en/clusters/grenland/index.html"))["status"] == "Merged"


def test_relation_shows_on_both_ends_with_the_reverse_label(public):
    # offshore-cluster: formed_from grenland; zeeland-hub: member_of offshore-cluster
    assert relations(Page(public / "en/clusters/offshore-cluster/index.html")) == [
        "Formed from: Grenland Industry Cluster", "Has member: Zeeland Hub"]
    assert relations(Page(public / "en/clusters/grenland/index.html")) == ["Merged into: Offshore Cluster"]
    assert relations(Page(public / "en/clusters/zeeland-hub/index.html")) == ["Member of: Offshore Cluster"]


def test_relation_labels_are_in_the_visitors_language(public):
    assert relations(Page(public / "no/klynger/grenland/index.html")) == ["Slått sammen med: Offshore-klyngen"]
    assert relations(Page(public / "nl/clusters/offshore-cluster/index.html")) == [
        "Ontstaan uit: Grenland Industry Cluster (English)", "Heeft als lid: Zeeland Hub"]


def test_news_naming_the_entry_lists_same_language_newest_first_then_others_marked(public):
    assert news(Page(public / "nl/clusters/offshore-cluster/index.html")) == [
        "Offshore nieuws", "Handelsmissie naar de Noordzeebeurzen", "Nieuw windpark op zee",
        "Offshore update (English)"]
    assert news(Page(public / "en/clusters/offshore-cluster/index.html")) == [
        "Offshore update", "Trade mission to the North Sea fairs", "New offshore wind farm",
        "Offshore nieuws (Nederlands)"]


def test_news_in_another_language_links_with_its_hreflang(public):
    page = Page(public / "no/klynger/grenland/index.html")
    assert news(page) == ["An older story (English)"]
    [(link, _)] = [(a, t) for a, t in page.find("a") if t == "An older story"]
    assert link["hreflang"] == "en"


def test_entry_without_news_or_relations_has_neither_section(public):
    page = Page(public / "en/clusters/emile/index.html")
    assert relations(page) == [] and news(page) == []
    assert not page.find("h2", id="news-heading")
