"""Search: Pagefind runs inside `builder build`, one index per language, real content only."""
from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import build_site

from visitor import html_files


def _entry(out: Path) -> dict:
    return json.loads((out / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))


def _indexed_pages(out: Path) -> dict[str, list[str]]:
    """Pages marked for indexing, by <html lang>."""
    marked: dict[str, list[str]] = {}
    for path in html_files(out):
        html = path.read_text(encoding="utf-8")
        if "data-pagefind-body" in html:
            lang = re.search(r'<html lang="([^"]+)"', html).group(1)
            marked.setdefault(lang, []).append(str(path.relative_to(out)))
    return marked


def test_build_writes_one_search_index_per_language(fixture_output):
    languages = _entry(fixture_output)["languages"]
    assert sorted(languages) == ["en", "nb", "nl"]


def test_each_index_holds_exactly_the_pages_marked_as_content_in_that_language(fixture_output):
    languages = _entry(fixture_output)["languages"]
    marked = _indexed_pages(fixture_output)
    assert {lang: info["page_count"] for lang, info in languages.items()} == \
        {lang: len(pages) for lang, pages in marked.items()}


def test_lists_home_pages_and_the_search_page_are_not_indexed(fixture_output):
    marked = {page for pages in _indexed_pages(fixture_output).values() for page in pages}
    for unindexed in ("index.html", "404.html", "en/index.html", "en/news/index.html",
                      "en/clusters/index.html", "en/themes/index.html", "en/search/index.html"):
        assert unindexed not in marked
    assert "nl/nieuws/alleen-in-het-nederlands/index.html" in marked


def test_no_text_is_indexed_under_a_language_it_is_not_written_in(fixture_output):
    # A page marked for indexing shows its own language's item: fallback copies are never indexed twice.
    for lang, pages in _indexed_pages(fixture_output).items():
        code = {"nb": "no"}.get(lang, lang)
        assert all(page.startswith(f"{code}/") for page in pages), pages


def test_search_page_exists_in_every_language_with_its_html_lang(fixture_output):
    for code, lang in (("en", "en"), ("nl", "nl"), ("no", "nb")):
        html = (fixture_output / code / "search/index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in html
        assert "/pagefind/pagefind-ui.js" in html
        assert 'class="search-needs-js"' in html


def test_no_search_option_builds_without_an_index_and_says_search_is_unavailable(site):
    result = build_site(site, "--no-search")
    assert result.code == 0, result.err
    assert not (site / "public/pagefind").exists()
    html = (site / "public/en/search/index.html").read_text(encoding="utf-8")
    assert "pagefind" not in html
    assert "not available in this build" in html


def test_search_index_is_the_same_on_every_build(site, tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    assert build_site(site, out=first).code == 0
    assert build_site(site, out=second).code == 0
    files = sorted(p.relative_to(first) for p in (first / "pagefind").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in (second / "pagefind").rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes()
               for f in files)
