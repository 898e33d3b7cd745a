"""hreflang reciprocity, checked on the written HTML rather than on the model.

Templates decide what reaches the visitor, so the check reads the output
(the alternates come from the ``alternates`` of each page's context, laid out
by templates/base.html; a template that filters them breaks this): every
page with alternates must list itself, and every page it names as a translation
must exist and list exactly the same set (which also means it links back and
agrees on x-default). The x-default target itself (the root language chooser)
need not list every untranslated page, so it is only required to exist.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

from builder.config import SiteConfig
from builder.errors import Problem

X_DEFAULT = "x-default"
_HEAD_BYTES = 16384  # enough for any head this site writes; longer ones are read whole


@dataclass
class PageLinks:
    """The ``<link rel="alternate" hreflang>`` elements of one output page."""

    file: str  # relative to the output folder
    url: str  # absolute URL the file is served at
    links: list[tuple[str, str, int]] = field(default_factory=list)  # (hreflang, href, line)

    @property
    def pairs(self) -> frozenset[tuple[str, str]]:
        return frozenset((hreflang, href) for hreflang, href, _ in self.links)


_LINK_TAG = re.compile(r"<link\b[^>]*\bhreflang\b[^>]*>", re.I)
_FAST_LINK = re.compile(r'<link rel="alternate" hreflang="([^"<>]*)" href="([^"<>]*)">')
_ATTRIBUTE = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def parse_alternates(head: str) -> list[tuple[str, str, int]]:
    """(hreflang, href, line) of each ``<link rel="alternate" hreflang>`` in an HTML head.

    Regular expressions rather than html.parser: this runs over every page of
    every build. Links written exactly as base.html writes them take a fast
    path; any other spelling is read attribute by attribute.
    """
    fast = list(_FAST_LINK.finditer(head))
    if len(fast) == head.lower().count("hreflang"):
        links, line, counted = [], 1, 0
        for m in fast:
            line += head.count("\n", counted, m.start())
            counted = m.start()
            links.append((html.unescape(m.group(1)), html.unescape(m.group(2)), line))
        return links
    found = []
    for tag in _LINK_TAG.finditer(head):
        values = {m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
                  for m in _ATTRIBUTE.finditer(tag.group(0))}
        if values.get("rel", "").lower() == "alternate" and values.get("hreflang"):
            line = head.count("\n", 0, tag.start()) + 1
            found.append((html.unescape(values["hreflang"]), html.unescape(values.get("href", "")), line))
    return found


def read_page_links(root: Path, file: str, config: SiteConfig) -> PageLinks:
    """Read the head of one written page (alternates live there; the body is skipped)."""
    with open(root / file, "rb") as handle:
        data = handle.read(_HEAD_BYTES)
        if b"</head>" not in data:
            data += handle.read()
    end = data.find(b"</head>")
    head = (data if end < 0 else data[:end]).decode("utf-8", errors="replace")
    return PageLinks(file, url_of_file(config, file), parse_alternates(head))


def url_of_file(config: SiteConfig, file: str) -> str:
    """Absolute URL serving an output file (``en/index.html`` -> ``https://host/sub/en/``)."""
    rel = file[: -len("index.html")] if file == "index.html" or file.endswith("/index.html") else file
    return config.base_url + rel


def file_of_url(config: SiteConfig, url: str) -> str | None:
    """Output file serving an absolute URL, or None when the URL is not on this site."""
    if not url.startswith(config.base_url):
        return None
    rel = url[len(config.base_url):].split("#")[0]
    return rel + "index.html" if rel == "" or rel.endswith("/") else rel


def check_reciprocity(root: Path, files: list[str], config: SiteConfig, shown: str = "",
                      known: Mapping[str, Sequence[tuple[str, str, int]]] | None = None) -> list[Problem]:
    """Every mismatch between the written pages' hreflang sets, as path:line problems.

    ``shown`` prefixes the output-relative paths in messages (the output folder
    as the author named it), since the staging folder is gone after the build.
    ``known`` gives the alternates of pages read while they were rendered; the
    other HTML files are read from ``root``.
    """
    known = known or {}
    pages = {f: PageLinks(f, url_of_file(config, f), list(known[f])) if f in known
             else read_page_links(root, f, config) for f in sorted(files) if f.endswith(".html")}
    problems: list[Problem] = []
    for page in pages.values():
        if page.links:
            problems.extend(_check_page(page, pages, config))
    prefix = shown.rstrip("/") + "/" if shown else ""
    return [Problem(prefix + p.path, p.line, p.message) for p in problems]


def _check_page(page: PageLinks, pages: dict[str, PageLinks], config: SiteConfig) -> list[Problem]:
    problems = _check_self_and_duplicates(page)
    for hreflang, href, line in page.links:
        file = file_of_url(config, href)
        if file is None or file not in pages:
            where = "is not on this site" if file is None else "is not a page of this build"
            problems.append(Problem(page.file, line, f"hreflang '{hreflang}' points to {href}, which {where}"))
        elif hreflang != X_DEFAULT and file != page.file:
            problems.extend(_check_partner(page, hreflang, line, pages[file]))
    return problems


def _check_self_and_duplicates(page: PageLinks) -> list[Problem]:
    problems = []
    first_line = page.links[0][2]
    if not any(href == page.url for _, href, _ in page.links):
        problems.append(Problem(page.file, first_line, f"the hreflang alternates do not list the page "
                                f"itself ({page.url})"))
    if not any(hreflang == X_DEFAULT for hreflang, _, _ in page.links):
        problems.append(Problem(page.file, first_line, "the hreflang alternates have no x-default"))
    seen: dict[str, str] = {}
    for hreflang, href, line in page.links:
        if seen.setdefault(hreflang, href) != href:
            problems.append(Problem(page.file, line, f"hreflang '{hreflang}' is given twice: "
                                    f"{seen[hreflang]} and {href}"))
    return problems


def _check_partner(page: PageLinks, hreflang: str, line: int, other: PageLinks) -> list[Problem]:
    if not any(href == page.url for _, href, _ in other.links):
        return [Problem(page.file, line, f"hreflang '{hreflang}' points to {other.url}, which does not "
                        "list this page back")]
    if other.pairs != page.pairs:
        there, here = other.pairs - page.pairs, page.pairs - other.pairs
        return [Problem(page.file, line, f"hreflang '{hreflang}' points to {other.url}, whose alternates "
                        f"differ: only there {_show(there)}; only here {_show(here)}")]
    return []


def _show(pairs: frozenset[tuple[str, str]]) -> str:
    return ", ".join(f"{hreflang}={href}" for hreflang, href in sorted(pairs)) or "none"
