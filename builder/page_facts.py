"""What later steps need to know about a rendered page, taken from its HTML while it is in memory.

The hreflang check and the search index used to read every written page back
from disk; the worker that rendered a page already holds its text, so it
extracts both facts there and hands back a few short strings instead.
"""
from __future__ import annotations

from typing import NamedTuple

from builder.reciprocity import parse_alternates
from builder.search import search_fingerprint


class PageFacts(NamedTuple):
    links: tuple[tuple[str, str, int], ...]  # (hreflang, href, line) alternates in the head
    search: str | None  # search_fingerprint, None when Pagefind does not index the page


def facts_of(html: str) -> PageFacts:
    end = html.find("</head>")
    head = html if end < 0 else html[:end]
    return PageFacts(tuple(parse_alternates(head)), search_fingerprint(html))
