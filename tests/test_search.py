"""Search: Pagefind runs inside `builder build`, one index per language, real content only."""
from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

from conftest import FIXED_NOW, REPO, build_site, run_cli

from visitor import html_files


CODES = {"en": "en", "nl": "nl", "no": "nb"}  # folder code -> <html lang>


def _entry(out: Path, code: str) -> dict:
    return json.loads((out / f"pagefind/{code}/pagefind-entry.json").read_text(encoding="utf-8"))


def _languages(out: Path) -> dict[str, dict]:
    """Every bundle's languages, by <html lang>; each bundle must hold exactly one."""
    found = {}
    for code in CODES:
        languages = _entry(out, code)["languages"]
        assert list(languages) == [CODES[code]], (code, languages)
        found.update(languages)
    return found


def _indexed_pages(out: Path) -> dict[str, list[str]]:
    """Pages marked for indexing, by <html lang>."""
    marked: dict[str, list[str]] = {}
    for path in html_files(out):
        html = path.read_text(encoding="utf-8")
        if "data-pagefind-body" in html:
            lang = re.search(r'<html lang="([^"]+)"', html).group(1)
            marked.setdefault(lang, []).append(str(path.relative_to(out)))
    return marked


def test_build_writes_one_search_bundle_per_language(fixture_output):
    assert sorted(p.name for p in (fixture_output / "pagefind").iterdir()) == ["en", "nl", "no"]
    assert sorted(_languages(fixture_output)) == ["en", "nb", "nl"]


def test_each_index_holds_exactly_the_pages_marked_as_content_in_that_language(fixture_output):
    languages = _languages(fixture_output)
    marked = _indexed_pages(fixture_output)
    assert {lang: info["page_count"] for lang, info in languages.items()} == \
        {lang: len(pages) for lang, pages in marked.items()}


def test_lists_home_pages_and_the_search_page_are_not_indexed(fixture_output):
    marked = {page for pages in _indexed_pages(fixture_output).values() for page in pages}
    for unindexed in ("index.html", "404.html", "en/index.html", "en/news/index.html",
                      "en/clusters/index.html", "en/themes/index.html", "en/search/index.html"):
        assert unindexed not in marked
    assert "nl/nieuws/alleen-in-het-nederlands/index.html" in marked


def test_no_text_is_indexed_under_a_language_it_is_not_written_in(fixture_output):
    # A page marked for indexing shows its own language's item: fallback copies are never indexed twice.
    for lang, pages in _indexed_pages(fixture_output).items():
        code = {"nb": "no"}.get(lang, lang)
        assert all(page.startswith(f"{code}/") for page in pages), pages


def test_search_page_exists_in_every_language_with_its_html_lang(fixture_output):
    for code, lang, segment in (("en", "en", "search"), ("nl", "nl", "zoeken"), ("no", "nb", "sok")):
        html = (fixture_output / code / segment / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in html
        home = (fixture_output / code / "index.html").read_text(encoding="utf-8")
        assert f'class="search-link" href="/{code}/{segment}/"' in home
        assert f"/pagefind/{code}/pagefind-ui.js" in html
        assert 'class="search-needs-js"' in html


def test_no_search_option_builds_without_an_index_and_says_search_is_unavailable(site):
    result = build_site(site, "--no-search")
    assert result.code == 0, result.err
    assert not (site / "public/pagefind").exists()
    html = (site / "public/en/search/index.html").read_text(encoding="utf-8")
    assert "pagefind" not in html
    assert "not available in this build" in html


def test_search_index_is_the_same_on_every_build(site, tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    assert build_site(site, out=first).code == 0
    assert build_site(site, out=second).code == 0
    files = sorted(p.relative_to(first) for p in (first / "pagefind").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in (second / "pagefind").rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes()
               for f in files)


def _search_phases(result) -> dict[str, str]:
    """Language code -> "cache" or "pagefind", from the --timings report of a build."""
    found = {}
    for line in result.err.splitlines():
        match = re.match(r"search index ([\w-]+) (from the cache|by Pagefind) ", line)
        if match:
            found[match.group(1)] = "pagefind" if match.group(2) == "by Pagefind" else "cache"
    return found


def _bundle(out: Path) -> dict[str, bytes]:
    folder = out / "pagefind"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_unchanged_indexed_text_takes_each_bundle_from_the_cache(site, tmp_path):
    first = build_site(site, "--timings", "--cache-dir", str(tmp_path / "cache"))
    assert _search_phases(first) == {"nl": "pagefind", "no": "pagefind", "en": "pagefind"}
    bundle = _bundle(site / "public")
    # Around the indexed element only: the navigation, the footer, a comment.
    base = site / "templates/base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("<footer", '<footer data-changed="yes"')
                    + "{# a template change #}\n", encoding="utf-8")
    second = build_site(site, "--timings", "--cache-dir", str(tmp_path / "cache"))
    assert second.code == 0, second.err
    assert 'data-changed="yes"' in (site / "public/en/index.html").read_text(encoding="utf-8")
    assert _search_phases(second) == {"nl": "cache", "no": "cache", "en": "cache"}
    assert _bundle(site / "public") == bundle


def test_an_edit_reindexes_only_its_language_and_matches_an_uncached_build(site, tmp_path):
    assert build_site(site, "--cache-dir", str(tmp_path / "cache")).code == 0
    article = next((site / "content/no/news").rglob("*.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nEt nytt avsnitt om havvind.\n",
                       encoding="utf-8")
    edited = build_site(site, "--timings", "--cache-dir", str(tmp_path / "cache"))
    assert edited.code == 0, edited.err
    assert _search_phases(edited) == {"nl": "cache", "no": "pagefind", "en": "cache"}
    uncached = tmp_path / "uncached"
    assert build_site(site, "--no-cache", out=uncached).code == 0
    assert _bundle(site / "public") == _bundle(uncached)


def test_a_template_change_inside_the_indexed_element_reindexes_every_language(site, tmp_path):
    assert build_site(site, "--cache-dir", str(tmp_path / "cache")).code == 0
    template = site / "templates/article.html"
    text = template.read_text(encoding="utf-8")
    assert " data-pagefind-body" in text
    template.write_text(text.replace(" data-pagefind-body", ' data-pagefind-body data-kind="news"'),
                        encoding="utf-8")
    again = build_site(site, "--timings", "--cache-dir", str(tmp_path / "cache"))
    assert _search_phases(again) == {"nl": "pagefind", "no": "pagefind", "en": "pagefind"}


def test_a_cached_bundle_changed_through_the_output_is_not_published_again(site, tmp_path):
    # The output holds hard links to the cached files: a tool rewriting them in place changes the
    # cache too, which the stored checksums notice.
    cache = tmp_path / "cache"
    assert build_site(site, "--cache-dir", str(cache)).code == 0
    bundle = _bundle(site / "public")
    entry = site / "public/pagefind/en/pagefind-entry.json"
    with open(entry, "r+b") as handle:  # in place, as a careless deploy step might
        handle.write(b"XX")
    (site / "templates/base.html").write_text((site / "templates/base.html").read_text(encoding="utf-8")
                                              + "{# rebuild #}\n", encoding="utf-8")
    again = build_site(site, "--timings", "--cache-dir", str(cache))
    assert _search_phases(again)["en"] == "pagefind"
    assert _bundle(site / "public") == bundle


def test_search_fingerprint_covers_what_pagefind_reads_and_nothing_else():
    from builder.search import search_fingerprint

    page = ('<html lang="nl"><head><title>T</title></head><body><nav>menu</nav>'
            '<article data-pagefind-body><p>tekst</p><article>genest</article><p>{}</p></article>'
            '<footer>{}</footer></body></html>')
    base = search_fingerprint(page.format("slot", "voet"))
    assert search_fingerprint(page.format("slot", "andere voet")) == base
    assert search_fingerprint(page.format("ander slot", "voet")) != base  # after a nested element
    assert search_fingerprint(page.format("slot", "voet").replace('lang="nl"', 'lang="en"')) != base
    assert search_fingerprint(page.format("slot", "voet").replace("<title>T", "<title>U")) != base
    outside = page.format("slot", "voet").replace("<nav>", '<nav data-pagefind-meta="x">')
    assert search_fingerprint(outside) != base
    assert search_fingerprint("<html><body><p>no mark</p></body></html>") is None


def test_pagefind_tags_are_found_as_a_full_scan_of_every_tag_finds_them():
    from builder.search import _pagefind_tags

    every_tag = re.compile(r"<[a-zA-Z][^>]*\bdata-pagefind-[^>]*>")  # exact, but slow on whole pages
    pages = [p.read_text(encoding="utf-8") for p in sorted((REPO / "tests/golden/site").rglob("*.html.golden"))]
    pages += ['<p>text about data-pagefind-body</p><img data-pagefind-meta="image[src]" data-pagefind-x src=a>',
              '<div xdata-pagefind-ignore><span>data-pagefind-sort="a"</span>', "data-pagefind-meta <b",
              '<main data-pagefind-body data-pagefind-filter="x">']
    assert any(every_tag.search(page) for page in pages)
    for page in pages:
        assert _pagefind_tags(page) == every_tag.findall(page)


SMALL_BUNDLES = {"BUILDER_SEARCH_SHARD_PAGES": "2"}  # as a site with thousands of pages per language


def build_in_bundles(site: Path, out: Path, *extra: str):
    return run_cli("build", "--site", str(site), "--out", str(out), "--now", FIXED_NOW, *extra, env=SMALL_BUNDLES)


def _matches(glob: str, path: str) -> bool:
    """Pagefind's glob as our shards write it: {a,b} alternatives, * within one folder."""
    patterns = glob[1:-1].split(",") if glob.startswith("{") else [glob]
    return any(re.fullmatch(re.escape(p).replace(r"\*\*/", "(?:.*/)?").replace(r"\*", "[^/]*"), path)
               for p in patterns)


def test_a_languages_pages_are_shared_out_between_bundles_each_page_in_one():
    from builder.search import split_into_shards

    names = ["offshore-wind", "of-course", "ab", "abc", "wind", "water", "waste", "zinc", "a1", "b2"]
    pages = {f"en/news/{name}/index.html": name for name in names}
    pages |= {"en/about/index.html": "about", "en/clusters/grenland/index.html": "grenland"}
    shards = split_into_shards(pages, size=3)
    assert 3 <= len(shards) <= 4
    members = [set(shard) for _, shard in shards]
    assert sum(map(len, members)) == len(pages) and set().union(*members) == set(pages)
    for glob, shard in shards:
        assert {path for path in pages if _matches(glob, path)} == set(shard), glob
    assert split_into_shards(pages, size=3) == shards  # the same cut every build
    [(glob, shard)] = split_into_shards(pages, size=100)
    assert shard == pages and {path for path in pages if _matches(glob, path)} == set(pages)
    assert not any(_matches(glob, path) for path in ("en/news/index.html", "en/news/2/index.html", "en/index.html"))
    assert split_into_shards({"en/x[1]/index.html": "", "en/y/index.html": ""}, size=1)[0][0] == "en/**/*.html"


def test_bundles_of_a_large_language_hold_every_indexed_page_once(site, tmp_path):
    out = tmp_path / "out"
    result = build_in_bundles(site, out)
    assert result.code == 0, result.err
    marked = _indexed_pages(out)
    for code, lang in CODES.items():
        others = json.loads((out / f"pagefind/{code}/shards.json").read_text(encoding="utf-8"))
        assert others == [f"{code}-{n}" for n in range(2, len(others) + 2)] and others
        counts = [json.loads((out / f"pagefind/{b}/pagefind-entry.json").read_text(encoding="utf-8"))
                  ["languages"][lang]["page_count"] for b in [code, *others]]
        assert sum(counts) == len(marked[lang]) and min(counts) >= 1, (code, counts)


def test_an_edit_reindexes_only_the_bundle_that_holds_the_page(site, tmp_path):
    cache = tmp_path / "cache"
    assert build_in_bundles(site, tmp_path / "out", "--cache-dir", str(cache)).code == 0
    article = site / "content/en/news/wind-farm.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more paragraph on cables.\n", encoding="utf-8")
    edited = build_in_bundles(site, tmp_path / "out", "--timings", "--cache-dir", str(cache))
    assert edited.code == 0, edited.err
    phases = _search_phases(edited)
    assert len(phases) > 6 and [name for name, how in phases.items() if how == "pagefind"] in (
        [["en"]] + [[f"en-{n}"] for n in range(2, 9)])


def test_bundles_indexed_side_by_side_are_those_indexed_one_by_one(site, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    assert build_in_bundles(site, one, "--jobs", "1", "--no-cache").code == 0
    assert build_in_bundles(site, two, "--jobs", "2", "--no-cache").code == 0
    assert len(list((one / "pagefind").iterdir())) > 6
    assert _bundle(one) == _bundle(two)


def test_a_failing_pagefind_run_fails_the_build_and_keeps_the_published_site(site, tmp_path):
    assert build_site(site).code == 0
    published = _bundle(site / "public")
    page = (site / "public/en/index.html").read_bytes()
    # Fails on the Norwegian bundle only, the others indexing.
    fake = _fake_pagefind(tmp_path, "if 'pagefind/no' in sys.argv:\n    sys.exit('Error: the disk is full')\n")
    (site / "content/en/news/wind-farm.md").write_text(
        (site / "content/en/news/wind-farm.md").read_text(encoding="utf-8") + "\nOne more line.\n",
        encoding="utf-8")
    failed = run_cli("build", "--site", str(site), "--out", str(site / "public"), "--now", FIXED_NOW,
                     "--no-cache", env=fake)
    assert failed.code != 0
    assert "search indexing failed: Error: the disk is full" in failed.err
    assert _bundle(site / "public") == published
    assert (site / "public/en/index.html").read_bytes() == page


def test_indexing_starts_once_pages_are_written_and_a_failed_check_waits_for_it(site, tmp_path):
    # Pagefind reads only pages, so it runs while the sitemap is written and the hreflang links are
    # checked. When that check fails, the build must wait for Pagefind before it drops the staging
    # folder: this stand-in writes its bundle a moment after it starts, as Pagefind does.
    assert build_site(site).code == 0
    published = _bundle(site / "public")
    started = tmp_path / "started"
    fake = _fake_pagefind(tmp_path, f"import time\npathlib.Path({str(started)!r}).touch()\ntime.sleep(0.5)\n")
    base = site / "templates/base.html"  # English pages stop naming their Dutch version
    base.write_text(base.read_text(encoding="utf-8").replace(
        "{% for alt in alternates %}",
        "{% for alt in alternates if not (lang.code == 'en' and alt.hreflang == 'nl') %}"), encoding="utf-8")
    failed = run_cli("build", "--site", str(site), "--out", str(site / "public"), "--now", FIXED_NOW,
                     "--no-cache", env=fake)
    assert failed.code == 1
    assert "which does not list this page back" in failed.err
    assert started.exists()
    assert _bundle(site / "public") == published
    assert [p.name for p in site.iterdir() if ".staging-" in p.name] == []


def _fake_pagefind(tmp_path: Path, first: str) -> dict[str, str]:
    """The environment of a build whose Pagefind runs ``first``, then writes an empty bundle where
    it was asked to (the builder runs the binary that ``PAGEFIND_BINARY_PATH`` names)."""
    fake = tmp_path / "fake-pagefind"
    fake.write_text(
        f"#!{sys.executable}\nimport pathlib\nimport sys\n{first}"
        "out = pathlib.Path(sys.argv[sys.argv.index('--site') + 1], sys.argv[sys.argv.index('--output-subdir') + 1])\n"
        "out.mkdir(parents=True)\n(out / 'pagefind-entry.json').write_text('{}')\n", encoding="utf-8")
    fake.chmod(0o755)
    return {"PAGEFIND_BINARY_PATH": str(fake)}


def _indexed_texts(out: Path, code: str) -> dict[str, str]:
    """What Pagefind keeps of each page of a bundle: its URL and the text it indexed."""
    import gzip
    texts = {}
    for fragment in (out / "pagefind" / code / "fragment").iterdir():
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        texts[data["url"]] = data["content"]
    return texts


def test_other_pages_words_shown_around_an_item_are_not_indexed_as_its_own(fixture_output):
    texts = _indexed_texts(fixture_output, "en")
    cluster, article = texts["/en/clusters/grenland/"], texts["/en/news/new-offshore-wind-farm/"]
    # A cluster's news list: the titles and summaries of other pages.
    assert "Grenland" in cluster and "News about this cluster" not in cluster
    assert "An older story" not in cluster and "First paragraph of the older story" not in cluster
    # An article's links to its neighbours and its translations.
    assert "New offshore wind farm" in article
    assert "An older story" not in article and "Previous article" not in article
    assert "Also in" not in article
    assert "First paragraph of the older story" in texts["/en/news/an-older-story/"]


def test_pagefind_runs_as_its_own_binary_not_through_a_python_wrapper(monkeypatch):
    # `python -m pagefind` starts an interpreter only to exec the binary: 50 ms on every edit's path.
    from builder.search import BINARY_VARIABLE, _pagefind_command
    monkeypatch.delenv(BINARY_VARIABLE, raising=False)
    command = _pagefind_command()
    assert len(command) == 1 and Path(command[0]).name == "pagefind_extended"
    assert os.access(command[0], os.X_OK)
    monkeypatch.setenv(BINARY_VARIABLE, "/opt/other/pagefind")
    assert _pagefind_command() == ["/opt/other/pagefind"]


def test_bundles_made_by_another_pagefind_binary_are_kept_apart_in_the_cache(tmp_path, monkeypatch):
    from builder.search import BINARY_VARIABLE, bundle_key
    pages = {"en/news/a/index.html": "f" * 32}
    monkeypatch.delenv(BINARY_VARIABLE, raising=False)
    wheel = bundle_key("pagefind/en", pages)
    other = tmp_path / "pagefind"
    other.write_bytes(b"one build")
    monkeypatch.setenv(BINARY_VARIABLE, str(other))
    first = bundle_key("pagefind/en", pages)
    other.write_bytes(b"another build")
    assert len({wheel, first, bundle_key("pagefind/en", pages)}) == 3


def test_a_pagefind_binary_that_cannot_be_run_is_named_in_a_clear_error(site, tmp_path):
    missing = tmp_path / "no-such-pagefind"
    failed = run_cli("build", "--site", str(site), "--out", str(site / "public"), "--now", FIXED_NOW,
                     "--no-cache", env={"PAGEFIND_BINARY_PATH": str(missing)})
    assert failed.code == 1
    assert f"search needs Pagefind, but {missing} cannot be run" in failed.err
    assert "PAGEFIND_BINARY_PATH" in failed.err and "Traceback" not in failed.err
    assert not (site / "public").exists()
