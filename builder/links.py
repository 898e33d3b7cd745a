"""``@/`` identity links: found in sources (with lines), resolved per language in HTML."""
from __future__ import annotations

import re
from html import escape
from typing import Callable

from builder.model import IdentityLink, KIND_OF_LINK_PREFIX

_SOURCE_LINK = re.compile(r"\]\(\s*<?@/([^)\s>#]*)(#[^)\s>]*)?")
# Reference-style definitions: ``[label]: @/news/key`` on a line of its own, found from the
# newline before it: a pattern that starts with a literal is scanned for quickly, while ``^``
# under re.M is tried at every character (nine tenths of the time spent finding links).
_SOURCE_REFERENCE = re.compile(r"\n[ ]{0,3}\[[^\]]+\]:\s*<?@/([^\s>#]*)(#[^\s>]*)?")
# attr_list may put attributes before href, so they are kept on both sides.
_HTML_LINK = re.compile(r'<a ((?:[^>]*? )?)href="@/([^"#]*)(#[^"]*)?"([^>]*)>(.*?)</a>', re.S)


def find_links(text: str, source: str, first_line: int) -> list[IdentityLink]:
    """Every ``[text](@/section/key)`` in a Markdown source, with its file line."""
    links = []
    # In "\n" + text a definition's newline stands where its line starts in ``text``.
    matches = sorted([*_SOURCE_LINK.finditer(text), *_SOURCE_REFERENCE.finditer("\n" + text)],
                     key=lambda m: m.start())
    line, counted = first_line, 0
    for match in matches:
        line += text.count("\n", counted, match.start())  # only since the last match: linear in size
        counted = match.start()
        links.append(IdentityLink(match.group(1).strip("/"), match.group(2) or "", source, line))
    return links


def split_target(target: str) -> tuple[str, str] | None:
    """``directory/x`` -> ("entry", "x"); None when the prefix is not a section."""
    prefix, _, key = target.partition("/")
    kind = KIND_OF_LINK_PREFIX.get(prefix)
    return (kind, key) if kind and key else None


# resolve(kind, key) -> (url, hreflang-or-None, marker label or None)
Resolver = Callable[[str, str], "tuple[str, str | None, str | None] | None"]


def resolve_html(html: str, resolve: Resolver) -> str:
    """Replace ``href="@/..."`` with real URLs; mark links that lead to another language."""
    if 'href="@/' not in html:
        return html

    def replace(match: re.Match) -> str:
        before, target, fragment, attrs, text = match.groups()
        attrs = f" {before.strip()}{attrs}" if before.strip() else attrs
        parsed = split_target(target.strip("/"))
        found = resolve(*parsed) if parsed else None
        if found is None:  # reported as a build error before rendering
            return text
        url, hreflang, marker = (escape(part) if part else part for part in found)
        if hreflang is None:
            return f'<a href="{url}{fragment or ""}"{attrs}>{text}</a>'
        return (f'<a href="{url}{fragment or ""}" hreflang="{hreflang}"{attrs}>{text}</a>'
                f' <span class="lang-marker" lang="{hreflang}">({marker})</span>')

    return _HTML_LINK.sub(replace, html)
