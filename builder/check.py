"""`builder check`: the build's validation plus a link check of the rendered pages.

The site is built into a temporary folder that is deleted afterwards, so a
check never publishes anything. Internal links (href and src) must lead to a
file of the output and, with a #fragment, to an element with that id.
``--external`` also requests every external http(s) URL (see links_external).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from builder.build import build
from builder.config import load_config
from builder.site import BuildOptions


def add_check_command(commands, site_option) -> None:
    check = commands.add_parser("check", help="validate the site and check every link, publishing nothing")
    site_option(check)
    check.add_argument("--external", action="store_true",
                       help="also request external URLs (results are kept for a day in .cache/links.json)")
    check.add_argument("--drafts", action="store_true", help="include articles marked draft: true")
    check.add_argument("--future", action="store_true", help="include articles dated in the future")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors, as `build --strict`")
    check.add_argument("--timeout", type=float, default=10.0, help="seconds per external request")
    check.add_argument("--now", type=datetime.fromisoformat, help=argparse.SUPPRESS)
    check.set_defaults(run=run_check)


@dataclass
class PageLinks:
    """What one HTML file links to and which ids it offers."""

    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)


class _LinkParser(HTMLParser):
    _LINK_ATTRS = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageLinks()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id",) + (("name",) if tag == "a" else ()):
            if values.get(name):
                self.page.ids.add(values[name])  # type: ignore[arg-type]
        wanted = self._LINK_ATTRS.get(tag)
        if wanted and values.get(wanted) and not (tag == "link" and values.get("rel") in ("canonical", "alternate")):
            self.page.links.append(values[wanted])  # type: ignore[arg-type]


def read_page(path: Path) -> PageLinks:
    parser = _LinkParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.page


@dataclass(frozen=True)
class BrokenLink:
    page: str  # how the report names the page: its source file and URL
    target: str
    reason: str = ""

    def __str__(self) -> str:
        return f"{self.page}: broken link to {self.target}{f' ({self.reason})' if self.reason else ''}"


def check_internal_links(out_dir: Path, base_url: str, sources: dict[str, str], site_dir: Path | None = None,
                         external_lines: bool = False) -> tuple[list[BrokenLink], dict[str, set[str]]]:
    """Broken internal links, and external URLs with the pages that use them (with the line of the
    content file where each is written, when ``site_dir`` is given and the link is found there; for
    external URLs only with ``external_lines``, since finding lines reads the sources again)."""
    base = urlsplit(base_url)
    pages = {p.relative_to(out_dir).as_posix(): read_page(p) for p in sorted(out_dir.rglob("*.html"))}
    broken: list[BrokenLink] = []
    external: dict[str, set[str]] = {}
    texts = _SourceLines(site_dir)
    for rel, page in pages.items():
        page_url = base.path + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        for href in page.links:
            absolute = urlsplit(urljoin(f"{base.scheme}://{base.netloc}{page_url}", href))
            if absolute.scheme in ("http", "https") and absolute.netloc != base.netloc:
                line = texts.line_of(sources.get(rel, ""), href) if external_lines else None
                label = page_label(rel, page_url, sources, line)
                external.setdefault(absolute._replace(fragment="").geturl(), set()).add(label)
            elif absolute.scheme in ("http", "https"):
                reason = _internal_problem(out_dir, pages, base.path, absolute.path, absolute.fragment, rel)
                if reason is not None:
                    line = texts.line_of(sources.get(rel, ""), href)
                    broken.append(BrokenLink(page_label(rel, page_url, sources, line), href, reason))
    return broken, external


def page_label(rel: str, url: str, sources: dict[str, str], line: int | None = None) -> str:
    """``source:line (url)`` for a page made from a content file (the line where the link is written,
    when it can be found there), else the page's URL."""
    source = sources.get(rel, "")
    if not source.endswith((".md", ".yaml")):
        return url
    return f"{source}{f':{line}' if line else ''} ({url})"


class _SourceLines:
    """The line of a content file where a link is written: as the page has it, or by its #fragment
    (an ``@/`` link's address is only known once resolved)."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self.lines: dict[str, list[str]] = {}

    def line_of(self, source: str, href: str) -> int | None:
        if self.root is None or not source.endswith((".md", ".yaml")):
            return None
        if source not in self.lines:
            try:
                self.lines[source] = (self.root / source).read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                self.lines[source] = []
        fragment = urlsplit(href).fragment
        for wanted in (f"({href}", f'"{href}"', f"#{fragment})" if fragment else None):
            if wanted:
                for number, text in enumerate(self.lines[source], 1):
                    if wanted in text:
                        return number
        return None


def _internal_problem(out_dir: Path, pages: dict[str, PageLinks], base_path: str, path: str,
                      fragment: str, own: str) -> str | None:
    path = unquote(path)
    if not path.startswith(base_path):
        return f"outside the site's base path {base_path}"
    rel = path[len(base_path):]
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    target = out_dir / rel
    if ".." in Path(rel).parts or not target.is_file():
        if (out_dir / rel).is_dir():
            return "folder without index.html"
        return "no such page"
    if fragment and rel in pages and unquote(fragment) not in pages[rel].ids:
        return f"no element with id '{unquote(fragment)}'"
    return None


def run_check(args: argparse.Namespace) -> int:
    """Build into a temporary folder, then check links; exit 1 on any problem."""
    site_dir = args.site.resolve()
    options = BuildOptions(drafts=args.drafts, future=args.future, now=args.now)
    with tempfile.TemporaryDirectory(prefix="builder-check-") as tmp:
        result = build(site_dir, Path(tmp) / "site", options, strict=args.strict)  # BuildFailed is reported by the CLI
        for warning in result.warnings:
            print(f"{warning.path}:{warning.line}: warning: {warning.message}", file=sys.stderr)
        config = load_config(site_dir)
        broken, external = check_internal_links(Path(tmp) / "site", config.base_url, result.sources, site_dir,
                                                external_lines=args.external)
    if args.external:
        from builder.links_external import check_external

        broken += check_external(external, site_dir / ".cache" / "links.json", timeout=args.timeout)
    for link in sorted(broken, key=str):
        print(link, file=sys.stderr)
    print(f"checked {sum(result.pages.values())} pages: {len(broken)} broken link"
          f"{'s' if len(broken) != 1 else ''}" + ("" if args.external else " (external links not checked; "
                                                  "add --external)"))
    return 1 if broken else 0
