"""`builder new`: each created file builds, and nothing is ever overwritten."""
from __future__ import annotations

from pathlib import Path

import yaml

from conftest import build_site, run_cli
from builder.fields import ENTRY, INHERITED
from builder.scaffold import entry_template


def new(site: Path, *args: str):
    return run_cli("new", *args, "--site", str(site))


def test_new_article_creates_front_matter_with_date_in_the_site_timezone(site):
    result = new(site, "article", "--lang", "nl", "Grønn industri på Herøya", "--now", "2023-12-31T23:30:00+00:00")
    assert result.code == 0, result.err
    path = site / "content/nl/news/gronn-industri-pa-heroya.md"
    assert result.out.strip() == f"created {path}"
    meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
    meta["date"] = meta["date"].isoformat()
    # 23:30 UTC is already the next day in Europe/Brussels (the fixture site's timezone)
    assert meta == {"title": "Grønn industri på Herøya", "date": "2024-01-01T00:30:00+01:00",
                    "translation_key": "gronn-industri-pa-heroya"}
    built = build_site(site)
    assert built.code == 0, built.err
    assert (site / "public/nl/nieuws/gronn-industri-pa-heroya/index.html").is_file()


def test_new_article_refuses_to_overwrite_an_existing_file(site):
    path = site / "content/nl/news/windpark.md"
    before = path.read_bytes()
    result = new(site, "article", "--lang", "nl", "Windpark")
    assert result.code == 1
    assert result.err.splitlines()[0] == ("content/nl/news/windpark.md:1: already exists; nothing was changed "
                                          "(choose another title or id, or edit the existing file)")
    assert path.read_bytes() == before


def test_new_article_refuses_a_title_whose_address_another_article_has(site):
    # wind-farm.md is titled "New offshore wind farm": a second file would fail the build.
    result = new(site, "article", "--lang", "en", "New offshore wind farm")
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        "content/en/news/wind-farm.md:1: the title 'New offshore wind farm' gives the address or "
        "translation_key 'new-offshore-wind-farm', which this article already has; choose another title "
        "(once the file exists, you can change the title back and give the article a 'slug' of its own)")
    assert not (site / "content/en/news/new-offshore-wind-farm.md").exists()


def test_new_article_refuses_the_translation_key_of_an_article_in_another_language(site):
    # Created, it would quietly have become that article's English version.
    (site / "content/nl/news/zonnepark.md").write_text(
        "---\ntitle: Zonnepark\ndate: 2023-05-01\n---\nTekst.\n", encoding="utf-8")
    result = new(site, "article", "--lang", "en", "Zonnepark")
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        "content/nl/news/zonnepark.md:1: the translation_key 'zonnepark' that the title 'Zonnepark' gives is "
        "this article's; to translate it, run: builder new translation zonnepark --to en; for a new article, "
        "choose another title")
    assert not (site / "content/en/news/zonnepark.md").exists()


def test_new_page_creates_a_page_that_builds_at_its_title_address(site):
    result = new(site, "page", "--lang", "en", "Privacy and cookies")
    assert result.code == 0, result.err
    path = site / "content/en/pages/privacy-and-cookies.md"
    assert result.out.strip() == f"created {path}"
    assert yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1]) == {"title": "Privacy and cookies"}
    built = build_site(site)
    assert built.code == 0, built.err
    assert "Write the page here." in (site / "public/en/privacy-and-cookies/index.html").read_text(encoding="utf-8")


def test_new_page_refuses_a_section_address_and_another_language_page_name(site):
    result = new(site, "page", "--lang", "en", "News")
    assert result.code == 1
    assert result.err.splitlines()[0] == ("site.yaml:1: the title 'News' gives the address /en/news/, which is "
                                          "the news section's in 'en'; choose another title")
    result = new(site, "page", "--lang", "en", "Personvern")  # a Norwegian page's file name
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        "content/no/pages/personvern.md:1: the file name 'personvern' that the title 'Personvern' gives is this "
        "page's; to translate it, run: builder new translation personvern --to en; for a new page, choose "
        "another title")
    assert sorted(p.name for p in (site / "content/en/pages").iterdir()) == ["about.md"]


def test_new_article_rejects_a_language_the_site_does_not_have(site):
    result = new(site, "article", "--lang", "de", "Titel")
    assert result.code == 1
    assert "'de' is not a language of this site (nl, no, en)" in result.err


def test_new_translation_leaves_inherited_fields_out_and_marks_the_text(site):
    result = new(site, "translation", "2019/older", "--to", "nl")
    assert result.code == 0, result.err
    text = (site / "content/nl/news/2019/older.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---")[1])
    assert meta == {"title": "An older story", "translation_key": "2019/older", "draft": True}
    assert not set(meta) & set(INHERITED["article"])  # date and clusters come from the English version
    assert "<!-- TODO translate from en -->" in text
    assert "First paragraph of the older story" in text
    built = build_site(site, "--drafts")
    assert built.code == 0, built.err
    page = (site / "public/nl/nieuws/an-older-story/index.html").read_text(encoding="utf-8")
    assert "15 januari 2019" in page  # the inherited date, in Dutch


def test_new_translation_of_a_directory_entry_keeps_only_the_text_fields(site):
    result = new(site, "translation", "grenland", "--to", "nl")
    assert result.code == 0, result.err
    data = yaml.safe_load((site / "content/nl/directory/grenland.yaml").read_text(encoding="utf-8"))
    assert set(data) <= {"name", "region", "description", "short_name"} - set(INHERITED["entry"])
    assert build_site(site).code == 0


def test_new_translation_refuses_an_existing_version_and_an_unknown_key(site):
    exists = new(site, "translation", "windpark", "--to", "no")
    assert exists.code == 1
    assert exists.err.splitlines()[0] == "content/no/news/windpark.md:1: 'windpark' already has a version in 'no'"
    unknown = new(site, "translation", "no-such-story", "--to", "no")
    assert unknown.code == 1 and "nothing has the translation_key or id 'no-such-story'" in unknown.err


def test_new_cluster_names_and_explains_every_field_and_builds(site):
    result = new(site, "cluster", "port-of-ghent", "--lang", "en")
    assert result.code == 0, result.err
    text = (site / "content/en/directory/port-of-ghent.yaml").read_text(encoding="utf-8")
    for field in ENTRY:
        assert f"# {field.name} (" in text and field.doc in text
    built = build_site(site)
    assert built.code == 0, built.err
    assert (site / "public/en/clusters/port-of-ghent/index.html").is_file()


def test_every_optional_field_of_the_cluster_template_is_valid_when_uncommented(site):
    text = entry_template("port-of-ghent", "en")
    lines = [line[2:] if any(line.startswith(f"# {f.name}:") for f in ENTRY) else line for line in text.splitlines()]
    (site / "content/en/directory/port-of-ghent.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (site / "content/en/directory/other-entry-id.yaml").write_text(
        "name: Other\ntype: programme\ncountry: NL\ndescription: Other.\n", encoding="utf-8")
    built = build_site(site)
    assert built.code == 0, built.err


def test_new_cluster_refuses_an_id_that_exists_in_another_language_or_is_not_an_id(site):
    elsewhere = new(site, "cluster", "grenland", "--lang", "nl")
    assert elsewhere.code == 1
    assert "run: builder new translation grenland --to nl" in elsewhere.err
    assert not (site / "content/nl/directory/grenland.yaml").exists()
    bad = new(site, "cluster", "Port of Ghent", "--lang", "en")
    assert bad.code == 1 and "is not an id" in bad.err
    again = new(site, "cluster", "offshore-cluster", "--lang", "en")
    assert again.code == 1 and "already exists" in again.err
