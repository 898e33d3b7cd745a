"""Bad input: every case under fixtures/invalid/ fails with its exact message and exit code 1.

Each case folder holds only the files that differ from the fixture site; they are
laid over a fresh copy of it and built through the real CLI.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, build_site

INVALID = FIXTURES / "invalid"
UI_WARNING = ": warning: "

EXPECTED: dict[str, list[str]] = {
    "malformed_yaml_front_matter": [
        "content/en/news/bad.md:4: invalid YAML: did not find expected ',' or ']'"],
    "malformed_yaml_entry": [
        "content/en/directory/bad.yaml:5: invalid YAML: found unexpected end of stream "
        "(while scanning a quoted scalar that starts at line 4)"],
    "malformed_yaml_site": [
        "site.yaml:7: invalid YAML: did not find expected ',' or '}' "
        "(while parsing a flow mapping that starts at line 6)"],
    "base_url_with_query": [
        "site.yaml:2: base_url 'https://example.org/site?lang=x' must not contain '?' or '#': "
        "pages are addressed by path"],
    "front_matter_never_closed": [
        "content/en/news/open.md:1: the front matter opened at line 1 is never closed: "
        "add a line '---' after the last field"],
    "missing_required_field": ["content/en/news/untitled.md:2: missing required field 'title'"],
    "missing_required_entry_field": [
        "content/en/directory/nameless.yaml:1: missing required field 'name'"],
    "ill_typed_required_field": [
        "content/en/news/listed.md:2: field 'title' must be text, not a list"],
    "ill_typed_field": ["content/en/news/typed.md:4: field 'draft' must be true or false, not 'maybe'"],
    "ill_typed_list_field": [
        "content/en/directory/members.yaml:4: field 'members' must be a whole number of 0 or more, "
        "not 'many'"],
    "impossible_date": [
        "content/en/news/leap.md:3: field 'date': '2019-02-29' is not a valid date "
        "(day is out of range for month)"],
    "date_out_of_range": [
        "content/en/news/edge.md:3: field 'date': '0001-01-01T00:00:00+14:00' lies outside the years "
        "1000 to 9998"],
    "unknown_field": ["content/en/news/typo.md:4: unknown field 'sumary'; did you mean 'summary'?"],
    "not_utf8": [
        "content/en/news/latin1.md:2: the file is not UTF-8: byte 0xE9 at line 2 cannot be read; "
        "save the file with UTF-8 encoding"],
    "empty_file": ["content/en/news/empty.md:1: the file is empty"],
    "control_character_in_text": [
        "content/en/news/pasted.md:6: the invisible control character U+000B is not allowed in the text; "
        "delete it (pasted text often brings it along)"],
    "yaml_nested_too_deeply": [
        "content/en/news/deep.md:2: invalid YAML: lists or mappings are nested too deeply; write the value flat"],
    "duplicate_keys": ["content/en/news/twice.md:4: duplicate key 'title' (first given at line 2)"],
    "duplicate_keys_entry": [
        "content/en/directory/offshore-cluster.yaml:3: duplicate key 'region' (first given at line 2)"],
    "slug_with_slash": [
        "content/en/news/slash.md:4: field 'slug' must be a single URL segment: 'news/elsewhere' "
        "contains '/', '\\' or '..'"],
    "slug_with_backslash": [
        "content/en/news/backslash.md:4: field 'slug' must be a single URL segment: 'back\\slash' "
        "contains '/', '\\' or '..'"],
    "slug_with_dotdot": [
        "content/en/news/dots.md:4: field 'slug' must be a single URL segment: '..' "
        "contains '/', '\\' or '..'"],
    "slug_with_quote": [
        "content/en/news/quote.md:4: field 'slug' must be a single URL segment: "
        "'x\"onmouseover=alert(1)' may contain only letters, digits, '-', '_', '.' and '~'"],
    "entry_file_name_with_space": [
        "content/en/directory/blue cluster.yaml:1: the file name 'blue cluster' is the entry's id "
        "and URL segment: it may contain only letters, digits, '-', '_', '.' and '~'"],
    "missing_image": ["content/en/news/picture.md:4: image 'images/nowhere.jpg' not found under assets/"],
    # An absolute path replaced the assets folder: the file was read, and the template named instead.
    "image_outside_assets": [
        "content/en/news/picture.md:4: image '/etc/hosts' must be a path inside assets/, such as images/turbine.jpg"],
    "image_without_alt": [
        "content/en/news/picture.md:4: an image needs alternative text: add 'image_alt' "
        "describing it in this language"],
    "template_syntax_error": [
        "templates/page.html:8: template syntax error: Encountered unknown tag 'endblock'. You "
        "probably made a nesting mistake. Jinja is expecting this tag, but currently looking for "
        "'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'."],
    "template_undefined_variable": ["templates/page.html:5: template error: 'subtitle' is undefined"],
    "template_undefined_attribute": [
        "templates/page.html:6: template error: 'builder.model.Page object' has no attribute 'subtitle'"],
}


def overlay_case(site: Path, case: str) -> Path:
    shutil.copytree(INVALID / case, site, dirs_exist_ok=True)
    return site


def errors_of(stderr: str) -> list[str]:
    """stderr without the warnings every build prints (untranslated UI strings)."""
    return [line for line in stderr.splitlines() if UI_WARNING not in line]


def test_every_invalid_case_folder_has_an_expected_message():
    assert sorted(p.name for p in INVALID.iterdir() if p.is_dir()) == sorted(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_invalid_input_fails_with_exact_message_and_exit_1(site, case):
    result = build_site(overlay_case(site, case))
    assert "Traceback" not in result.err
    assert result.code == 1
    assert errors_of(result.err) == [*EXPECTED[case], "build failed: 1 error"]
    assert not (site / "public").exists()
