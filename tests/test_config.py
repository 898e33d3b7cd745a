from __future__ import annotations

from pathlib import Path

import pytest

from builder.config import load_config
from builder.errors import BuildFailed

VALID = """\
title: {nl: Clusters, no: Klynger, en: Clusters}
base_url: https://example.org/sub
default_language: en
languages:
  nl: {name: Nederlands, locale: nl, sections: {news: nieuws, directory: clusters, themes: themas}}
  no: {name: Norsk, locale: nb, sections: {news: nyheter, directory: klynger, themes: tema}}
  en: {name: English, locale: en, sections: {news: news, directory: clusters, themes: themes}}
news_per_page: 10
timezone: Europe/Brussels
"""


def problems(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(BuildFailed) as caught:
        load_config(tmp_path)
    return [str(p) for p in caught.value.problems]


def test_valid_config_becomes_typed_values(tmp_path):
    (tmp_path / "site.yaml").write_text(VALID, encoding="utf-8")
    config = load_config(tmp_path)
    assert config.codes == ("nl", "no", "en")
    assert config.language("no").locale == "nb"
    assert config.language("no").hreflang == "nb"
    assert config.base_url == "https://example.org/sub/"
    assert config.base_path == "/sub/"
    assert config.news_per_page == 10


def test_unquoted_no_means_norwegian_in_keys_maps_and_lists(tmp_path):
    text = VALID.replace("default_language: en", "default_language: no")
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    config = load_config(tmp_path)
    assert config.default_language == "no"
    assert config.title["no"] == "Klynger"


def test_unknown_key_names_line_and_closest_key(tmp_path):
    text = VALID.replace("news_per_page", "news_per_pag")
    assert problems(tmp_path, text) == ["site.yaml:8: unknown field 'news_per_pag'; did you mean 'news_per_page'?"]


def test_wrong_type_names_line_and_key(tmp_path):
    text = VALID.replace("news_per_page: 10", "news_per_page: ten")
    # 1, not 0: what a news list needs, and what '0' is told too
    assert problems(tmp_path, text) == ["site.yaml:8: field 'news_per_page' must be a whole number of 1 or more, not 'ten'"]


def test_missing_required_key_is_named(tmp_path):
    text = VALID.replace("base_url: https://example.org/sub\n", "")
    assert problems(tmp_path, text) == ["site.yaml:1: missing required field 'base_url'"]


def test_unknown_language_in_a_per_language_map_suggests_a_declared_one(tmp_path):
    text = VALID.replace("en: Clusters}", "eng: Clusters}")
    assert problems(tmp_path, text) == [
        "site.yaml:1: field 'title' has no value for language 'en'",
        "site.yaml:1: unknown language 'eng'; did you mean 'en'?",
    ]


def test_unknown_section_key_and_bad_locale_are_reported_together(tmp_path):
    text = VALID.replace("locale: nb", "locale: xx").replace("directory: klynger", "directry: klynger")
    assert problems(tmp_path, text) == [
        "site.yaml:6: missing required field 'directory'",
        "site.yaml:6: unknown field 'directry'; did you mean 'directory'?",
        "site.yaml:6: unknown locale 'xx' for language 'no' (Norwegian Bokmål is 'nb')",
    ]


def test_two_sections_of_a_language_cannot_share_a_url_segment(tmp_path):
    # They would write their pages over each other; the output check named only "content".
    text = VALID.replace("themes: themas}", "themes: nieuws}")
    assert problems(tmp_path, text) == [
        "site.yaml:5: sections 'news' and 'themes' of language 'nl' both use the URL segment 'nieuws'; "
        "give each its own"]
    text = VALID.replace("themes: themas}", "themes: search}")  # search keeps its English segment
    assert problems(tmp_path, text) == [
        "site.yaml:5: sections 'search' and 'themes' of language 'nl' both use the URL segment 'search'; "
        "give each its own"]


def test_default_language_must_be_declared(tmp_path):
    text = VALID.replace("default_language: en", "default_language: de")
    assert problems(tmp_path, text) == ["site.yaml:3: default_language 'de' is not one of the languages: nl, no, en"]


def test_unknown_timezone_is_an_error(tmp_path):
    text = VALID.replace("Europe/Brussels", "Europe/Atlantis")
    assert problems(tmp_path, text) == [
        "site.yaml:9: unknown timezone 'Europe/Atlantis'; use an IANA name such as Europe/Brussels"]


def test_the_events_and_search_segments_are_english_unless_localised(tmp_path):
    text = VALID.replace("themes: themas}", "themes: themas, events: evenementen, search: zoeken}")
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    config = load_config(tmp_path)
    assert config.language("nl").sections["events"] == "evenementen"
    assert config.language("nl").sections["search"] == "zoeken"
    assert config.language("en").sections["events"] == "events"
    assert config.language("no").sections["search"] == "search"


def test_a_search_segment_that_is_not_one_url_segment_is_an_error_on_its_line(tmp_path):
    text = VALID.replace("themes: tema}", "themes: tema, search: søk/alt}")
    assert any(problem.startswith("site.yaml:6: field 'search' must be a single URL segment")
               for problem in problems(tmp_path, text))
