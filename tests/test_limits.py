"""Symbolic links out of the site are refused; a 10 MB Markdown file builds."""
from __future__ import annotations

import os
from pathlib import Path

from conftest import build_site
from test_invalid_input import errors_of

MEGABYTE = 1024 * 1024


def assert_refused(site: Path, shown: str, what: str) -> None:
    result = build_site(site)
    assert result.code == 1
    assert errors_of(result.err) == [
        f"{shown}:1: this {what} is a symbolic link to a place outside the site folder; "
        f"copy the {what} into the site instead",
        "build failed: 1 error"]


def test_symlinked_article_outside_the_site_is_refused(site, tmp_path):
    secret = tmp_path / "outside.md"
    secret.write_text("---\ntitle: Outside\ndate: 2019-05-01\n---\nNot part of the site.\n", encoding="utf-8")
    os.symlink(secret, site / "content/en/news/linked.md")
    assert_refused(site, "content/en/news/linked.md", "file")


def test_symlinked_folder_outside_the_site_is_refused(site, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "story.md").write_text("---\ntitle: Outside\ndate: 2019-05-01\n---\nText.\n", encoding="utf-8")
    os.symlink(outside, site / "content/en/news/2020")
    assert_refused(site, "content/en/news/2020", "folder")


def test_symlinked_section_folder_outside_the_site_is_refused(site, tmp_path):
    outside = tmp_path / "pages"
    (site / "content/en/pages").rename(outside)
    os.symlink(outside, site / "content/en/pages")
    result = build_site(site)
    assert result.code == 1
    assert errors_of(result.err)[0] == (
        "content/en/pages:1: this folder is a symbolic link to a place outside the site folder; "
        "copy the folder into the site instead")


def test_symlinked_asset_outside_the_site_is_refused(site, tmp_path):
    secret = tmp_path / "id_rsa"
    secret.write_text("private", encoding="utf-8")
    os.symlink(secret, site / "assets/css/key.css")
    result = build_site(site)
    assert result.code == 1
    assert errors_of(result.err) == [
        "assets/css/key.css:1: this asset is a symbolic link to a place outside the site folder; "
        "copy the file into the site instead",
        "build failed: 1 error"]
    assert not (site / "public").exists()


def test_symlinks_inside_the_site_are_followed_once(site):
    os.symlink(site / "content/nl/news/windpark.md", site / "content/en/news/windpark-copy.md")
    os.symlink(site / "content/en/news", site / "content/en/news/2019/loop")  # a cycle is walked once
    result = build_site(site)
    assert result.code == 0, result.err
    assert (site / "public/en/news/nieuw-windpark-op-zee/index.html").is_file()
    assert (site / "public/en/news/an-older-story/index.html").is_file()


def test_dangling_symlink_is_reported_not_dropped(site, tmp_path):
    os.symlink(tmp_path / "gone.md", site / "content/en/news/gone.md")
    result = build_site(site)
    assert errors_of(result.err)[0] == (
        "content/en/news/gone.md:1: this file is a symbolic link to a file that does not exist")


NOT_UTF8 = ("the file name is not valid UTF-8 (shown here with \ufffd for the bytes that are not); "
            "rename it, for example with letters, digits and hyphens only")


def write_named_in_bytes(folder: Path, name: bytes, data: bytes) -> None:
    with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
        handle.write(data)


def test_a_content_file_whose_name_is_not_utf8_is_named_not_a_traceback(site):
    assert build_site(site).code == 0
    before = (site / "public/en/index.html").read_bytes()
    # Latin-1 bytes from an old archive: Linux hands such names over as they are.
    write_named_in_bytes(site / "content/en/news", b"caf\xe9-opening.md",
                         b"---\ntitle: Opening\ndate: 2020-01-01\n---\nText.\n")
    result = build_site(site)  # with the cache, whose input digests meet the name first
    assert result.code == 1
    assert errors_of(result.err) == [f"content/en/news/caf\ufffd-opening.md:1: {NOT_UTF8}", "build failed: 1 error"]
    assert (site / "public/en/index.html").read_bytes() == before
    assert errors_of(build_site(site, "--no-cache").err)[0] == f"content/en/news/caf\ufffd-opening.md:1: {NOT_UTF8}"


def test_an_asset_whose_name_is_not_utf8_is_named_not_a_traceback(site):
    write_named_in_bytes(site / "assets", b"logo-\xe9.svg", b"<svg/>")
    result = build_site(site)
    assert result.code == 1
    assert errors_of(result.err) == [f"assets/logo-\ufffd.svg:1: {NOT_UTF8}", "build failed: 1 error"]
    assert not (site / "public").exists()


def write_large_article(path: Path, size: int) -> int:
    block = ("## Part {n}\n\nParagraph {n} about the [Offshore Cluster](@/directory/offshore-cluster) "
             "and the harbour, with *emphasis* and plain words that go on for a while so that the "
             "file grows like a real report would grow.\n\n" + "Another plain paragraph. " * 12 + "\n\n")
    parts, total, n = ["---\ntitle: A very long report\ndate: 2019-05-01\n---\n"], 0, 0
    while total < size:
        text = block.format(n=n)
        parts.append(text)
        total += len(text)
        n += 1
    parts.append("Last paragraph.\n")
    path.write_text("".join(parts), encoding="utf-8")
    return n


def test_ten_megabytes_of_markdown_build(site):
    parts = write_large_article(site / "content/en/news/report.md", 10 * MEGABYTE)
    result = build_site(site)
    assert result.code == 0, result.err
    page = (site / "public/en/news/a-very-long-report/index.html").read_text(encoding="utf-8")
    assert len(page) > 10 * MEGABYTE
    assert f'id="part-{parts - 1}"' in page and "Last paragraph." in page
    assert page.count('href="/en/clusters/offshore-cluster/"') >= parts
