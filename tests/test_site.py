"""Translation groups, inheritance and the errors around them."""
from __future__ import annotations

from conftest import build_site


def test_untranslated_fields_are_inherited_from_the_version_that_has_them(built):
    # Only the Dutch version gives date, themes and clusters.
    no = (built / "no/nyheter/nytt-havvindpark/index.html").read_text(encoding="utf-8")
    assert "25. mars 2019" in no
    assert 'href="/no/klynger/offshore-cluster/"' in no
    assert 'href="/no/tema/havvind/"' in no


def test_translation_key_override_joins_a_differently_named_file(built):
    en = (built / "en/news/new-offshore-wind-farm/index.html").read_text(encoding="utf-8")
    assert 'hreflang="nl" href="https://example.org/nl/nieuws/nieuw-windpark-op-zee/"' in en
    assert 'hreflang="nb" href="https://example.org/no/nyheter/nytt-havvindpark/"' in en


def test_conflicting_inherited_field_names_both_files(site):
    path = site / "content/en/news/wind-farm.md"
    path.write_text(path.read_text(encoding="utf-8").replace("updated: 2019-04-01", "date: 2019-03-26"),
                    encoding="utf-8")
    result = build_site(site)
    assert result.code == 1
    assert "content/en/news/wind-farm.md:4: field 'date' differs between translations: " \
           "'2019-03-25' in content/nl/news/windpark.md, '2019-03-26' here; give it in one " \
           "version only, or the same in each" in result.err


def test_two_items_in_one_language_with_one_key_is_an_error(site):
    (site / "content/en/news/copy.md").write_text("---\ntitle: Copy\ntranslation_key: windpark\n---\nx\n",
                                                 encoding="utf-8")
    result = build_site(site)
    assert result.code == 1
    assert "content/en/news/wind-farm.md:3: two articles in 'en' have the translation key 'windpark': " \
           "content/en/news/copy.md and content/en/news/wind-farm.md; give one of them another " \
           "translation_key" in result.err


def test_content_folder_of_an_undeclared_language_is_an_error(site):
    (site / "content/de/news").mkdir(parents=True)
    result = build_site(site)
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        "content/de/:1: language 'de' is not declared in site.yaml (languages: nl, no, en); "
        "add it there or rename the folder")


def test_required_inherited_field_missing_everywhere_is_an_error(site):
    (site / "content/en/news/nodate.md").write_text("---\ntitle: No date\n---\nx\n", encoding="utf-8")
    result = build_site(site)
    assert result.code == 1
    assert "content/en/news/nodate.md:2: missing required field 'date' (no translation gives it either)" \
        in result.err
