"""No injection: text from content files stays text in HTML, attributes, JSON-LD, feeds and the sitemap.

The injection overlay puts one hostile value into titles, summaries, names, authors,
regions, theme labels and descriptions; the output is parsed back and every place
the value shows up must hold it whole, decoded to exactly what the author wrote.
"""
from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import FIXTURES, build_site

PAYLOAD = "Fish & Chips <script>alert(\"x\")</script> 'q' </script> Zq9"
MARK = "Zq9"  # survives only where the value is shown as text, not in slugs (zq9)


class Collector(HTMLParser):
    """Text nodes, attribute values and script elements of one HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.attributes: list[str] = []
        self.scripts: list[tuple[str, str]] = []  # (type, content)
        self._script_type: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes.extend(value for _, value in attrs if value)
        if tag == "script":
            self._script_type = dict(attrs).get("type") or "text/javascript"
            self.scripts.append((self._script_type, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script_type = None

    def handle_data(self, data: str) -> None:
        if self._script_type is not None:
            kind, content = self.scripts[-1]
            self.scripts[-1] = (kind, content + data)
        else:
            self.texts.append(data)


def parse_html(text: str) -> Collector:
    collector = Collector()
    collector.feed(text)
    collector.close()
    return collector


def strings_in_json(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in_json(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_in_json(v)]
    return [value] if isinstance(value, str) else []


def marked(values: list[str]) -> list[str]:
    return [value for value in values if MARK in value]


@pytest.fixture(scope="module")
def hostile_output(tmp_path_factory) -> Path:
    from conftest import copy_site, FIXTURE_SITE

    site = copy_site(FIXTURE_SITE, tmp_path_factory.mktemp("injection") / "site")
    shutil.copytree(FIXTURES / "injection", site, dirs_exist_ok=True)
    with (site / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write("raw_html: false\n")
    result = build_site(site)
    assert result.code == 0, result.err
    return site / "public"


def html_pages(output: Path) -> dict[str, Collector]:
    return {p.relative_to(output).as_posix(): parse_html(p.read_text(encoding="utf-8"))
            for p in sorted(output.rglob("*.html"))}


def test_hostile_text_is_text_wherever_it_appears_in_html(hostile_output):
    pages = html_pages(hostile_output)
    shown = [(path, value) for path, page in pages.items() for value in marked(page.texts + page.attributes)]
    assert len(shown) > 10
    for path, value in shown:
        assert PAYLOAD in value, f"{path}: {value!r}"


def test_hostile_text_never_becomes_a_script(hostile_output):
    for path, page in html_pages(hostile_output).items():
        for kind, content in page.scripts:
            assert "alert" not in content or kind == "application/ld+json", path


def test_article_title_summary_and_author_round_trip(hostile_output):
    [article] = hostile_output.glob("en/news/fish-chips-*/index.html")
    page = parse_html(article.read_text(encoding="utf-8"))
    texts = [" ".join(t.split()) for t in page.texts]
    assert PAYLOAD in texts or any(t.endswith(PAYLOAD) or t.startswith(PAYLOAD) for t in texts)
    assert any(value == PAYLOAD for value in page.attributes), "summary in meta description"
    assert sum(PAYLOAD in t for t in page.texts) >= 3  # title, author, body (and the title element)


def test_entry_name_region_and_description_round_trip(hostile_output):
    page = parse_html((hostile_output / "en/clusters/injection/index.html").read_text(encoding="utf-8"))
    assert sum(PAYLOAD in t for t in page.texts) >= 3  # name, region, description


def test_theme_label_round_trips(hostile_output):
    [theme] = hostile_output.glob("en/themes/fish-chips-*/index.html")
    page = parse_html(theme.read_text(encoding="utf-8"))
    assert any(PAYLOAD in t for t in page.texts)


def test_json_ld_holds_the_exact_values(hostile_output):
    blocks = [content for page in html_pages(hostile_output).values()
              for kind, content in page.scripts if kind == "application/ld+json"]
    assert blocks, "no <script type=\"application/ld+json\"> in any page of the output"
    values = [s for block in blocks for s in strings_in_json(json.loads(block))]
    assert marked(values), "JSON-LD exists but shows none of the hostile fields"
    for value in marked(values):
        assert PAYLOAD in value, value
    for block in blocks:
        assert "</script" not in block.lower()


def xml_values(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    values = []
    for element in root.iter():
        values.extend(v for v in element.attrib.values())
        values.extend(t for t in (element.text, element.tail) if t)
    return values


def check_xml_values(path: Path) -> None:
    """Text in XML is the value itself, or (Atom/RSS HTML content) HTML whose text is the value."""
    for value in marked(xml_values(path)):
        if PAYLOAD in value:
            continue
        inner = parse_html(value)
        assert not any("alert" in content for _, content in inner.scripts), f"{path}: {value!r}"
        for text in marked(inner.texts + inner.attributes):
            assert PAYLOAD in text, f"{path}: {text!r}"


def test_sitemap_is_well_formed_and_lists_the_hostile_pages(hostile_output):
    sitemap = hostile_output / "sitemap.xml"
    assert sitemap.is_file(), "sitemap.xml is missing from the output"
    locs = [e.text for e in ET.parse(sitemap).getroot().iter() if e.tag.endswith("loc")]
    assert any("/en/news/fish-chips-" in (loc or "") for loc in locs)
    check_xml_values(sitemap)


def test_feeds_are_well_formed_and_hold_the_exact_values(hostile_output):
    feeds = [p for p in sorted(hostile_output.rglob("*.xml")) if p.name != "sitemap.xml"]
    assert feeds, "no feed (*.xml other than sitemap.xml) in the output"
    seen = []
    for feed in feeds:
        check_xml_values(feed)
        seen.extend(marked(xml_values(feed)))
    assert seen, "feeds exist but show none of the hostile fields"


def write_body(site: Path, raw_html: bool) -> Path:
    with (site / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write(f"raw_html: {'true' if raw_html else 'false'}\n")
    (site / "content/en/pages/about.md").write_text(
        "---\ntitle: About this site\n---\nText with <mark>raw</mark> HTML.\n\n"
        "<div class=\"box\"><script>alert(1)</script></div>\n", encoding="utf-8")
    result = build_site(site)
    assert result.code == 0, result.err
    return site / "public/en/about-this-site/index.html"


def test_raw_html_in_markdown_is_kept_when_allowed(site):
    page = write_body(site, raw_html=True).read_text(encoding="utf-8")
    assert "<mark>raw</mark>" in page
    assert '<div class="box"><script>alert(1)</script></div>' in page


def test_raw_html_in_markdown_is_escaped_when_switched_off(site):
    page = parse_html(write_body(site, raw_html=False).read_text(encoding="utf-8"))
    assert not any("alert" in content for _, content in page.scripts)
    assert any("<mark>raw</mark>" in t for t in page.texts)
    assert any('<div class="box"><script>alert(1)</script></div>' in t for t in page.texts)
