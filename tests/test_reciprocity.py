"""After rendering, the build checks hreflang reciprocity over the written HTML."""
from __future__ import annotations

import re
from pathlib import Path

from builder.config import load_config
from builder.reciprocity import check_reciprocity, file_of_url, url_of_file
from conftest import FIXTURE_SITE, build_site

HEAD = '<!DOCTYPE html><html><head>{links}</head><body><link rel="alternate" hreflang="de" href="x"></body></html>'


def _write(root: Path, file: str, *alternates: tuple[str, str]) -> None:
    links = "\n".join(f'<link rel="alternate" hreflang="{h}" href="https://example.org/{u}">'
                      for h, u in alternates)
    (root / file).parent.mkdir(parents=True, exist_ok=True)
    (root / file).write_text(HEAD.format(links=links), encoding="utf-8")


def _check(root: Path) -> list[str]:
    files = [p.relative_to(root).as_posix() for p in sorted(root.rglob("*.html"))]
    return [str(p) for p in check_reciprocity(root, files, load_config(FIXTURE_SITE), "public")]


def _pair(root: Path, nl_extra: tuple = (), en_extra: tuple = ()) -> None:
    _write(root, "index.html", ("x-default", ""))
    _write(root, "nl/a/index.html", ("nl", "nl/a/"), ("en", "en/a/"), ("x-default", "en/a/"), *nl_extra)
    _write(root, "en/a/index.html", ("nl", "nl/a/"), ("en", "en/a/"), ("x-default", "en/a/"), *en_extra)


def test_reciprocal_pages_pass(tmp_path):
    _pair(tmp_path)
    assert _check(tmp_path) == []


def test_a_translation_that_does_not_link_back_is_reported_with_file_and_line(tmp_path):
    _pair(tmp_path)
    _write(tmp_path, "en/a/index.html", ("en", "en/a/"), ("x-default", "en/a/"))
    problems = _check(tmp_path)
    assert len(problems) == 1
    assert problems[0].startswith("public/nl/a/index.html:2: hreflang 'en' points to https://example.org/en/a/, "
                                  "which does not list this page back")


def test_translations_that_disagree_on_x_default_are_reported(tmp_path):
    _pair(tmp_path)
    _write(tmp_path, "en/a/index.html", ("nl", "nl/a/"), ("en", "en/a/"), ("x-default", ""))
    problems = _check(tmp_path)
    assert any("public/nl/a/index.html:2: hreflang 'en'" in p and "whose alternates differ" in p
               for p in problems)


def test_a_page_that_does_not_list_itself_is_reported(tmp_path):
    _write(tmp_path, "index.html", ("x-default", ""))
    _write(tmp_path, "nl/b/index.html", ("x-default", ""))
    assert _check(tmp_path)[0].startswith("public/nl/b/index.html:1: the hreflang alternates do not list the "
                                          "page itself (https://example.org/nl/b/)")


def test_alternates_to_missing_or_foreign_pages_are_reported(tmp_path):
    _pair(tmp_path, nl_extra=(("nb", "no/a/"),))
    _write(tmp_path, "de/index.html", ("de", "de/"), ("x-default", "de/"))
    (tmp_path / "de/index.html").write_text((tmp_path / "de/index.html").read_text().replace(
        'href="https://example.org/de/"', 'href="https://elsewhere.example/de/"', 1))
    problems = "\n".join(_check(tmp_path))
    assert "public/nl/a/index.html:4: hreflang 'nb' points to https://example.org/no/a/, which is not a page " \
           "of this build" in problems
    assert "hreflang 'de' points to https://elsewhere.example/de/, which is not on this site" in problems


def test_a_language_given_twice_is_reported(tmp_path):
    _pair(tmp_path, nl_extra=(("en", "nl/a/"),))
    assert any("hreflang 'en' is given twice" in p for p in _check(tmp_path))


def test_urls_and_output_files_map_both_ways_under_a_sub_path():
    config = load_config(FIXTURE_SITE).with_base_url("https://example.org/sub/")
    assert url_of_file(config, "index.html") == "https://example.org/sub/"
    assert url_of_file(config, "nl/a/index.html") == "https://example.org/sub/nl/a/"
    assert file_of_url(config, "https://example.org/sub/nl/a/") == "nl/a/index.html"
    assert file_of_url(config, "https://example.org/nl/a/") is None


def test_build_fails_when_a_tampered_template_breaks_reciprocity(site):
    base = site / "templates/base.html"
    # English pages stop naming their Dutch version; Dutch pages still name the English one.
    base.write_text(base.read_text(encoding="utf-8").replace(
        "{% for alt in alternates %}",
        "{% for alt in alternates if not (lang.code == 'en' and alt.hreflang == 'nl') %}"), encoding="utf-8")
    result = build_site(site)
    assert result.code == 1
    assert "Traceback" not in result.err
    # The line is that of the <link> in the output, which moves when base.html changes.
    expected = re.compile(re.escape(f"{site / 'public'}/nl/over-deze-site/index.html:") + r"\d+: " + re.escape(
        "hreflang 'en' points to https://example.org/en/about-this-site/, which does not list this page back"))
    assert any(expected.fullmatch(line) for line in result.err.splitlines()), result.err
    assert not (site / "public").exists()


def test_build_with_intact_templates_passes_the_check(site):
    result = build_site(site)
    assert result.code == 0, result.err


def test_alternates_are_read_in_any_attribute_order_and_quoting():
    from builder.reciprocity import parse_alternates

    head = ('<head>\n<link rel="alternate" hreflang="nl" href="https://example.org/nl/?a=1&amp;b=2">\n'
            "<link href='https://example.org/en/' HREFLANG=en rel=Alternate>\n"
            '<link rel="stylesheet" href="/x.css">\n<link rel="canonical" href="https://example.org/en/">')
    assert parse_alternates(head) == [("nl", "https://example.org/nl/?a=1&b=2", 2),
                                      ("en", "https://example.org/en/", 3)]
