"""What the visitor-facing tests share: external tools, a local web server, page discovery.

Missing tools (Chromium, Java, the npm checkers) skip the tests that need them
with a loud reason, except under CI (``CI=true``), where they fail instead:
a green CI run must mean the checks really ran.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]
NODE_MODULES = REPO / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar/build/dist/vnu.jar"
AXE_JS = NODE_MODULES / "axe-core/axe.min.js"
PAGE_TYPES = ("home", "news", "article", "events", "directory", "entry", "page", "themes", "theme", "search")
_MARKUP = {"article": '<article class="article"', "entry": '<article class="entry"', "theme": "<h1>"}


def under_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def missing(what: str, fix: str) -> None:
    """Skip loudly on a developer machine; fail under CI."""
    message = f"{what.upper()} NOT AVAILABLE: these checks did NOT run ({fix})"
    if under_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def require_chromium() -> str:
    if not Path(CHROMIUM).exists():
        missing(f"Chromium at {CHROMIUM}", "apt-get install chromium, or run .ci/run")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing("Playwright", "make installs the pinned playwright into .venv")
    return CHROMIUM


def require_java_tool(path: Path) -> Path:
    if shutil.which("java") is None:
        missing("Java", "apt-get install default-jre-headless, or run .ci/run")
    if not path.is_file():
        missing(str(path.relative_to(REPO)), "run `make tools` (npm ci)")
    return path


def require_file(path: Path) -> Path:
    if not path.is_file():
        missing(str(path.relative_to(REPO)), "run `make tools` (npm ci)")
    return path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: pages load several files each

    def log_message(self, *args) -> None:  # keep test output clean
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) for the duration; yields the origin."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator:
    """A headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def html_files(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if "pagefind" not in p.relative_to(out).parts)


def page_urls(site_dir: Path, out: Path) -> dict[str, dict[str, str]]:
    """One URL of each page type in each language: {type: {lang: "/en/news/..."}}."""
    from builder.config import load_config
    from builder.urls import home_url, section_url

    config = load_config(site_dir)
    found: dict[str, dict[str, str]] = {kind: {} for kind in PAGE_TYPES}
    for lang in config.codes:
        lists = {"home": home_url(config, lang), "news": section_url(config, lang, "news"),
                 "directory": section_url(config, lang, "directory"),
                 "themes": section_url(config, lang, "themes"),
                 "search": f"{home_url(config, lang)}{config.language(lang).sections['search']}/",
                 "events": section_url(config, lang, "news", config.language(lang).sections["events"])}
        for kind, url in lists.items():
            if (out / url[len(config.base_path):] / "index.html").is_file():
                found[kind][lang] = url
        for kind, section in (("article", "news"), ("entry", "directory"), ("theme", "themes")):
            first = _first_child(out, section_url(config, lang, section), config.base_path, _MARKUP[kind])
            if first:
                found[kind][lang] = first
        page = _first_page(out, home_url(config, lang), config.base_path)
        if page:
            found["page"][lang] = page
    return found


def _first_child(out: Path, url: str, base_path: str, markup: str) -> str | None:
    folder = out / url[len(base_path):]
    for index in sorted(folder.glob("*/index.html")):
        if not index.parent.name.isdigit() and markup in index.read_text(encoding="utf-8"):
            return f"{url}{index.parent.name}/"
    return None


def _first_page(out: Path, home: str, base_path: str) -> str | None:
    for index in sorted((out / home[len(base_path):]).glob("*/index.html")):
        if '<article class="page"' in index.read_text(encoding="utf-8"):
            return f"{home}{index.parent.name}/"
    return None
