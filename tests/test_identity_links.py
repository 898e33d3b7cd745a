"""``@/`` links in articles, pages and directory descriptions (contract, "Links between pages")."""
from __future__ import annotations

from pathlib import Path

import pytest

from builder.links import find_links
from conftest import build_site
from translation_helpers import build_fixture_copy, page


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return build_fixture_copy(tmp_path_factory, "links")


def _link(doc, text: str):
    found = doc.xpath(f'//main//p/a[normalize-space(text())="{text}"]')
    assert len(found) == 1, f"link '{text}' not found once"
    return found[0]


def _marker_after(link) -> str | None:
    following = link.getnext()
    return following.text_content() if following is not None and following.get("class") == "lang-marker" \
        else None


def test_identity_link_in_an_article_resolves_to_the_same_language(out):
    link = _link(page(out, "nl/nieuws/nieuw-windpark-op-zee"), "Offshore Cluster")
    assert link.get("href") == "/nl/clusters/offshore-cluster/"
    assert link.get("hreflang") is None and _marker_after(link) is None


def test_identity_link_in_a_page_resolves_to_the_same_language(out):
    link = _link(page(out, "nl/over-deze-site"), "gids")
    assert link.get("href") == "/nl/clusters/offshore-cluster/" and link.get("hreflang") is None
    link = _link(page(out, "no/personvern"), "om nettstedet")
    assert link.get("href") == "/no/om-nettstedet/" and link.get("hreflang") is None


def test_identity_link_without_a_same_language_target_falls_back_with_hreflang_and_marker(out):
    link = _link(page(out, "en/news/new-offshore-wind-farm"), "Dutch-only story")
    assert link.get("href") == "/nl/nieuws/alleen-in-het-nederlands/"
    assert link.get("hreflang") == "nl"
    assert _marker_after(link) == "(Nederlands)"
    assert link.getnext().get("lang") == "nl"


def test_identity_link_in_a_directory_description_falls_back_to_the_default_language(out):
    link = _link(page(out, "nl/clusters/offshore-cluster"), "Grenland")
    assert link.get("href") == "/en/clusters/grenland/"
    assert link.get("hreflang") == "en" and _marker_after(link) == "(English)"


def test_no_identity_link_is_left_unresolved_in_the_output(out):
    for path in out.rglob("*.html"):
        assert 'href="@/' not in path.read_text(encoding="utf-8"), path


def test_reference_style_and_attribute_list_links_resolve(site):
    (site / "content/en/pages/links.md").write_text(
        "---\ntitle: Links\n---\nSee [the cluster][c] and [the page](@/pages/about){: .x}.\n\n"
        "[c]: @/directory/offshore-cluster\n", encoding="utf-8")
    assert build_site(site).code == 0
    doc = page(site / "public", "en/links")
    assert _link(doc, "the cluster").get("href") == "/en/clusters/offshore-cluster/"
    link = _link(doc, "the page")
    assert link.get("href") == "/en/about-this-site/" and link.get("class") == "x"


@pytest.mark.parametrize("rel_path, text, line, message", [
    ("content/en/news/broken.md", "---\ntitle: Broken\ndate: 2019-05-01\n---\nIntro.\n\nSee [x](@/news/nope).\n",
     7, "broken link '@/news/nope': there is no article 'nope' in any language"),
    ("content/nl/pages/kapot.md", "---\ntitle: Kapot\n---\nZie [x](@/pages/nope).\n",
     4, "broken link '@/pages/nope': there is no page 'nope' in any language"),
    ("content/en/directory/broken.yaml", "name: Broken\ntype: programme\ncountry: BE\ndescription: |\n"
     "  First line.\n  See [x](@/directory/nope).\n",
     6, "broken link '@/directory/nope': there is no directory entry 'nope' in any language"),
    ("content/nl/directory/kort.yaml", "name: Kort\ntype: programme\ncountry: BE\n"
     "description: Zie [x](@/directory/nope).\n",
     4, "broken link '@/directory/nope': there is no directory entry 'nope' in any language"),
    ("content/en/pages/ref.md", "---\ntitle: Ref\n---\nSee [x][r].\n\n[r]: @/themes/nope\n",
     6, "broken link '@/themes/nope': there is no theme 'nope' in any language"),
    ("content/en/pages/prefix.md", "---\ntitle: Prefix\n---\nSee [x](@/blog/a).\n",
     4, "broken link '@/blog/a': it must start with @/news/, @/directory/, @/pages/ or @/themes/"),
])
def test_broken_identity_link_is_a_build_error_naming_file_and_line(site, rel_path, text, line, message):
    (site / rel_path).write_text(text, encoding="utf-8")
    result = build_site(site)
    assert result.code == 1
    assert f"{rel_path}:{line}: {message}" in result.err.splitlines()
    assert not (site / "public").exists()


def test_links_are_found_in_source_order_with_their_lines_wherever_a_definition_stands():
    text = ("[a]: @/news/first\n"
            "Text with [inline](@/pages/about) and [x][a].\n"
            "   [b]: <@/directory/third#part>\n"
            "    [c]: @/news/code-block-not-a-definition\n"
            "\n"
            "[d]: @/themes/last")
    found = [(link.target, link.fragment, link.line) for link in find_links(text, "s.md", 10)]
    assert found == [("news/first", "", 10), ("pages/about", "", 11), ("directory/third", "#part", 12),
                     ("themes/last", "", 15)]
