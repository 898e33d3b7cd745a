"""Input digests: every input file's bytes, read again only where the system says it changed."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from builder import input_files
from builder.cache import BuildCache
from builder.file_tree import walk_files
from builder.input_files import input_digests


def _counting_reads(monkeypatch, site: Path) -> list[str]:
    """Names of the site's files read from now on (the cache's own files are not counted)."""
    read: list[str] = []
    real = input_files._read_bytes

    def counting(path: str) -> bytes:
        if Path(path).is_relative_to(site):
            read.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(input_files, "_read_bytes", counting)
    return read


def test_only_files_the_system_reports_changed_are_read_again(site, tmp_path, monkeypatch):
    monkeypatch.setattr(input_files, "_RACY_NS", 0)  # the files were written a moment ago
    cache = BuildCache(tmp_path / "cache")
    read = _counting_reads(monkeypatch, site)
    first = input_digests(site, cache)
    assert first is not None and len(read) == len(first) > 20
    read.clear()
    assert input_digests(site, cache) == first and read == []
    # The same size and the same modification time: only the change time tells.
    article = site / "content/en/news/wind-farm.md"
    info = article.stat()
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("partners", "PARTNERS", 1), encoding="utf-8")
    os.utime(article, ns=(info.st_atime_ns, info.st_mtime_ns))
    read.clear()
    second = input_digests(site, cache)
    assert read == ["wind-farm.md"]
    assert second != first and {k for k in first if first[k] != second[k]} == {"content/en/news/wind-farm.md"}
    assert second == input_digests(site)  # what reading every file gives


def test_a_file_written_just_before_it_was_recorded_is_read_again(site, tmp_path, monkeypatch):
    cache = BuildCache(tmp_path / "cache")
    (site / "content/en/pages/fresh.md").write_text("---\ntitle: Fresh\n---\nNew.\n", encoding="utf-8")
    input_digests(site, cache)
    read = _counting_reads(monkeypatch, site)
    input_digests(site, cache)
    assert "fresh.md" in read  # within two seconds of its writing: not trusted yet


def test_every_input_file_is_digested_under_its_path_in_the_site(site):
    digests = input_digests(site)
    expected = {"site.yaml"} | {path.relative_to(site).as_posix()
                                for folder in ("content", "templates", "assets", "locales")
                                for path in (site / folder).rglob("*") if path.is_file()}
    assert digests is not None and set(digests) == expected


def test_a_missing_input_folder_holds_nothing(site):
    shutil.rmtree(site / "assets")
    digests = input_digests(site)
    assert digests is not None and digests and not any(rel.startswith("assets/") for rel in digests)


def test_a_linked_input_folder_gives_no_digests(site, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "more.md").write_text("---\ntitle: More\n---\n", encoding="utf-8")
    os.symlink(outside, site / "content/en/more")
    assert input_digests(site) is None  # no shortcut: the build itself reports the link


def test_files_are_walked_in_name_order_a_folders_files_first(tmp_path):
    for rel in ("b.txt", "a/z.txt", "a/b/c.txt", "a/a.txt", "c/d.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(rel, encoding="utf-8")
    walked = list(walk_files(str(tmp_path), "top/"))
    assert [rel for rel, _ in walked] == ["top/b.txt", "top/a/a.txt", "top/a/z.txt", "top/a/b/c.txt", "top/c/d.txt"]
    assert all(Path(path).read_text(encoding="utf-8") == rel[4:] for rel, path in walked)
    assert list(walk_files(str(tmp_path / "missing"))) == []
