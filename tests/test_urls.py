from __future__ import annotations

import re

from builder.slugs import slugify
from conftest import build_site


def test_slugs_are_transliterated_per_language():
    assert slugify("Grønn industri på Herøya", "no") == "gronn-industri-pa-heroya"
    assert slugify("Ëén ijsje", "nl") == "een-ijsje"
    assert slugify("Cluster & Co.", "en") == "cluster-co"


def test_homes_and_sections_use_localised_segments(built):
    for path in ("nl/index.html", "no/index.html", "en/index.html", "index.html", "404.html",
                 "nl/nieuws/index.html", "no/nyheter/index.html", "en/news/index.html",
                 "nl/clusters/index.html", "no/klynger/index.html", "no/tema/index.html",
                 "nl/nieuws/nieuw-windpark-op-zee/index.html", "no/om-nettstedet/index.html"):
        assert (built / path).is_file(), path


def test_base_url_with_a_sub_path_prefixes_every_internal_link_and_asset(site):
    result = build_site(site, "--base-url", "https://example.org/clusters/")
    assert result.code == 0, result.err
    for page in (site / "public").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for url in re.findall(r'(?:href|src)="([^"]+)"', html):
            if url.startswith(("#", "https://example.org/clusters/")):
                continue
            assert url.startswith("/clusters/"), f"{page}: {url}"


def test_two_pages_resolving_to_one_path_is_an_error_naming_both(site):
    (site / "content/en/news/twin.md").write_text(
        "---\ntitle: Twin\ndate: 2019-01-01\nslug: an-older-story\n---\nx\n", encoding="utf-8")
    result = build_site(site)
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        "content/en/news/twin.md:2: this page and content/en/news/2019/older.md both resolve to "
        "/en/news/an-older-story/; give one of them another slug")
