"""The fixture site plus directory entries and news that exercise the directory, built once per module."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from conftest import FIXTURE_SITE, build_site, copy_site

# id -> (fields written once, in the first language listed), name per language
ENTRIES = {
    "zeeland-hub": ("type: industrial_cluster\ncountry: NL\nwebsite: https://zeeland.example/\n"
                    "members: 2500\nfounded: 2019-10-02\necosystems: [energy-intensive-industries, digital]\n"
                    "themes: [green-industry]\nrelations:\n  - {type: member_of, target: offshore-cluster}\n",
                    {"nl": "Zeeland Hub", "no": "Zeeland Hub", "en": "Zeeland Hub"}),
    "orsted-network": ("type: programme\ncountry: DK\necosystems: [renewable-energy]\nthemes: [offshore-wind]\n",
                       {"nl": "Ørsted Network", "no": "Ørsted Network", "en": "Ørsted Network"}),
    "asgard": ("type: cluster_organisation\ncountry: NO\nthemes: [offshore-wind, green-industry]\n",
               {"no": "Åsgard Energi", "en": "Åsgard Energy", "nl": "Åsgard Energie"}),
    "eindhoven": ("type: cluster_organisation\ncountry: NL\necosystems: [digital]\n",
                  {"nl": "Eindhoven Cluster", "no": "Eindhoven Cluster", "en": "Eindhoven Cluster"}),
    "emile": ("type: cluster_organisation\ncountry: FR\n",
              {"en": "Émile Industries", "nl": "Émile Industries", "no": "Émile Industries"}),
}
ARTICLES = {
    "en/news/offshore-update.md": "title: Offshore update\ndate: 2019-06-01\nclusters: [offshore-cluster]\n",
    "nl/news/offshore-nieuws.md": "title: Offshore nieuws\ndate: 2019-05-01\nclusters: [offshore-cluster]\n",
}
# UI strings the tests translate, to see labels follow the visitor's language.
TRANSLATIONS = {
    "nl": {"Merged into": "Opgegaan in", "Formed from": "Ontstaan uit", "Has member": "Heeft als lid",
           "Industrial cluster": "Industriële cluster", "Member of": "Lid van",
           "Cluster organisation": "Clusterorganisatie"},
    "nb": {"Merged into": "Slått sammen med", "Formed from": "Dannet av"},
}


def make_directory_site(folder: Path) -> Path:
    """The fixture site with the entries and articles above, and some UI strings translated."""
    site = copy_site(FIXTURE_SITE, folder)
    for key, (shared, names) in ENTRIES.items():
        for index, (lang, name) in enumerate(names.items()):
            fields = shared if index == 0 else ""
            text = f"name: {name}\n{fields}description: |\n  {name} ({lang}).\n"
            (site / "content" / lang / "directory" / f"{key}.yaml").write_text(text, encoding="utf-8")
    for path, front in ARTICLES.items():
        (site / "content" / path).write_text(f"---\n{front}---\nText.\n", encoding="utf-8")
    for locale, strings in TRANSLATIONS.items():
        translate(site, locale, strings)
    return site


def translate(site: Path, locale: str, strings: dict[str, str]) -> None:
    path = site / "locales" / locale / "LC_MESSAGES" / "messages.po"
    text = path.read_text(encoding="utf-8")
    for msgid, msgstr in strings.items():
        text, found = re.subn(rf'(msgid "{re.escape(msgid)}"\n)msgstr ".*"', rf'\1msgstr "{msgstr}"', text)
        assert found == 1, f"{msgid} not in the {locale} catalog"
    path.write_text(text, encoding="utf-8")


def build(site: Path) -> Path:
    result = build_site(site)
    assert result.code == 0, result.err
    return site / "public"


class Page(HTMLParser):
    """Elements of one built page, as (tag, attributes, text) in document order."""

    def __init__(self, path: Path) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None], list[str]]] = []
        self._open: list[int] = []
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), []))
        if tag not in ("meta", "link", "br", "img", "input"):
            self._open.append(len(self.elements) - 1)

    def handle_endtag(self, tag):
        while self._open:
            if self.elements[self._open.pop()][0] == tag:
                break

    def handle_data(self, data):
        for index in self._open:
            self.elements[index][2].append(data)

    def find(self, tag: str, **attrs: str) -> list[tuple[dict[str, str | None], str]]:
        """(attributes, text) of each ``tag`` whose attributes include ``attrs`` (class_ for class)."""
        wanted = {k.rstrip("_"): v for k, v in attrs.items()}
        return [(a, " ".join("".join(t).split())) for name, a, t in self.elements
                if name == tag and all(_has(a, k, v) for k, v in wanted.items())]

    def json_ld(self) -> list:
        return [json.loads(text) for name, a, text in
                [(n, a, "".join(t)) for n, a, t in self.elements]
                if name == "script" and a.get("type") == "application/ld+json"]


def _has(attrs: dict[str, str | None], key: str, value: str) -> bool:
    if key == "class":
        return value in (attrs.get("class") or "").split()
    return attrs.get(key) == value
