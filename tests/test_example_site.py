"""The repository's own example site: complete in three languages, strict-clean, in our own words."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO, run_cli

SEEDS = REPO.parent / "shared" / "seeds"
LANGS = ("nl", "no", "en")
SHINGLE = 9  # words in a row that would count as a copied sentence (names and lists are shorter)


def test_example_site_builds_strict_with_zero_warnings(tmp_path):
    result = run_cli("build", "--site", str(REPO), "--out", str(tmp_path / "public"), "--strict")
    assert result.code == 0, result.err
    assert result.err == ""
    assert ", 0 warnings," in result.out


@pytest.mark.parametrize("folder, suffix", [("news", ".md"), ("directory", ".yaml"), ("pages", ".md")])
def test_every_item_exists_in_all_three_languages(folder, suffix):
    names = {lang: sorted(p.name for p in (REPO / "content" / lang / folder).glob(f"*{suffix}")) for lang in LANGS}
    assert names["nl"], folder
    assert names["nl"] == names["no"] == names["en"]


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def shingles(text: str) -> set[tuple[str, ...]]:
    tokens = words(text)
    return {tuple(tokens[i:i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source stories (../shared/seeds) are not beside the repository")
def test_no_sentence_of_the_source_stories_is_copied():
    seed_shingles = set().union(*(shingles(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")))
    copied = {}
    for path in sorted((REPO / "content").rglob("*")):
        if path.suffix in (".md", ".yaml"):
            # YAML comments may quote the source to explain a date choice.
            text = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                             if not line.lstrip().startswith("# "))
            overlap = shingles(text) & seed_shingles
            if overlap:
                copied[str(path.relative_to(REPO))] = sorted(" ".join(s) for s in overlap)[:3]
    assert copied == {}


def test_example_site_has_no_missing_or_outdated_translations():
    for gate in ("missing", "outdated"):
        result = run_cli("translations", "--site", str(REPO), "--fail-on", gate)
        assert result.code == 0, result.out + result.err
    assert ", 0 missing translations, 0 outdated" in result.out
