"""Deterministic output: same input, same bytes, whatever the clock, locale, timezone or directory order."""
from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

from conftest import FIXED_NOW, run_cli
from test_output_safety import hash_tree

AUCKLAND = {"LANG": "nb_NO.UTF-8", "LC_ALL": "nb_NO.UTF-8", "TZ": "Pacific/Auckland"}
PLAIN = {"LANG": "C", "LC_ALL": "C", "TZ": "UTC"}


def build(site: Path, out: Path, *extra: str, env: dict[str, str] | None = None) -> dict[str, str]:
    result = run_cli("build", "--site", str(site), "--out", str(out), *extra, env=env)
    assert result.code == 0, result.err
    return hash_tree(out)


def epoch(moment: str) -> str:
    return str(int(datetime.fromisoformat(moment).timestamp()))


def test_two_builds_of_the_same_input_are_byte_identical(site, tmp_path):
    first = build(site, tmp_path / "one", "--now", FIXED_NOW)
    second = build(site, tmp_path / "two", "--now", FIXED_NOW)
    assert first == second


def test_two_builds_with_source_date_epoch_and_no_now_are_byte_identical(site, tmp_path):
    env = {"SOURCE_DATE_EPOCH": epoch(FIXED_NOW)}
    assert build(site, tmp_path / "one", env=env) == build(site, tmp_path / "two", env=env)


def test_source_date_epoch_is_the_build_moment(site, tmp_path):
    # 2019-01-20: the older story (2019-01-15) is out, the Dutch-only one (2019-02-01) is not yet.
    env = {"SOURCE_DATE_EPOCH": epoch("2019-01-20T00:00:00+00:00")}
    build(site, tmp_path / "early", env=env)
    assert (tmp_path / "early/en/news/an-older-story/index.html").is_file()
    assert not (tmp_path / "early/nl/nieuws/alleen-in-het-nederlands").exists()
    build(site, tmp_path / "late", env={"SOURCE_DATE_EPOCH": epoch(FIXED_NOW)})
    assert (tmp_path / "late/nl/nieuws/alleen-in-het-nederlands/index.html").is_file()


def test_now_option_wins_over_source_date_epoch(site, tmp_path):
    env = {"SOURCE_DATE_EPOCH": epoch("2019-01-20T00:00:00+00:00")}
    assert build(site, tmp_path / "one", "--now", FIXED_NOW, env=env) == build(site, tmp_path / "two", "--now", FIXED_NOW)


def test_invalid_source_date_epoch_is_a_clear_error(site, tmp_path):
    result = run_cli("build", "--site", str(site), "--out", str(tmp_path / "out"),
                     env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert result.code == 1
    assert result.err.splitlines() == [
        "SOURCE_DATE_EPOCH:1: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC, "
        "not 'yesterday'",
        "build failed: 1 error"]


def test_output_does_not_depend_on_locale_or_timezone(site, tmp_path):
    env = {"SOURCE_DATE_EPOCH": epoch(FIXED_NOW)}
    here = build(site, tmp_path / "plain", env={**PLAIN, **env})
    there = build(site, tmp_path / "auckland", env={**AUCKLAND, **env})
    assert here == there


def reversed_listing(real):
    def listing(*args, **kwargs):
        return list(reversed(list(real(*args, **kwargs))))
    return listing


class ReversedScandir:
    """os.scandir whose entries come in reverse order, as another file system might give them."""

    def __init__(self, real):
        self.real = real

    def __call__(self, *args, **kwargs):
        with self.real(*args, **kwargs) as entries:
            return _Entries(reversed(list(entries)))


class _Entries:
    """The iterator and context manager that os.scandir returns."""

    def __init__(self, entries):
        self.entries = iter(entries)

    def __iter__(self):
        return self

    def __next__(self):
        return next(self.entries)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def close(self):
        pass


def build_in_process(site: Path, out: Path) -> dict[str, str]:
    from builder.build import build as run_build
    from builder.site import BuildOptions

    run_build(site, out, BuildOptions(now=datetime.fromisoformat(FIXED_NOW)))
    return hash_tree(out)


def test_output_does_not_depend_on_directory_listing_order(site, tmp_path, monkeypatch):
    for name in ("zeta", "alpha", "middle"):  # created out of order as well
        (site / f"content/en/news/{name}.md").write_text(
            f"---\ntitle: Same day {name}\ndate: 2019-03-25\n---\nText.\n", encoding="utf-8")
        (site / f"content/en/directory/{name}.yaml").write_text(
            "name: Same name\ntype: programme\ncountry: NO\ndescription: Text.\n", encoding="utf-8")
    normal = build_in_process(site, tmp_path / "normal")
    monkeypatch.setattr(os, "listdir", reversed_listing(os.listdir))
    monkeypatch.setattr(os, "scandir", ReversedScandir(os.scandir))
    assert sorted(os.listdir(site / "content/en/news")) != os.listdir(site / "content/en/news")
    assert build_in_process(site, tmp_path / "reversed") == normal
