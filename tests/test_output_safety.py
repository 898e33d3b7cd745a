"""Nothing lost: failed and killed builds leave the previous output whole; foreign folders are refused."""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXED_NOW, REPO, build_site

MARKER = ".builder-output"


def hash_tree(folder: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file (and None for every folder) below ``folder``."""
    tree: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        tree[rel] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
    return tree


def add_articles(site: Path, count: int, title: str = "Generated story") -> None:
    folder = site / "content/en/news/generated"
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        (folder / f"story-{index:04d}.md").write_text(
            f"---\ntitle: {title} {index}\ndate: 2020-01-{index % 28 + 1:02d}\n---\n"
            f"Paragraph {index} about clusters.\n", encoding="utf-8")


def staging_folders(out: Path) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}.staging-*"))


def test_failed_build_leaves_previous_output_byte_identical(built):
    site = built.parent
    before = hash_tree(built)
    (site / "content/en/news/broken.md").write_text("---\ntitle: x\ndate: 2019-02-30\n---\n", encoding="utf-8")
    (site / "content/en/pages/about.md").write_text("---\ntitle: Changed\n---\nNew text.\n", encoding="utf-8")
    result = build_site(site)
    assert result.code == 1
    assert hash_tree(built) == before
    assert staging_folders(built) == []


def test_failed_render_leaves_previous_output_byte_identical(built):
    site = built.parent
    before = hash_tree(built)
    (site / "templates/page.html").write_text("{% extends 'base.html' %}{% block main %}{{ nope }}"
                                              "{% endblock %}", encoding="utf-8")
    result = build_site(site)
    assert result.code == 1
    assert hash_tree(built) == before
    assert staging_folders(built) == []


@pytest.mark.parametrize("out", [".", "content", "content/en", "templates"])
def test_builder_refuses_to_replace_the_site_or_its_sources(site, out):
    before = hash_tree(site)
    result = build_site(site, out=site / out)
    assert result.code == 1
    assert "Traceback" not in result.err
    assert "choose a folder such as public/" in result.err
    assert hash_tree(site) == before


def test_builder_refuses_out_dot_even_with_force(site):
    before = hash_tree(site)
    result = build_site(site, "--force", out=site / ".")
    assert result.code == 1
    assert hash_tree(site) == before


def test_builder_refuses_a_folder_with_files_it_did_not_write(site, tmp_path):
    out = tmp_path / "documents"
    out.mkdir()
    (out / "thesis.txt").write_text("years of work", encoding="utf-8")
    result = build_site(site, out=out)
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        f"{out}:1: --out {out} holds files the builder did not write; refusing to replace it "
        "(use --force to replace it anyway)")
    assert (out / "thesis.txt").read_text(encoding="utf-8") == "years of work"


def test_force_replaces_a_foreign_folder(site, tmp_path):
    out = tmp_path / "documents"
    out.mkdir()
    (out / "old.txt").write_text("old", encoding="utf-8")
    result = build_site(site, "--force", out=out)
    assert result.code == 0, result.err
    assert not (out / "old.txt").exists()
    assert (out / MARKER).is_file() and (out / "en/index.html").is_file()


def test_a_builder_output_is_replaced_without_force(built):
    before = hash_tree(built)
    (built.parent / "content/en/pages/about.md").write_text("---\ntitle: Renamed\n---\nText.\n", encoding="utf-8")
    result = build_site(built.parent)
    assert result.code == 0, result.err
    after = hash_tree(built)
    assert "en/renamed/index.html" in after and "en/about-this-site/index.html" in before
    assert "en/about-this-site/index.html" not in after


def test_marker_is_in_the_output_and_no_staging_marker_remains(built):
    assert (built / MARKER).is_file()
    assert not (built / ".builder-staging").exists()


def test_leftover_staging_folders_of_killed_builds_are_removed(built):
    dead = built.parent / ".public.staging-999999999"
    dead.mkdir()
    (dead / MARKER).write_text("left by a killed build", encoding="utf-8")
    (dead / "index.html").write_text("half", encoding="utf-8")
    result = build_site(built.parent)
    assert result.code == 0, result.err
    assert staging_folders(built) == []


def test_staging_folder_of_a_running_build_is_left_alone(built):
    running = built.parent / f".public.staging-{os.getpid()}"
    running.mkdir()
    (running / MARKER).write_text("a build in progress", encoding="utf-8")
    result = build_site(built.parent)
    assert result.code == 0, result.err
    assert (running / MARKER).is_file()


def test_output_moved_aside_by_an_interrupted_swap_is_restored(built):
    before = hash_tree(built)
    aside = built.parent / ".public.staging-old-999999999"
    built.rename(aside)
    (built.parent / "content/en/news/broken.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    result = build_site(built.parent)
    assert result.code == 1
    assert hash_tree(built) == before
    assert not aside.exists()


def start_build(site: Path, out: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "builder", "build", "--site", str(site), "--out", str(out),
                             "--now", FIXED_NOW], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def count_files(folder: Path) -> int:
    """Files below ``folder``, tolerating a folder that a build renames meanwhile."""
    return sum(len(names) for _, _, names in os.walk(folder))


def kill_when_staged(proc: subprocess.Popen, out: Path, files: int) -> bool:
    """SIGKILL the build once its staging folder holds ``files`` files; True if it was still running."""
    while proc.poll() is None:
        staged = staging_folders(out)
        if staged and count_files(staged[0]) >= files:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            return True
    return False


def test_build_killed_mid_way_leaves_old_or_new_output_never_a_mix(site, tmp_path):
    (site / "site.yaml").write_text((site / "site.yaml").read_text(encoding="utf-8")
                                    .replace("news_per_page: 2", "news_per_page: 50"), encoding="utf-8")
    add_articles(site, 150)
    out = tmp_path / "public"
    assert build_site(site, out=out).code == 0
    old = hash_tree(out)
    add_articles(site, 150, title="Rewritten story")
    reference = tmp_path / "reference"
    assert build_site(site, out=reference).code == 0
    new = hash_tree(reference)
    assert new != old
    killed_mid_way = 0
    for files in (1, 30, 100, 300):
        proc = start_build(site, out)
        was_running = kill_when_staged(proc, out, files)
        tree = hash_tree(out)
        assert tree in (old, new), f"mixed output after a kill at {files} staged files"
        killed_mid_way += was_running and tree == old
    assert killed_mid_way >= 1
    assert build_site(site, out=out).code == 0
    assert hash_tree(out) == new
    assert staging_folders(out) == []
