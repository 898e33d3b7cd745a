"""Every validation message of a directory entry, exactly as the CLI prints it."""
from __future__ import annotations

from pathlib import Path

from conftest import build_site

ENTRY = "content/en/directory/north-sea-port.yaml"
VALID = """\
name: North Sea Port Cluster
type: industrial_cluster
country: BE
website: https://northseaport.example/
ecosystems: [renewable-energy]
themes: [offshore-wind]
relations:
  - {type: partner, target: offshore-cluster}
description: |
  A port cluster.
"""


def errors_for(site: Path, text: str, path: str = ENTRY) -> list[str]:
    """The error lines the CLI prints after writing ``text`` to ``path``."""
    (site / path).write_text(text, encoding="utf-8")
    result = build_site(site)
    assert result.code == 1, result.out
    lines = result.err.splitlines()
    assert lines[-1].startswith("build failed:")
    return lines[:-1]


def replaced(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new)


def test_the_valid_entry_builds(site):
    (site / ENTRY).write_text(VALID, encoding="utf-8")
    result = build_site(site)
    assert result.code == 0, result.err


def test_unknown_field_names_the_closest_valid_field(site):
    assert errors_for(site, VALID + "foundet: 2015\n") == [
        f"{ENTRY}:11: unknown field 'foundet'; did you mean 'founded'?"]


def test_unknown_field_without_a_close_name_lists_the_valid_fields(site):
    [message] = errors_for(site, VALID + "xyzzy: blue\n")
    assert message.startswith(f"{ENTRY}:11: unknown field 'xyzzy'; valid fields are: country, description,")


def test_missing_required_field_is_reported_at_the_top_of_the_file(site):
    assert errors_for(site, replaced("name: North Sea Port Cluster\n", "")) == [
        f"{ENTRY}:1: missing required field 'name'"]


def test_missing_inherited_field_says_no_translation_gives_it(site):
    assert errors_for(site, replaced("country: BE\n", "")) == [
        f"{ENTRY}:1: missing required field 'country' (no translation gives it either)"]


def test_country_that_is_not_an_iso_code_is_an_error(site):
    assert errors_for(site, replaced("country: BE", "country: Belgium")) == [
        f"{ENTRY}:3: field 'country': 'Belgium' is not an ISO 3166-1 alpha-2 country code (such as BE, NL, NO)"]


def test_lower_case_country_suggests_the_upper_case_code(site):
    assert errors_for(site, replaced("country: BE", "country: be")) == [
        f"{ENTRY}:3: field 'country': 'be' is not an ISO 3166-1 alpha-2 country code "
        "(such as BE, NL, NO); did you mean 'BE'?"]


def test_uk_suggests_gb_and_cldr_regions_are_not_countries(site):
    assert errors_for(site, replaced("country: BE", "country: UK")) == [
        f"{ENTRY}:3: field 'country': 'UK' is not an ISO 3166-1 alpha-2 country code "
        "(such as BE, NL, NO); did you mean 'GB'?"]
    assert errors_for(site, replaced("country: BE", "country: EU")) == [
        f"{ENTRY}:3: field 'country': 'EU' is not an ISO 3166-1 alpha-2 country code (such as BE, NL, NO)"]


def test_website_without_http_scheme_is_an_error(site):
    for bad in ("www.northseaport.example", "ftp://northseaport.example/", "/about/"):
        assert errors_for(site, replaced("https://northseaport.example/", bad)) == [
            f"{ENTRY}:4: field 'website' must be an absolute http(s) URL such as https://example.org/, "
            f"not '{bad}'"]


def test_unknown_ecosystem_names_the_closest_id(site):
    assert errors_for(site, replaced("[renewable-energy]", "[renewable-energie]")) == [
        f"{ENTRY}:5: field 'ecosystems': unknown EU industrial ecosystem 'renewable-energie'; "
        "did you mean 'renewable-energy'?"]


def test_unknown_ecosystem_without_a_close_id_lists_the_fourteen(site):
    [message] = errors_for(site, replaced("[renewable-energy]", "[space]"))
    assert message.startswith(f"{ENTRY}:5: field 'ecosystems': unknown EU industrial ecosystem 'space'; "
                              "valid ids are: aerospace-defence, agri-food, ")
    assert message.count(", ") == 13


def test_unknown_ecosystem_in_a_block_list_points_at_its_own_line(site):
    text = replaced("ecosystems: [renewable-energy]", "ecosystems:\n  - renewable-energy\n  - textiles")
    assert errors_for(site, text) == [
        f"{ENTRY}:7: field 'ecosystems': unknown EU industrial ecosystem 'textiles'; did you mean 'textile'?"]


def test_unknown_theme_names_the_closest_theme(site):
    assert errors_for(site, replaced("[offshore-wind]", "[offshore-winds]")) == [
        f"{ENTRY}:6: field 'themes': unknown theme 'offshore-winds'; did you mean 'offshore-wind'?"]


def test_unknown_theme_without_a_close_id_says_where_themes_are_declared(site):
    assert errors_for(site, replaced("[offshore-wind]", "[hydrogen]")) == [
        f"{ENTRY}:6: field 'themes': unknown theme 'hydrogen'; add it to content/<lang>/themes.yaml"]


def test_relation_to_a_missing_entry_is_an_error_at_the_relation(site):
    assert errors_for(site, replaced("target: offshore-cluster", "target: offshore-clusters")) == [
        f"{ENTRY}:8: relation 'partner': target 'offshore-clusters' is not a directory entry; "
        "did you mean 'offshore-cluster'?"]
    assert errors_for(site, replaced("target: offshore-cluster", "target: atlantis")) == [
        f"{ENTRY}:8: relation 'partner': target 'atlantis' is not a directory entry; "
        "it needs a file content/<lang>/directory/atlantis.yaml"]


def test_relation_of_unknown_type_names_the_closest_type(site):
    assert errors_for(site, replaced("type: partner", "type: formed-from")) == [
        f"{ENTRY}:8: field 'type': unknown value 'formed-from'; did you mean 'formed_from'?"]


def test_relation_to_itself_is_an_error(site):
    assert errors_for(site, replaced("target: offshore-cluster", "target: north-sea-port")) == [
        f"{ENTRY}:8: an entry cannot relate to itself"]


def test_conflicting_inherited_field_names_both_files(site):
    (site / "content/en/directory/offshore-cluster.yaml").write_text(
        "name: Offshore Cluster\ncountry: NL\ndescription: x\n", encoding="utf-8")
    assert errors_for(site, VALID) == [
        "content/en/directory/offshore-cluster.yaml:2: field 'country' differs between translations: "
        "'BE' in content/nl/directory/offshore-cluster.yaml, 'NL' here; give it in one version only, "
        "or the same in each"]


def test_every_problem_of_one_file_is_reported_in_one_run(site):
    text = replaced("country: BE", "country: XX").replace("https://northseaport.example/", "northseaport")
    assert errors_for(site, text + "foundet: 2015\n") == [
        f"{ENTRY}:3: field 'country': 'XX' is not an ISO 3166-1 alpha-2 country code (such as BE, NL, NO)",
        f"{ENTRY}:4: field 'website' must be an absolute http(s) URL such as https://example.org/, "
        "not 'northseaport'",
        f"{ENTRY}:11: unknown field 'foundet'; did you mean 'founded'?"]


def test_relation_without_target_is_reported_at_the_relation(site):
    assert errors_for(site, replaced("{type: partner, target: offshore-cluster}", "{type: partner}")) == [
        f"{ENTRY}:8: missing required field 'target'"]
