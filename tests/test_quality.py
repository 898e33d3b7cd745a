"""Quality gates on the example site as built: valid HTML, no broken links, a small page weight."""
from __future__ import annotations

import json
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from visitor import REPO, VNU_JAR, html_files, require_java_tool

BUDGET = 30 * 1024  # CSS plus JS per page, uncompressed, search excluded
BASE_URL = "https://clusters.example.org/"  # the example site's base_url: such links are internal


class _Page(HTMLParser):
    """Ids, links and subresources of one HTML file."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.styles: list[str] = []
        self.scripts: list[str] = []
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if attr.get(key):
                self.ids.add(attr[key] or "")
        if tag == "link" and "stylesheet" in (attr.get("rel") or "").split():
            self.styles.append(attr.get("href") or "")
        elif tag in ("a", "link") and attr.get("href"):
            self.links.append(attr["href"] or "")
        if tag == "script" and attr.get("src"):
            self.scripts.append(attr["src"] or "")
        if tag == "img":
            self.images.append(attr)
            self.links.append(attr.get("src") or "")


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _target(out: Path, page: Path, href: str) -> tuple[Path, str] | None:
    """Output file and fragment an internal link points at; None for other hosts and schemes."""
    if href.startswith(BASE_URL):
        href = "/" + href[len(BASE_URL):]
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return page, parts.fragment
    base = "/" + page.parent.relative_to(out).as_posix() + "/"
    path = unquote(parts.path if parts.path.startswith("/") else base + parts.path)
    file = out / path.lstrip("/")
    if path.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file, unquote(parts.fragment)


def _broken_links(out: Path) -> list[str]:
    pages = {path: _parse(path) for path in html_files(out)}
    broken = []
    for path, page in pages.items():
        for href in page.links + page.styles + page.scripts:
            target = _target(out, path, href)
            if target is None:
                continue
            file, fragment = target
            where = f"{path.relative_to(out)}: {href}"
            if not file.is_file():
                broken.append(f"{where} (no such file)")
            elif fragment and fragment not in (pages.get(file) or _parse(file)).ids:
                broken.append(f"{where} (no id '{fragment}')")
    return broken


def test_example_site_has_no_broken_internal_links_or_anchors(example_output):
    assert _broken_links(example_output) == []


def test_link_check_reports_a_missing_page_and_a_missing_anchor(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text('<p id="here"><a href="/a/#here">ok</a>'
                                           '<a href="/a/#gone">x</a><a href="../b/">y</a></p>')
    assert _broken_links(tmp_path) == ["a/index.html: /a/#gone (no id 'gone')",
                                       "a/index.html: ../b/ (no such file)"]


def test_every_page_loads_under_30_kb_of_css_and_js_without_search(example_output):
    over = {}
    for path in html_files(example_output):
        page = _parse(path)
        size = 0
        for url in page.styles + page.scripts:
            if "/pagefind/" in url or "/js/search." in url:
                continue
            size += (example_output / urlsplit(url).path.lstrip("/")).stat().st_size
        if size >= BUDGET:
            over[str(path.relative_to(example_output))] = size
    assert over == {}


def test_pages_request_nothing_from_other_hosts(example_output):
    foreign = []
    for path in html_files(example_output):
        page = _parse(path)
        for url in page.styles + page.scripts + [img.get("src") or "" for img in page.images]:
            if urlsplit(url).netloc:
                foreign.append(f"{path.relative_to(example_output)}: {url}")
    assert foreign == []


def test_every_image_has_width_and_height(example_output):
    missing = [f"{path.relative_to(example_output)}: {img.get('src')}"
               for path in html_files(example_output) for img in _parse(path).images
               if not (img.get("width") and img.get("height"))]
    assert missing == []


def test_every_html_page_passes_the_nu_html_checker(example_output):
    jar = require_java_tool(VNU_JAR)
    files = [str(p) for p in html_files(example_output)]
    proc = subprocess.run(["java", "-jar", str(jar), "--errors-only", "--format", "json", *files],
                          capture_output=True, text=True, timeout=600)
    messages = json.loads(proc.stderr or proc.stdout or '{"messages": []}')["messages"]
    errors = [f"{Path(urlsplit(m.get('url', '')).path).relative_to(example_output)}:{m.get('lastLine')}: "
              f"{m['message']}" for m in messages if m.get("type") == "error"]
    assert errors == [], "\n".join(errors)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert len(files) > 100  # the whole example site was checked
