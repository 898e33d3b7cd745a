"""Intrinsic size of images under assets/, so pages reserve their space before they load.

Reading the headers of PNG, GIF, JPEG, WebP and SVG is enough for width and
height; no imaging library is needed for that.
"""
from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path

from builder.assets import AssetMap


@dataclass(frozen=True)
class Image:
    """What a template needs to write an ``<img>``: URL and intrinsic size."""

    url: str
    width: int
    height: int


def image_size(path: Path) -> tuple[int, int]:
    """(width, height) in CSS pixels; ValueError when the format is not recognised."""
    data = path.read_bytes()
    for reader in (_png_size, _gif_size, _webp_size, _jpeg_size, _svg_size):
        size = reader(data)
        if size:
            return size
    raise ValueError(f"cannot read the size of image {path.name} (PNG, GIF, JPEG, WebP or SVG expected)")


def make_image_helper(assets: AssetMap):
    """The ``image(logical)`` template helper: hashed URL plus width and height."""
    cache: dict[str, Image] = {}

    def image(logical: str) -> Image:
        if logical not in cache:
            url = assets.url(logical)
            width, height = image_size(assets.sources[logical])
            cache[logical] = Image(url, width, height)
        return cache[logical]
    return image


def _png_size(data: bytes) -> tuple[int, int] | None:
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    return None


def _gif_size(data: bytes) -> tuple[int, int] | None:
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return struct.unpack("<HH", data[6:10])
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return None
    chunk = data[12:16]
    if chunk == b"VP8X":
        width = int.from_bytes(data[24:27], "little") + 1
        return width, int.from_bytes(data[27:30], "little") + 1
    if chunk == b"VP8L":
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    if data[:2] != b"\xff\xd8":
        return None
    pos = 2
    while pos + 9 < len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            pos += 2
            continue
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # start of frame
            height, width = struct.unpack(">HH", data[pos + 5:pos + 9])
            return width, height
        pos += 2 + length
    return None


_SVG_TAG = re.compile(rb"<svg\b[^>]*>", re.S)
_LENGTH = r"""\s%s\s*=\s*["']\s*([\d.]+)\s*(?:px)?\s*["']"""
_VIEWBOX = re.compile(rb"""\sviewBox\s*=\s*["']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)""")


def _svg_size(data: bytes) -> tuple[int, int] | None:
    tag = _SVG_TAG.search(data[:4096])
    if not tag:
        return None
    width = re.search((_LENGTH % "width").encode(), tag.group(0))
    height = re.search((_LENGTH % "height").encode(), tag.group(0))
    if width and height:
        return round(float(width.group(1))), round(float(height.group(1)))
    box = _VIEWBOX.search(tag.group(0))
    if box:
        return round(float(box.group(1))), round(float(box.group(2)))
    return None
