"""The editor schemas: generated from builder/fields.py, kept current, and in agreement with the builder."""
from __future__ import annotations

import json

import jsonschema
import pytest

from builder.errors import BuildError
from builder.fields import ARTICLE, ENTRY
from builder.json_schema import dump_schema, generate_schemas
from builder.ecosystems import ecosystem_labels
from builder.schema import validate
from builder.yamlread import load_yaml
from conftest import REPO, run_cli

ENTRY_OK = "name: Port Cluster\ntype: industrial_cluster\ncountry: BE\ndescription: A port.\n"
ARTICLE_OK = "title: Wind\ndate: 2019-03-25\n"

# (YAML text, valid?) for one directory entry file, judged on its own.
ENTRY_EXAMPLES = [
    (ENTRY_OK, True),
    ("name: Port Cluster\ndescription: Type and country come from another language.\n", True),
    (ENTRY_OK + "short_name: PC\nstatus: merged\nregion: Zeeland\nfounded: 2015\nmembers: 0\n", True),
    (ENTRY_OK + "founded: 2015-06-01\nwebsite: https://port.example/about\nemail: info@port.example\n", True),
    (ENTRY_OK + "ecosystems: [renewable-energy, digital]\nthemes: [offshore-wind]\n", True),
    (ENTRY_OK + "relations:\n  - {type: formed_from, target: other}\n", True),
    (ENTRY_OK + "region: 2024\n", True),  # YAML reads it as a number; still text
    ("type: industrial_cluster\ncountry: BE\ndescription: x\n", False),  # no name
    ("name: Port\ncountry: BE\n", False),  # no description
    (ENTRY_OK + "contry: BE\n", False),
    (ENTRY_OK.replace("BE", "Belgium"), False),
    (ENTRY_OK.replace("BE", "be"), False),
    (ENTRY_OK.replace("BE", "EU"), False),
    (ENTRY_OK.replace("industrial_cluster", "cluster"), False),
    (ENTRY_OK + "status: closed\n", False),
    (ENTRY_OK + "website: www.port.example\n", False),
    (ENTRY_OK + "website: ftp://port.example/\n", False),
    (ENTRY_OK + "email: info\n", False),
    (ENTRY_OK + "founded: 15\n", False),
    (ENTRY_OK + "founded: June 2015\n", False),
    (ENTRY_OK + "members: many\n", False),
    (ENTRY_OK + "members: -3\n", False),
    (ENTRY_OK + "ecosystems: [space]\n", False),
    (ENTRY_OK + "ecosystems: renewable-energy\n", False),
    (ENTRY_OK + "themes: [Offshore Wind]\n", False),
    (ENTRY_OK + "relations:\n  - {type: sibling, target: other}\n", False),
    (ENTRY_OK + "relations:\n  - {type: partner}\n", False),
    (ENTRY_OK + "relations:\n  - {type: partner, target: other, since: 2019}\n", False),
    (ENTRY_OK.replace("Port Cluster", "''"), False),
    (ENTRY_OK.replace("Port Cluster", "true"), False),
]

ARTICLE_EXAMPLES = [
    (ARTICLE_OK, True),
    ("title: Wind\n", True),  # the date may come from a translation
    ("title: Wind\ndate: 2019-03-25T10:00:00+01:00\nupdated: 2019-04-01\ndraft: false\n", True),
    (ARTICLE_OK + "slug: wind-farm\nsummary: Short.\nauthor: An\nthemes: [offshore-wind]\n", True),
    (ARTICLE_OK + "clusters: [offshore-cluster]\nimage: img/a.jpg\nimage_alt: A turbine\n", True),
    (ARTICLE_OK + "events:\n  - {name: Fair, start: 2019-05-01, end: 2019-05-03, country: DK}\n", True),
    ("date: 2019-03-25\n", False),  # no title
    (ARTICLE_OK + "titel: Wind\n", False),
    (ARTICLE_OK.replace("2019-03-25", "25-03-2019"), False),
    (ARTICLE_OK + "draft: yes\n", False),
    (ARTICLE_OK + "slug: a/b\n", False),
    (ARTICLE_OK + "slug: a..b\n", False),
    (ARTICLE_OK + "image: img/a.jpg\n", False),  # no alternative text
    (ARTICLE_OK + "clusters: offshore-cluster\n", False),
    (ARTICLE_OK + "events:\n  - {name: Fair}\n", False),
    (ARTICLE_OK + "events:\n  - {name: Fair, start: 2019-05-01, country: Denmark}\n", False),
]


def builder_accepts(text: str, spec) -> bool:
    """What the builder says about one file before it knows the rest of the site."""
    data = load_yaml(text, "example.yaml")
    errors: list[BuildError] = []
    clean = validate(data, spec, "example.yaml", 1, errors, defer_inherited=True)
    unknown_ecosystems = set(clean.get("ecosystems", [])) - set(ecosystem_labels())
    missing_alt = "image" in clean and "image_alt" not in clean  # builder/references.py
    return not errors and not unknown_ecosystems and not missing_alt


def schema_accepts(text: str, name: str) -> bool:
    schema = json.loads((REPO / "schemas" / name).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    return validator.is_valid(json.loads(json.dumps(load_yaml(text, "example.yaml"))))


@pytest.mark.parametrize("text, valid", ENTRY_EXAMPLES)
def test_schema_and_builder_agree_on_entries(text, valid):
    assert builder_accepts(text, ENTRY) is valid
    assert schema_accepts(text, "entry.schema.json") is valid


@pytest.mark.parametrize("text, valid", ARTICLE_EXAMPLES)
def test_schema_and_builder_agree_on_article_front_matter(text, valid):
    assert builder_accepts(text, ARTICLE) is valid
    assert schema_accepts(text, "article.schema.json") is valid


def test_schemas_in_the_repository_are_current():
    for name, schema in generate_schemas().items():
        kept = (REPO / "schemas" / name).read_text(encoding="utf-8")
        assert kept == dump_schema(schema), f"schemas/{name} is stale: run 'builder schema'"


def test_schemas_are_valid_draft_2020_12_schemas():
    for schema in generate_schemas().values():
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)


def test_every_field_of_the_contract_is_in_the_schema_with_its_doc():
    entry = generate_schemas()["entry.schema.json"]
    assert list(entry["properties"]) == [f.name for f in ENTRY]
    assert entry["properties"]["website"]["description"] == "Absolute http(s) URL"
    assert entry["properties"]["ecosystems"]["items"]["enum"] == sorted(ecosystem_labels())


def test_schema_command_writes_both_files(tmp_path):
    result = run_cli("schema", "--out", str(tmp_path / "out"))
    assert result.code == 0, result.err
    for name in ("entry.schema.json", "article.schema.json"):
        written = (tmp_path / "out" / name).read_text(encoding="utf-8")
        assert written == (REPO / "schemas" / name).read_text(encoding="utf-8")
