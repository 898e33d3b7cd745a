"""The site in a real browser: Debian's Chromium driven by Playwright, served from 127.0.0.1."""
from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from visitor import AXE_JS, REPO, chromium, page_urls, require_chromium, require_file, serve

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
NORWEGIAN_WORD = "næringslivsdelegasjonen"  # only in the Norwegian version of an article


@pytest.fixture(scope="module")
def browser():
    require_chromium()
    with chromium() as running:
        yield running


@pytest.fixture(scope="module")
def example(example_output):
    with serve(example_output) as origin:
        yield origin


@pytest.fixture(scope="module")
def urls(example_output):
    return page_urls(REPO, example_output)


class Visitor:
    """One browser tab that records console errors, page errors and requests to other hosts."""

    def __init__(self, browser, scheme: str = "light", width: int = 1280, javascript: bool = True) -> None:
        self.context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900},
                                           java_script_enabled=javascript)
        self.tab = self.context.new_page()
        self.problems: list[str] = []
        self.tab.on("console", lambda msg: self.problems.append(f"console {msg.type}: {msg.text}")
                    if msg.type in ("error", "warning") else None)
        self.tab.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        self.tab.on("request", self._check_host)

    def _check_host(self, request) -> None:
        if request.url.startswith("http") and urlsplit(request.url).hostname != "127.0.0.1":
            self.problems.append(f"request to another host: {request.url}")

    def visit(self, url: str, kind: str = ""):
        """Open ``url``; the search page also waits for Pagefind's box. Returns the tab."""
        self.problems.clear()
        self.tab.goto(url, wait_until="load")
        if kind == "search":
            self.tab.wait_for_selector(".pagefind-ui__search-input")
        return self.tab

    def close(self) -> None:
        self.context.close()


def _all_pages(urls) -> list[tuple[str, str, str]]:
    pages = [(kind, lang, url) for kind, by_lang in urls.items() for lang, url in sorted(by_lang.items())]
    return pages + [("root", "-", "/"), ("404", "-", "/404.html")]


def test_every_page_type_exists_in_every_language(urls):
    assert {kind: sorted(by_lang) for kind, by_lang in urls.items()} == \
        {kind: ["en", "nl", "no"] for kind in urls}


def test_no_page_type_logs_console_errors_or_calls_other_hosts(browser, example, urls):
    problems = {}
    visitor = Visitor(browser)
    for kind, lang, url in _all_pages(urls):
        visitor.visit(example + url, kind)
        if visitor.problems:
            problems[f"{kind} {lang} {url}"] = list(visitor.problems)
    visitor.close()
    assert problems == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_accessibility_violations_on_any_page_type(browser, example, urls, scheme):
    axe = require_file(AXE_JS)
    violations = {}
    visitor = Visitor(browser, scheme)
    visitor.context.add_init_script(path=str(axe))  # in every page before it runs, no extra request
    for kind, lang, url in _all_pages(urls):
        tab = visitor.visit(example + url, kind)
        found = tab.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
                             ".then(r => r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))",
                             AXE_TAGS)
        if found:
            violations[f"{kind} {lang} {url}"] = found
    visitor.close()
    assert violations == {}, json.dumps(violations, indent=1, ensure_ascii=False)


def test_switcher_lands_on_the_translation_of_the_article(browser, example, urls):
    visitor = Visitor(browser)
    tab = visitor.visit(example + urls["article"]["en"])
    expected = urlsplit(tab.get_attribute('link[rel="alternate"][hreflang="nb"]', "href")).path
    tab.click('.language-switcher a[hreflang="nb"]')
    tab.wait_for_load_state("load")
    assert urlsplit(tab.url).path == expected
    assert expected.startswith("/no/nyheter/") and expected != "/no/nyheter/"
    assert tab.get_attribute("html", "lang") == "nb"
    visitor.close()


def test_switcher_marks_a_fallback_link_and_it_leads_to_the_section(browser, fixture_output):
    with serve(fixture_output) as origin:
        visitor = Visitor(browser)
        tab = visitor.visit(origin + "/nl/nieuws/alleen-in-het-nederlands/")
        link = tab.locator('.language-switcher a[hreflang="en"]')
        assert link.get_attribute("class") == "fallback"
        assert link.get_attribute("data-fallback") == "true"
        note = tab.locator(".language-switcher .fallback-note").first
        assert note.is_visible() and note.inner_text().startswith("(")
        link.click()
        tab.wait_for_load_state("load")
        assert urlsplit(tab.url).path == "/en/news/"
        visitor.close()


def test_directory_filters_narrow_the_list_and_update_the_url(browser, example, urls):
    visitor = Visitor(browser)
    tab = visitor.visit(example + urls["directory"]["en"])
    items = tab.locator("li.directory-item")
    total = items.count()
    country = tab.locator('form.directory-filters select[name="country"] option[value="NO"]')
    assert country.count() == 1
    before = tab.inner_text("p.directory-count")
    tab.select_option('form.directory-filters select[name="country"]', "NO")
    visible = tab.locator("li.directory-item:not([hidden])")
    assert 0 < visible.count() < total
    assert set(visible.evaluate_all("els => els.map(e => e.dataset.country)")) == {"NO"}
    assert parse_qs(urlsplit(tab.url).query).get("country") == ["NO"]
    assert tab.inner_text("p.directory-count") != before
    shown = visible.count()
    assert visitor.problems == []
    visitor.visit(tab.url)  # the filtered URL, opened afresh, shows the same selection
    assert tab.locator("li.directory-item:not([hidden])").count() == shown
    assert tab.locator('select[name="country"]').input_value() == "NO"
    visitor.close()


def _pagefind_count(tab, word: str) -> int:
    """Results of Pagefind's own API with the bundle this search page loads (its language's)."""
    return tab.evaluate("""async word => {
        const script = document.querySelector('script[src*="/pagefind/"][src$="pagefind-ui.js"]');
        const pagefind = await import(script.src.replace('pagefind-ui.js', 'pagefind.js'));
        const search = await pagefind.search(word);
        return search.results.length;
    }""", word)


def test_search_finds_a_norwegian_word_on_the_norwegian_search_page_only(browser, example, urls):
    visitor = Visitor(browser)
    tab = visitor.visit(example + urls["search"]["no"], "search")
    expected = _pagefind_count(tab, NORWEGIAN_WORD)
    tab.fill(".pagefind-ui__search-input", NORWEGIAN_WORD)
    # The UI renders results one by one as their fragments load, five at first: wait for them.
    tab.wait_for_function("n => new Set([...document.querySelectorAll('.pagefind-ui__result-link')]"
                          ".map(a => a.pathname)).size >= Math.min(n, 5)", arg=expected)
    links = set(tab.locator(".pagefind-ui__result-link").evaluate_all("els => els.map(e => e.pathname)"))
    assert links and all(link.startswith("/no/") for link in links)
    assert len(links) == min(expected, 5)  # one result per page, sub-results aside
    assert visitor.problems == []
    for lang in ("en", "nl"):
        tab = visitor.visit(example + urls["search"][lang], "search")
        assert tab.get_attribute("html", "lang") == lang
        assert _pagefind_count(tab, NORWEGIAN_WORD) == 0
        assert _pagefind_count(tab, "cluster") > 0  # the index of that language is there
    visitor.close()


def test_search_finds_pages_in_every_bundle_of_a_language_split_in_several(browser, tmp_path):
    import re
    from conftest import FIXED_NOW, FIXTURE_SITE, copy_site, run_cli
    from builder.search import search_fingerprint, split_into_shards

    site, out = copy_site(FIXTURE_SITE, tmp_path / "site"), tmp_path / "out"
    built = run_cli("build", "--site", str(site), "--out", str(out), "--now", FIXED_NOW,
                    env={"BUILDER_SEARCH_SHARD_PAGES": "2"})
    assert built.code == 0, built.err
    pages = {p.relative_to(out).as_posix(): search_fingerprint(p.read_text(encoding="utf-8"))
             for p in (out / "en").rglob("*.html")}
    shards = split_into_shards({path: value for path, value in pages.items() if value}, size=2)
    assert len(shards) > 1
    last = sorted(shards[-1][1])[0]  # a page Pagefind put in the last bundle, not the one the page loads
    title = re.search(r"<h1>([^<]+)</h1>", (out / last).read_text(encoding="utf-8")).group(1)
    with serve(out) as origin:
        visitor = Visitor(browser)
        tab = visitor.visit(origin + "/en/search/", "search")
        tab.fill(".pagefind-ui__search-input", title)
        wanted = "/" + last.removesuffix("index.html")
        tab.wait_for_function("path => [...document.querySelectorAll('.pagefind-ui__result-link')]"
                              ".some(a => a.pathname === path)", arg=wanted)
        links = tab.locator(".pagefind-ui__result-link").evaluate_all("els => els.map(e => e.pathname)")
        assert all(link.startswith("/en/") for link in links)
        assert visitor.problems == []
        visitor.close()


def test_search_page_without_javascript_says_so_and_links_the_lists(browser, example, urls):
    visitor = Visitor(browser, javascript=False)
    tab = visitor.visit(example + urls["search"]["en"])
    assert "needs JavaScript" in tab.inner_text("main")
    assert tab.locator("main a").count() >= 3
    visitor.close()


def test_no_page_type_scrolls_sideways_on_a_320_px_screen(browser, example, urls):
    visitor = Visitor(browser, width=320)
    too_wide = {}
    for kind, lang, url in _all_pages(urls):
        tab = visitor.visit(example + url, kind)
        width = tab.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[f"{kind} {lang}"] = width
    visitor.close()
    assert too_wide == {}


def test_every_page_type_is_readable_and_navigable_without_javascript(browser, example, urls):
    visitor = Visitor(browser, javascript=False)
    for kind, lang, url in _all_pages(urls):
        tab = visitor.visit(example + url)
        assert tab.locator("main h1").first.is_visible(), f"{kind} {lang}"
        if kind not in ("root", "404"):
            assert tab.locator(".site-nav a").count() >= 4, f"{kind} {lang}"
            assert tab.locator(".language-switcher a").count() == 2, f"{kind} {lang}"
    tab = visitor.visit(example + urls["news"]["en"])
    tab.click(".site-nav a >> nth=2")  # the directory, reached by a plain link
    assert urlsplit(tab.url).path == urls["directory"]["en"]
    visitor.close()


def test_skip_link_appears_on_focus_and_leads_to_the_content(browser, example, urls):
    visitor = Visitor(browser)
    tab = visitor.visit(example + urls["article"]["en"])
    skip = tab.locator(".skip-link")
    assert not skip.is_visible() or skip.bounding_box()["y"] < 0
    tab.keyboard.press("Tab")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.bounding_box()["y"] >= 0
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"  # focus is visible
    tab.keyboard.press("Enter")
    assert urlsplit(tab.url).fragment == "main"
    visitor.close()


def test_printed_article_leaves_out_navigation_and_keeps_the_text(browser, example, urls):
    visitor = Visitor(browser)
    tab = visitor.visit(example + urls["article"]["en"])
    tab.emulate_media(media="print")
    assert not tab.locator(".site-nav").is_visible()
    assert not tab.locator(".language-switcher").is_visible()
    assert tab.locator("article h1").is_visible()
    visitor.close()
