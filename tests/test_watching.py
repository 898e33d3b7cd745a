"""The preview's sources of changes: told by the operating system, or found by scanning."""
from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest

from builder.watching import NotifiedChanges, ScannedChanges, take_snapshot, watch_changes


def changes_within(source, seconds: float = 10.0) -> list[Path]:
    """Everything the source reports until it has reported something and then stays quiet a moment."""
    found: list[Path] = []
    deadline = time.monotonic() + seconds
    quiet_since = None
    while time.monotonic() < deadline:
        new = source()
        if new:
            found += new
            quiet_since = time.monotonic()
        elif found and time.monotonic() - quiet_since > 0.3:
            break
        time.sleep(0.02)
    return found


@pytest.fixture
def notified(site):
    source = NotifiedChanges(site)
    yield source
    source.close()


def append(path: Path, text: str = "\nMore.\n") -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text)


def test_an_edited_article_is_reported_by_the_operating_system_without_a_scan(site, notified, monkeypatch):
    def no_scan(*args):
        raise AssertionError("scanned the site")

    monkeypatch.setattr(os, "scandir", no_scan)
    assert notified() == []
    article = site / "content/en/news/wind-farm.md"
    append(article)
    assert set(changes_within(notified)) == {article}
    assert notified() == []


def test_hidden_files_are_not_the_sites(site, notified):
    (site / "content/en/news/.wind-farm.md.swp").write_text("swap", encoding="utf-8")
    (site / "templates/.git").mkdir()
    (site / "templates/.git/index").write_text("x", encoding="utf-8")
    append(site / "templates/base.html", "{# edited #}\n")
    assert set(changes_within(notified)) == {site / "templates/base.html"}


def test_site_yaml_saved_by_rename_is_reported(site, notified):
    replacement = site / "site.yaml.new"
    replacement.write_text((site / "site.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    os.replace(replacement, site / "site.yaml")
    assert site / "site.yaml" in changes_within(notified)


def test_a_watched_folder_created_later_is_reported_and_then_watched(site):
    shutil.rmtree(site / "locales")
    source = NotifiedChanges(site)
    try:
        (site / "locales/nl/LC_MESSAGES").mkdir(parents=True)
        assert site / "locales" in changes_within(source)
        catalog = site / "locales/nl/LC_MESSAGES/messages.po"
        catalog.write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
        assert catalog in changes_within(source)
    finally:
        source.close()


def test_a_replaced_content_folder_is_reported_and_then_watched(site):
    source = NotifiedChanges(site)
    try:
        shutil.copytree(site / "content", site / "content-new")
        shutil.rmtree(site / "content")
        os.rename(site / "content-new", site / "content")
        assert site / "content" in changes_within(source)
        article = site / "content/en/news/wind-farm.md"
        append(article)
        assert article in changes_within(source)
    finally:
        source.close()


def link_folders(site: Path, tmp_path: Path) -> Path:
    """A news folder linked from outside the site, and a link looping back up: the linked file."""
    outside = tmp_path / "shared-news"
    outside.mkdir()
    (outside / "linked.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (site / "content/en/news/shared").symlink_to(outside)
    (site / "content/en/news/loop").symlink_to(site / "content/en")
    return site / "content/en/news/shared/linked.md"


def test_a_scan_survives_a_symbolic_link_loop_and_sees_linked_folders(site, tmp_path):
    linked = link_folders(site, tmp_path)
    found = take_snapshot(site)
    assert str(linked) in found
    assert str(site / "content/en/news/wind-farm.md") in found


def test_linked_folders_are_watched_and_a_link_loop_is_harmless(site, tmp_path):
    linked = link_folders(site, tmp_path)
    source = NotifiedChanges(site)
    try:
        append(linked)
        found = changes_within(source)
        assert found and all(path.name == "linked.md" for path in found), found
    finally:
        source.close()


def test_without_watchfiles_the_preview_scans(site, monkeypatch):
    monkeypatch.setitem(sys.modules, "watchfiles", None)  # import fails as if it were not installed
    source = watch_changes(site)
    assert isinstance(source, ScannedChanges)
    article = site / "content/en/news/wind-farm.md"
    append(article)
    assert source() == [article]
