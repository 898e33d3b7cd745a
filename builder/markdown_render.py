"""Markdown -> HTML with the site's extensions, one reusable converter per language.

Conversion is a pure function of (text, language, raw_html) so that it can be
cached by content hash and run in worker processes. ``@/`` identity links are
left in the HTML as ``href="@/..."`` and resolved later by ``links``.
"""
from __future__ import annotations

import html
import re
from collections import deque
from functools import lru_cache

import markdown

from builder.slugs import anchor_slugify

_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")
_FOOTNOTE_REF = re.compile(r'<sup id="fnref[^"]*">.*?</sup>', re.S)


@lru_cache(maxsize=None)
def _converter(lang: str, raw_html: bool) -> markdown.Markdown:
    md = markdown.Markdown(
        extensions=["tables", "footnotes", "attr_list", "toc"],
        extension_configs={"toc": {"slugify": anchor_slugify(lang), "permalink": False}},
        output_format="html",
    )
    _parse_blocks_in_linear_time(md)
    if not raw_html:
        # Without these two, HTML in the source is treated as text and escaped.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
    return md


class _Blocks(deque):
    """Python-Markdown's block processors take blocks with ``pop(0)`` and ``insert(0, b)``: on a
    list each is O(n), which makes a 10 MB body quadratic; at the front of a deque they are O(1)."""

    def pop(self, index: int = -1) -> str:  # type: ignore[override]
        if index == 0:
            return self.popleft()
        if index == -1:
            return super().pop()
        value = self[index]
        del self[index]
        return value


def _parse_blocks_in_linear_time(md: markdown.Markdown) -> None:
    parser = md.parser
    parser.parseChunk = lambda parent, text: parser.parseBlocks(parent, _Blocks(text.split("\n\n")))


def render_markdown(text: str, lang: str, raw_html: bool = True) -> str:
    """HTML for a Markdown body."""
    md = _converter(lang, raw_html)
    try:
        return md.convert(text)
    finally:
        md.reset()


def summarise(body_html: str, limit: int = 200) -> str:
    """Plain text of the first paragraph, cut at a word boundary."""
    match = _FIRST_PARAGRAPH.search(body_html)
    if not match:
        return ""
    text = html.unescape(_TAG.sub("", _FOOTNOTE_REF.sub("", match.group(1))))
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit + 1].rsplit(" ", 1)[0].rstrip(" ,;:.–-")
    return cut + "…"
