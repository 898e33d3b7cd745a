"""Images carry their intrinsic width and height, read from the file headers."""
from __future__ import annotations

import struct
import zlib

import pytest
from conftest import build_site

from builder.images import image_size


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height)))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def _jpeg(width: int, height: int) -> bytes:
    """The markers a reader walks: start, a JFIF segment, a standalone marker, the frame header."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    frame = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + b"\xff\x01" + frame + b"\xff\xd9"


@pytest.mark.parametrize("name, data, size", [
    ("a.png", _png(40, 30), (40, 30)),
    ("a.gif", b"GIF89a" + struct.pack("<HH", 17, 9) + b"\x00" * 8, (17, 9)),
    ("a.jpg", _jpeg(3, 2), (3, 2)),
    ("a.svg", b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80px"/>', (120, 80)),
    ("b.svg", b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 150"></svg>', (300, 150)),
])
def test_image_size_is_read_from_the_file_header(tmp_path, name, data, size):
    path = tmp_path / name
    path.write_bytes(data)
    assert image_size(path) == size


def test_an_unknown_image_format_is_refused_with_its_name(tmp_path):
    path = tmp_path / "photo.bmp"
    path.write_bytes(b"BM" + b"\x00" * 40)
    with pytest.raises(ValueError, match="photo.bmp"):
        image_size(path)


def test_article_image_is_published_hashed_with_width_height_and_alt(site):
    (site / "assets/images").mkdir(parents=True)
    (site / "assets/images/turbine.png").write_bytes(_png(64, 48))
    article = site / "content/en/news/wind-farm.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("---\n", "---\nimage: images/turbine.png\nimage_alt: A wind turbine\n", 1),
                       encoding="utf-8")
    result = build_site(site, "--no-search")
    assert result.code == 0, result.err
    pages = [p for p in (site / "public/en/news").rglob("index.html") if "turbine" in p.read_text(encoding="utf-8")]
    assert len(pages) == 1
    html = pages[0].read_text(encoding="utf-8")
    assert 'width="64" height="48" alt="A wind turbine"' in html
    src = html.split('<img src="', 1)[1].split('"', 1)[0]
    assert src.startswith("/assets/images/turbine.") and (site / "public" / src.lstrip("/")).is_file()


def test_an_image_whose_size_cannot_be_read_is_an_error_at_its_front_matter_line(site):
    (site / "assets/images").mkdir(parents=True)
    (site / "assets/images/broken.png").write_bytes(b"not an image")
    article = site / "content/en/news/wind-farm.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("---\n", "---\nimage: images/broken.png\nimage_alt: Broken\n", 1),
                       encoding="utf-8")
    result = build_site(site, "--no-search")
    assert result.code == 1
    assert "content/en/news/wind-farm.md:2: cannot read the size of image broken.png" in result.err
