"""Input digests: every input file's bytes, read again only where the system says it changed."""
from __future__ import annotations

import os
from pathlib import Path

from builder import input_files
from builder.cache import BuildCache
from builder.input_files import input_digests


def _counting_reads(monkeypatch, site: Path) -> list[str]:
    """Names of the site's files read from now on (the cache's own files are not counted)."""
    read: list[str] = []
    real = Path.read_bytes

    def counting(path: Path) -> bytes:
        if path.is_relative_to(site):
            read.append(path.name)
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", counting)
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
