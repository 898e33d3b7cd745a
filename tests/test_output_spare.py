"""The replaced output, emptied of its files, becomes the next build's staging folder (builder/output.py)."""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from conftest import build_site
from test_output_safety import add_articles, hash_tree

SPARE_MARKER = ".builder-spare"


def wait_for_spare(out: Path, seconds: float = 30) -> Path:
    spare = out.parent / f".{out.name}.spare"
    deadline = time.monotonic() + seconds
    while not (spare / SPARE_MARKER).is_file():
        assert time.monotonic() < deadline, sorted(p.name for p in out.parent.iterdir())
        time.sleep(0.05)
    return spare


def files_below(folder: Path) -> list[str]:
    return sorted(os.path.relpath(os.path.join(root, name), folder)
                  for root, _, names in os.walk(folder) for name in names)


def test_a_large_output_replaced_becomes_an_empty_spare_that_the_next_build_reuses(site, tmp_path):
    add_articles(site, 320)  # enough files for the detached emptying
    out = site / "public"
    assert build_site(site).code == 0
    (site / "content/en/pages/about.md").write_text("---\ntitle: Renamed\n---\nText.\n", encoding="utf-8")
    assert build_site(site).code == 0
    live = hash_tree(out)
    spare = wait_for_spare(out)
    assert files_below(spare) == [SPARE_MARKER]  # folders only
    assert (spare / "en/news/generated-story-100").is_dir()
    assert hash_tree(out) == live  # removing the old names left the files they shared with the output alone
    folder_inode = (spare / "en/news/generated-story-100").stat().st_ino

    for index in range(10):  # their folders must not survive in the reused spare
        (site / f"content/en/news/generated/story-{index:04d}.md").unlink()
    (site / "content/en/pages/about.md").write_text("---\ntitle: Again\n---\nOther text.\n", encoding="utf-8")
    assert build_site(site).code == 0
    assert (out / "en/news/generated-story-100").stat().st_ino == folder_inode  # the spare's folder, not a new one
    fresh = tmp_path / "fresh"
    assert build_site(site, "--no-cache", out=fresh).code == 0
    assert hash_tree(out) == hash_tree(fresh)  # no old file, no empty folder left over


def test_a_spare_holding_a_file_is_not_used(site, tmp_path):
    add_articles(site, 320)
    out = site / "public"
    assert build_site(site).code == 0
    (site / "content/en/pages/about.md").write_text("---\ntitle: Renamed\n---\nText.\n", encoding="utf-8")
    assert build_site(site).code == 0
    spare = wait_for_spare(out)
    (spare / "en/stray.html").write_text("not from this build", encoding="utf-8")
    assert build_site(site, "--no-cache").code == 0
    assert not (out / "en/stray.html").exists()
    assert not spare.exists() or files_below(spare) == [SPARE_MARKER]


def test_a_folder_named_like_a_spare_without_its_marker_is_left_alone(built):
    foreign = built.parent / ".public.spare"
    (foreign / "en").mkdir(parents=True)
    (foreign / "en/notes.txt").write_text("someone's", encoding="utf-8")
    assert build_site(built.parent).code == 0
    assert (foreign / "en/notes.txt").read_text(encoding="utf-8") == "someone's"
    assert not (built / "en/notes.txt").exists()
    shutil.rmtree(foreign)
