"""All writes go through builder.output: staging, one write per path, atomic replacement."""
from __future__ import annotations

import hashlib

import pytest

from builder.errors import BuildError
from builder.output import MARKER, OutputWriter
from conftest import build_site


def tree_digest(folder):
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def test_files_of_removed_content_disappear_on_the_next_build(site, built):
    assert (built / "en/news/an-older-story/index.html").is_file()
    (site / "content/en/news/2019/older.md").unlink()
    assert build_site(site).code == 0
    assert not (built / "en/news/an-older-story").exists()


def test_failed_build_leaves_the_previous_output_as_it_was(site, built):
    before = tree_digest(built)
    (site / "content/en/pages/about.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    assert build_site(site).code == 1
    assert tree_digest(built) == before
    assert not [p for p in built.parent.iterdir() if ".staging-" in p.name]


def test_writer_refuses_paths_outside_the_output_folder(tmp_path):
    writer = OutputWriter(tmp_path / "out")
    with pytest.raises(BuildError, match="refusing to write outside the output folder"):
        writer.write("../escape.html", "x", "test")
    writer.abort()
    assert not (tmp_path / "escape.html").exists()


def test_writer_refuses_a_second_write_to_one_path_naming_both_sources(tmp_path):
    writer = OutputWriter(tmp_path / "out")
    writer.write("en/index.html", "one", "content/a.md")
    with pytest.raises(BuildError, match="content/a.md and content/b.md"):
        writer.write("en/index.html", "two", "content/b.md")
    writer.abort()


def test_commit_replaces_the_output_and_marks_it_as_ours(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / MARKER).write_text("x")
    (out / "stale.html").write_text("old")
    writer = OutputWriter(out)
    writer.write("index.html", "new", "test")
    writer.commit()
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "index.html"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_builder_refuses_to_replace_a_folder_it_did_not_write(site):
    foreign = site / "elsewhere"
    foreign.mkdir()
    (foreign / "precious.txt").write_text("keep me")
    result = build_site(site, out=foreign)
    assert result.code == 1
    assert "holds files the builder did not write" in result.err
    assert (foreign / "precious.txt").read_text() == "keep me"
