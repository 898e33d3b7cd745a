"""Helpers for the news tests: build once per module, read pages, parse <head>."""
from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from conftest import FIXTURE_SITE, build_site, copy_site


def build_copy(folder: Path, *args: str) -> Path:
    """Copy the fixture site into ``folder``, build it, return the output folder."""
    site = copy_site(FIXTURE_SITE, folder / "site")
    result = build_site(site, *args)
    assert result.code == 0, result.err
    return site / "public"


def read(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


class HeadParser(HTMLParser):
    """Meta tags, link tags and JSON-LD scripts of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: list[dict[str, str]] = []
        self.links: list[dict[str, str]] = []
        self.json_ld: list[str] = []
        self._in_json = False

    def handle_starttag(self, tag, attrs):
        values = {k: v or "" for k, v in attrs}
        if tag == "meta":
            self.meta.append(values)
        elif tag == "link":
            self.links.append(values)
        elif tag == "script" and values.get("type") == "application/ld+json":
            self._in_json = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json = False

    def handle_data(self, data):
        if self._in_json:
            self.json_ld[-1] += data

    def property(self, name: str) -> list[str]:
        return [m["content"] for m in self.meta if m.get("property") == name or m.get("name") == name]

    def data(self) -> dict:
        assert len(self.json_ld) == 1
        return json.loads(self.json_ld[0])


def parse_head(html: str) -> HeadParser:
    parser = HeadParser()
    parser.feed(html)
    return parser
