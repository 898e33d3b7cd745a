"""The persistent build cache: cached, uncached and parallel builds write the same bytes."""
from __future__ import annotations

import re
import time

import jinja2
import pytest
from datetime import datetime
from pathlib import Path

from builder.build import build
from builder.site import BuildOptions
from conftest import FIXED_NOW, build_site, run_cli


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build_in_process(site: Path, out: Path, cache: bool, now: str = FIXED_NOW) -> None:
    """What `builder build` does, without starting a process (these tests build many times)."""
    options = BuildOptions(now=datetime.fromisoformat(now), cache_dir=site / ".cache" if cache else None)
    build(site, out, options)


def build_both(site: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The site built with its cache and without any; both must succeed."""
    build_in_process(site, site.parent / "cached", cache=True)
    build_in_process(site, site.parent / "plain", cache=False)
    return snapshot(site.parent / "cached"), snapshot(site.parent / "plain")


def build_site_env(site_dir: Path, env: dict[str, str], *extra: str, out: Path):
    return run_cli("build", "--site", str(site_dir), "--out", str(out), "--now", FIXED_NOW, *extra, env=env)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_cached_builds_match_uncached_ones_through_edits_renames_and_deletions(site):
    steps = [
        lambda: None,
        lambda: edit(site / "content/nl/news/windpark.md", "werkt samen met partners", "werkt nu samen"),
        lambda: (site / "content/en/news/wind-farm.md").rename(site / "content/en/news/offshore-farm.md"),
        lambda: (site / "content/en/news/2019/older.md").unlink(),
        lambda: edit(site / "templates/article.html", "<h1>", '<h1 class="edited">'),
        lambda: edit(site / "templates/base.html", "</html>\n", "</html>\n{# the same bytes out #}\n"),
        lambda: edit(site / "content/en/news/offshore-farm.md", "works with partners", "works with **partners**"),
    ]
    seen = []
    for step in steps:
        step()
        cached, plain = build_both(site)
        assert cached == plain
        seen.append(cached)
    assert any("werkt nu samen" in html.decode() for html in seen[1].values())
    assert not any("older" in path for path in seen[3])
    assert all(b'class="edited"' in html for path, html in seen[4].items() if "/news/" in path
               and path.endswith("index.html") and b'<article class="article">' in html)
    assert seen[5] == seen[4]
    assert any(b"<strong>partners</strong>" in html for html in seen[6].values())


def test_a_changed_catalog_reaches_the_pages_of_a_cached_build(site):
    build_both(site)
    catalog = site / "locales/nl/LC_MESSAGES/messages.po"
    text, count = re.subn(r'(msgid "News"\nmsgstr )"[^"]*"', r'\1"Nieuws (test)"', catalog.read_text(encoding="utf-8"))
    assert count == 1
    catalog.write_text(text, encoding="utf-8")
    cached, plain = build_both(site)
    assert cached == plain
    assert "Nieuws (test)" in cached["nl/index.html"].decode()


def inodes(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*.html")}


def rebuild_after(site: Path, change) -> tuple[int, set[str]]:
    """(pages a cached build renders again after ``change``, pages whose file it replaced)."""
    out = site / "public"
    assert build_site(site).code == 0
    before = inodes(out)
    change()
    result = build_site(site, "--timings")
    assert result.code == 0, result.err
    rendered = int(re.search(r"^pages rendered +(\d+)$", result.err, re.M).group(1))
    after = inodes(out)
    return rendered, {path for path in after if before.get(path) != after[path]}


def test_a_changed_template_renders_again_only_the_pages_that_use_it(site):
    # A Jinja comment: entry pages are rendered again, to the same bytes, so their files stay.
    rendered, replaced = rebuild_after(site, lambda: edit(site / "templates/entry.html", "{% block main %}",
                                                          "{% block main %}{# edited #}"))
    entries = {path for path in inodes(site / "public")
               if b'<article class="entry"' in (site / "public" / path).read_bytes()}
    assert len(entries) >= 5 and rendered == len(entries) and replaced == set()
    # Visible in the output: exactly the entry pages get new files.
    rendered, replaced = rebuild_after(site, lambda: edit(site / "templates/entry.html", "{% block main %}",
                                                          "{% block main %}<!-- edited -->"))
    assert rendered == len(entries) and replaced == entries
    # A template included by others reaches them too: _news_list.html is in lists and entry pages.
    articles = [p for p in inodes(site / "public")
                if b'<article class="article">' in (site / "public" / p).read_bytes()]
    rendered, replaced = rebuild_after(site, lambda: edit(site / "templates/_news_list.html", "<ul", "<ul data-x"))
    assert entries < replaced and "en/index.html" in replaced and not replaced & set(articles)
    assert rendered == len(replaced) < len(inodes(site / "public")) - len(articles)


def test_templates_are_compiled_once_for_every_language_and_kept_between_builds(site, monkeypatch):
    compiled = []
    real = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        if name is not None:
            compiled.append(name)
        return real(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    out = site.parent / "cached"
    build_in_process(site, out, cache=True)
    assert "article.html" in compiled and len(compiled) == len(set(compiled)), compiled
    compiled.clear()
    edit(site / "templates/entry.html", "{% block main %}", "{% block main %}<!-- edited -->")
    build_in_process(site, out, cache=True)
    assert compiled == ["entry.html"]
    assert any(b"<!-- edited -->" in html for html in snapshot(out).values())
    compiled.clear()
    build_in_process(site, site.parent / "plain", cache=False)  # no cache: compiled again, once each
    assert "article.html" in compiled and len(compiled) == len(set(compiled))
    assert snapshot(out) == snapshot(site.parent / "plain")


def test_a_changed_catalog_renders_again_only_the_pages_of_its_language(site):
    catalog = site / "locales/nl/LC_MESSAGES/messages.po"
    rendered, replaced = rebuild_after(site, lambda: catalog.write_text(
        re.sub(r'(msgid "News"\nmsgstr )"[^"]*"', r'\1"Nieuws (test)"', catalog.read_text(encoding="utf-8")),
        encoding="utf-8"))
    dutch = {path for path in inodes(site / "public") if path.startswith("nl/")}
    assert len(dutch) > 10 and dutch <= replaced and rendered == len(replaced)
    assert not any(path.startswith(("en/", "no/")) for path in replaced), replaced
    assert "Nieuws (test)" in (site / "public/nl/index.html").read_text(encoding="utf-8")


def test_a_corrupt_or_truncated_cache_entry_is_ignored(site):
    cached, _ = build_both(site)
    entries = [p for p in (site / ".cache/markdown").rglob("*") if p.is_file()]
    assert entries
    for number, entry in enumerate(entries):
        entry.write_bytes(entry.read_bytes()[: number % 7] if number % 2 else b"garbage")
    (site / ".cache/stamps").rename(site / ".cache/stamps-gone")  # force a real build
    again, plain = build_both(site)
    assert again == plain == cached


def test_cache_lives_in_the_site_folder_and_moves_with_cache_dir(site, tmp_path):
    assert build_site(site).code == 0
    assert list((site / ".cache/markdown").rglob("*"))
    elsewhere = tmp_path / "elsewhere"
    result = build_site(site, "--cache-dir", str(elsewhere), out=tmp_path / "out2")
    assert result.code == 0, result.err
    assert list((elsewhere / "markdown").rglob("*"))
    assert not (tmp_path / "out2" / ".cache").exists()


def test_no_cache_neither_reads_nor_writes_a_cache(site):
    result = build_site(site, "--no-cache")
    assert result.code == 0, result.err
    assert not (site / ".cache").exists()


def test_a_cache_folder_inside_the_output_is_refused(site):
    result = build_site(site, "--cache-dir", str(site / "public" / "cache"))
    assert result.code == 1
    assert "inside the output folder" in result.err
    assert not (site / "public" / "cache").exists()


def test_one_and_two_workers_write_identical_sites(site, tmp_path):
    env = {"BUILDER_PARALLEL_MIN": "0"}  # use the pools even on this small site
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}"
        result = build_site_env(site, env, "--no-cache", "--jobs", jobs, out=out)
        assert result.code == 0, result.err
        outputs.append((snapshot(out), result.err))
    assert outputs[0] == outputs[1]


def test_an_unchanged_site_is_not_rebuilt_but_any_change_is(site):
    first = build_site(site)
    assert first.code == 0, first.err
    public = site / "public"
    before = {p: p.stat().st_mtime_ns for p in public.rglob("*") if p.is_file()}
    second = build_site(site)
    assert second.code == 0 and second.out.split(" in ")[0] == first.out.split(" in ")[0]
    assert second.err == first.err  # the same warnings, reported again
    assert {p: p.stat().st_mtime_ns for p in public.rglob("*") if p.is_file()} == before
    (public / "nl/index.html").unlink()  # a damaged output is rebuilt
    assert build_site(site).code == 0
    assert (public / "nl/index.html").is_file()
    edit(site / "content/nl/news/windpark.md", "werkt samen met partners", "werkt vandaag samen")
    assert build_site(site).code == 0
    assert any("werkt vandaag samen" in p.read_text(encoding="utf-8") for p in public.rglob("*.html"))


def test_any_changed_output_file_makes_the_next_build_a_real_one(site):
    assert build_site(site).code == 0
    public = site / "public"
    for damaged in ("pagefind/en/pagefind-entry.json", "en/news/atom.xml", "en/news/index.html"):
        original = (public / damaged).read_bytes()
        with open(public / damaged, "ab") as handle:
            handle.write(b" ")
        assert build_site(site).code == 0
        assert (public / damaged).read_bytes() == original, damaged


def test_an_up_to_date_output_expires_when_an_article_is_due(site):
    (site / "content/en/news/later.md").write_text(
        "---\ntitle: Published later\ndate: 2024-01-01T15:00:00+01:00\n---\nDue this afternoon.\n",
        encoding="utf-8")
    assert build_site(site).code == 0
    assert not any("Published later" in p.read_text(encoding="utf-8") for p in (site / "public").rglob("*.html"))
    # The same day (FIXED_NOW is noon), after the article's moment.
    result = run_cli("build", "--site", str(site), "--out", str(site / "public"), "--now", "2024-01-01T16:00:00+01:00")
    assert result.code == 0, result.err
    assert any("Published later" in p.read_text(encoding="utf-8") for p in (site / "public").rglob("*.html"))


def test_cache_writes_are_atomic_renames_of_complete_files(tmp_path):
    from builder.cache import BuildCache
    cache = BuildCache(tmp_path / "c")
    cache.put("ns", "ab" * 32, b"value")
    assert cache.get("ns", "ab" * 32) == b"value"
    assert not [p for p in (tmp_path / "c").rglob(".tmp-*")]
    path = next(p for p in (tmp_path / "c").rglob("*") if p.is_file())
    path.write_bytes(path.read_bytes()[:-1])  # as if the write had been cut short
    assert cache.get("ns", "ab" * 32) is None
    (tmp_path / "file").write_text("not a folder")
    BuildCache(tmp_path / "file").put("ns", "cd" * 32, b"other")  # unwritable: costs speed, not the build


def test_pages_from_the_cache_still_report_untranslated_ui_strings(site, tmp_path):
    catalog = site / "locales/nl/LC_MESSAGES/messages.po"
    text, count = re.subn(r'(msgid "News"\nmsgstr )"[^"]*"', r'\1""', catalog.read_text(encoding="utf-8"))
    assert count == 1
    catalog.write_text(text, encoding="utf-8")
    assert build_site(site).code == 0
    # Only the English about page changes: every Dutch page now comes from the cache.
    edit(site / "content/en/pages/about.md", "a directory of clusters", "a directory of industrial clusters")
    cached = build_site(site)
    plain = build_site(site, "--no-cache", out=tmp_path / "plain")
    assert "UI string 'News' has no translation in locale 'nl'" in cached.err
    assert cached.err == plain.err
    assert snapshot(site / "public") == snapshot(tmp_path / "plain")


def test_unchanged_pages_are_linked_from_the_previous_output_by_workers_too(tmp_path):
    import sys
    from conftest import REPO
    sys.path.insert(0, str(REPO / "benchmarks"))
    from gen_corpus import copy_shared_folders, generate
    site = tmp_path / "corpus"
    generate(site, 12, 6)
    copy_shared_folders(site, REPO)
    out = tmp_path / "out"
    command = ["build", "--site", str(site), "--out", str(out), "--now", "2027-01-01T00:00:00+00:00", "--jobs", "2"]
    assert run_cli(*command, env={"BUILDER_PARALLEL_MIN": "0"}).code == 0
    before = {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*.html")}
    article = sorted((site / "content/en/news").rglob("*.md"))[0]
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    assert run_cli(*command, env={"BUILDER_PARALLEL_MIN": "0"}).code == 0
    after = {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*.html")}
    linked = [path for path in after if before.get(path) == after[path]]
    changed = [path for path in after if path not in linked]
    assert len(after) > 64 and len(linked) >= len(after) - 12, changed  # the article, its lists, neighbours
    assert any("One more sentence" in (out / path).read_text(encoding="utf-8") for path in changed)
    plain = tmp_path / "plain"
    assert run_cli(*command[:4], str(plain), *command[5:], "--no-cache").code == 0
    assert snapshot(out) == snapshot(plain)


def test_an_output_page_changed_after_the_build_is_rendered_again_not_reused(site, tmp_path):
    assert build_site(site).code == 0
    page = site / "public/en/index.html"
    original = page.read_bytes()
    with open(page, "r+b") as handle:  # in place: same inode, another time
        handle.write(b"<!-- tampered -->")
    edit(site / "content/en/pages/about.md", "a directory of clusters", "a directory of industrial clusters")
    assert build_site(site).code == 0
    assert page.read_bytes() == original


def test_stored_folders_come_back_whole_and_unused_ones_are_pruned(tmp_path):
    from builder.cache import BuildCache

    source = tmp_path / "bundle"
    (source / "index").mkdir(parents=True)
    (source / "entry.json").write_text("{}", encoding="utf-8")
    (source / "index/a.pf").write_bytes(b"\x00\x01")
    writer = BuildCache(tmp_path / "cache")
    writer.put_tree("search", "a" * 64, source)
    writer.put_tree("search", "b" * 64, source)
    reader = BuildCache(tmp_path / "cache")
    assert not reader.get_tree("search", "c" * 64, tmp_path / "missing")
    assert reader.get_tree("search", "a" * 64, tmp_path / "copy")
    assert (tmp_path / "copy/index/a.pf").read_bytes() == b"\x00\x01"
    assert reader.prune("search", keep_factor=1, spare=0) == 2  # b's folder and its checksum list
    assert not BuildCache(tmp_path / "cache").get_tree("search", "b" * 64, tmp_path / "gone")
    assert BuildCache(tmp_path / "cache").get_tree("search", "a" * 64, tmp_path / "again")
    # b's folder was moved aside at once and is deleted by a detached process, not by the build.
    assert not any("b" * 20 in str(path) for path in (tmp_path / "cache/search").rglob("*"))
    for _ in range(100):
        if not (tmp_path / "cache-trash").exists():
            break
        time.sleep(0.05)
    assert not (tmp_path / "cache-trash").exists()


def test_parsed_sources_are_remembered_by_their_bytes_and_place(tmp_path):
    from builder.cache import BuildCache
    from builder.errors import BuildError
    from builder.source_memo import SourceMemo

    calls = []

    def parse(value):
        def run():
            calls.append(value)
            return {"parsed": value}
        return run

    first = SourceMemo(BuildCache(tmp_path / "c"))
    assert first.parse("a.md", "article|en|a", b"one", parse("one")) == {"parsed": "one"}
    first.save()
    second = SourceMemo(BuildCache(tmp_path / "c"))
    found = second.parse("a.md", "article|en|a", b"one", parse("again"))
    assert found == {"parsed": "one"} and calls == ["one"]
    found["parsed"] = "changed by a later step"  # never reaches the memory
    assert second.parse("a.md", "article|en|a", b"one", parse("x")) == {"parsed": "one"}
    assert second.parse("a.md", "article|en|a", b"two", parse("two")) == {"parsed": "two"}
    assert second.parse("a.md", "article|nl|a", b"two", parse("moved")) == {"parsed": "moved"}

    def failing():
        raise BuildError("b.md", 3, "bad")
    for _ in range(2):  # a file with an error is parsed, and reported, every time
        with pytest.raises(BuildError):
            second.parse("b.md", "article|en|b", b"bad", failing)
    assert SourceMemo(None).parse("a.md", "p", b"one", parse("uncached")) == {"parsed": "uncached"}


def test_an_invalid_file_fails_every_build_not_only_the_first(site):
    broken = site / "content/en/news/broken.md"
    broken.write_text("---\ntitle: [unclosed\n---\nBody\n", encoding="utf-8")
    first, second = build_site(site), build_site(site)
    assert first.code == second.code == 1
    assert "content/en/news/broken.md:2" in first.err and first.err == second.err


def test_remembered_parses_leave_the_markdown_bodies_in_their_files(site, tmp_path):
    article = site / "content/en/news/wind-farm.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nA sentence found only here.\n",
                       encoding="utf-8")
    assert build_site(site).code == 0
    stored = b"".join(p.read_bytes() for p in (site / ".cache/sources").rglob("*") if p.is_file())
    assert stored and b"A sentence found only here" not in stored
    edit(site / "content/en/pages/about.md", "a directory of clusters", "a directory of industrial clusters")
    assert build_site(site).code == 0  # every other file from memory, bodies from the files
    assert build_site(site, "--no-cache", out=tmp_path / "plain").code == 0
    assert snapshot(site / "public") == snapshot(tmp_path / "plain")


def test_converted_bodies_are_kept_in_a_few_packs_and_an_edit_rewrites_one(site):
    assert build_site(site).code == 0
    packs = {p: p.read_bytes() for p in (site / ".cache/markdown").rglob("*") if p.is_file()}
    bodies = len(list((site / "content").rglob("*.md"))) + len(list((site / "content").rglob("*.yaml")))
    assert 1 < len(packs) <= 16 < bodies
    # A field changes too: a body edit alone patches the last model and converts outside the packs.
    edit(site / "content/en/pages/about.md", "a directory of clusters", "a directory of industrial clusters")
    edit(site / "content/en/pages/about.md", "title: About this site", "title: About the site")
    assert build_site(site).code == 0
    after = {p: p.read_bytes() for p in (site / ".cache/markdown").rglob("*") if p.is_file()}
    assert len([p for p in after if after[p] != packs.get(p)]) == 1


def _build_at(site: Path, now: str, *extra: str, out: Path | None = None):
    result = run_cli("build", "--site", str(site), "--out", str(out or site / "public"), "--now", now,
                     "--timings", *extra)
    assert result.code == 0, result.err
    return result


def _phases(result) -> set[str]:
    return {match.group(1) for match in re.finditer(r"^(.+?) +[\d.]+ s +[\d.]+ s CPU$", result.err, re.M)}


def _model_was_remembered(result) -> bool:
    phases = _phases(result)
    assert ("read sources" in phases) != ("model from the cache" in phases and "read sources" not in phases)
    return "read sources" not in phases


def test_body_edits_patch_the_last_model_and_give_what_a_build_without_cache_gives(site, tmp_path):
    article, page = site / "content/en/news/wind-farm.md", site / "content/nl/pages/about.md"
    first = _build_at(site, FIXED_NOW, "--no-search")
    assert "read sources" in _phases(first)
    pages = _count(first, "page contexts digested")
    steps = [(article, "works with partners", "works with [the cluster](@/directory/offshore-cluster)"),
             (page, "\n---\n", "\n---\nEen nieuwe eerste alinea.\n\n"),  # a new first paragraph: a new summary
             (article, "the cluster", "the offshore cluster")]
    for number, (path, old, new) in enumerate(steps):
        edit(path, old, new)
        result = _build_at(site, FIXED_NOW, "--no-search")
        assert "read sources" not in _phases(result), (number, result.err)
        assert "model patched from the last one" in _phases(result)
        assert 0 < _count(result, "page contexts digested") < pages // 4, number  # those holding the item
        uncached = tmp_path / f"uncached-{number}"
        assert run_cli("build", "--site", str(site), "--out", str(uncached), "--now", FIXED_NOW,
                       "--no-cache", "--no-search").code == 0
        assert snapshot(site / "public") == snapshot(uncached), number


def test_a_new_model_replaces_the_last_one_in_the_cache_instead_of_piling_up(site):
    models = site / ".cache/models"
    article = site / "content/en/news/wind-farm.md"
    first = kept = None
    for number, change in enumerate(["nothing", "a body", "a body", "a field"]):
        if change == "a body":
            with open(article, "a", encoding="utf-8") as handle:
                handle.write(f"\nStep {number}.\n")
        elif change == "a field":
            edit(article, "title: New offshore wind farm", "title: A new offshore wind farm")
        _build_at(site, FIXED_NOW, "--no-search")
        # The model and the entry naming it the last one of these settings, whatever came before.
        files = [p for p in models.rglob("*") if p.is_file()]
        assert len(files) == 2, change
        model = max(files, key=lambda p: p.stat().st_size)
        if change == "a body":  # not pickled again: the last entry names it and keeps the edited items
            assert (model, model.stat().st_mtime_ns) == kept, change
        kept = (model, model.stat().st_mtime_ns)
        first = first or model
    assert kept[0] != first  # a field changed: the site was read again, a new model replaced the old


@pytest.mark.parametrize("change", ["a field", "a broken link", "an entry", "a new article"])
def test_anything_but_body_edits_loads_the_site_again(site, change):
    _build_at(site, FIXED_NOW, "--no-search")
    article = site / "content/en/news/wind-farm.md"
    if change == "a field":
        edit(article, "title: New offshore wind farm", "title: A new offshore wind farm")
    elif change == "a broken link":
        edit(article, "works with partners", "works with [gone](@/news/no-such-story)")
    elif change == "an entry":
        entry = next((site / "content/en/directory").glob("*.yaml"))
        entry.write_text(entry.read_text(encoding="utf-8") + "members: 12\n", encoding="utf-8")
    else:
        (site / "content/en/news/zeppelin.md").write_text("---\ntitle: Zeppelin\ndate: 2019-01-01\n---\nA body.\n",
                                                          encoding="utf-8")
    result = run_cli("build", "--site", str(site), "--out", str(site / "public"), "--now", FIXED_NOW, "--timings",
                     "--no-search")
    if change == "a broken link":
        assert result.code == 1 and "content/en/news/wind-farm.md:" in result.err and "no-such-story" in result.err
        return
    assert result.code == 0, result.err
    assert "read sources" in _phases(result)


def test_a_template_change_takes_the_model_from_the_cache_with_its_warnings(site):
    (site / "content/en/news/notes.txt").write_text("not an article\n", encoding="utf-8")
    first = _build_at(site, FIXED_NOW)
    warnings = [line for line in first.err.splitlines() if "notes.txt" in line]
    assert warnings and not _model_was_remembered(first)
    edit(site / "templates/base.html", "</html>\n", "</html>\n<!-- edited -->\n")
    second = _build_at(site, FIXED_NOW)
    assert _model_was_remembered(second)
    assert [line for line in second.err.splitlines() if "notes.txt" in line] == warnings
    assert b"<!-- edited -->" in (site / "public/en/index.html").read_bytes()
    before = snapshot(site / "public")
    strict = run_cli("build", "--site", str(site), "--out", str(site / "public"), "--now", FIXED_NOW, "--strict")
    assert strict.code == 1 and "notes.txt" in strict.err and snapshot(site / "public") == before
    edit(site / "content/en/news/wind-farm.md", "title: New offshore wind farm", "title: A new offshore wind farm")
    assert not _model_was_remembered(_build_at(site, FIXED_NOW))
    (site / "assets/css/site.css").write_text("body {}\n", encoding="utf-8")  # image checks read assets/
    assert not _model_was_remembered(_build_at(site, FIXED_NOW))


def test_a_model_from_the_cache_publishes_what_its_moment_publishes(site, tmp_path):
    (site / "content/en/news/zeppelin.md").write_text(
        "---\ntitle: Zeppelin harbour opens\ndate: 2024-02-01T09:00:00+01:00\n---\nHeld back.\n", encoding="utf-8")
    steps = [("2024-01-01T12:00:00+01:00", False, False), ("2024-01-20T12:00:00+01:00", True, False),
             ("2024-02-01T09:00:00+01:00", False, True), ("2024-03-01T12:00:00+01:00", True, True),
             ("2024-01-20T12:00:00+01:00", False, False)]
    for number, (now, remembered, published) in enumerate(steps):
        edit(site / "templates/base.html", "</html>\n", f"</html>\n<!-- step {number} -->\n")
        cached = _build_at(site, now)
        assert _model_was_remembered(cached) == remembered, now
        plain = _build_at(site, now, "--no-cache", out=tmp_path / "plain")
        assert snapshot(site / "public") == snapshot(tmp_path / "plain")
        assert (site / "public/en/news/zeppelin-harbour-opens/index.html").exists() == published, now
        assert re.sub(r" in [0-9.]+ s", "", plain.out) == re.sub(r" in [0-9.]+ s", "", cached.out)


def test_the_model_is_kept_from_the_garbage_collector_while_pages_render_and_given_back(site, monkeypatch):
    import gc
    import builder.build as pipeline

    frozen = []
    real = pipeline._write_site

    def spying(*args, **kwargs):
        frozen.append(gc.get_freeze_count())
        collecting.append(gc.isenabled())
        return real(*args, **kwargs)

    collecting: list[bool] = []
    monkeypatch.setattr(pipeline, "_write_site", spying)
    build_in_process(site, site.parent / "out", cache=False)
    assert frozen and frozen[0] > 1000  # the items, links and config of the model, at least
    assert collecting == [False]  # paused while pages are planned and written
    assert gc.get_freeze_count() == 0 and gc.isenabled()  # the next build in this process starts as this one did


def _collection_on(_: range) -> bool:
    import gc
    return gc.isenabled()


def test_workers_collect_garbage_while_the_parent_has_paused_it():
    from builder.workers import heap_frozen, run_chunks
    with heap_frozen():
        assert set(run_chunks(_collection_on, 100, 2)) == {True}


def _count(result, label: str) -> int:
    return int(re.search(rf"^{label} +(\d+)$", result.err, re.M).group(1))


def test_a_template_change_takes_the_context_digests_of_the_last_build_while_model_and_day_are_the_same(
        site, tmp_path):
    first = _build_at(site, "2024-01-15T12:00:00+01:00")
    pages = _count(first, "page contexts digested")
    assert pages > 20
    steps = [("a template", "2024-01-15T18:00:00+01:00", 0),
             # the next day: the webinar of the 15th is past now, so every context is digested again
             ("a template", "2024-01-16T09:00:00+01:00", pages),
             ("a template", "2024-01-16T10:00:00+01:00", 0),
             # a body edit: only the pages whose context holds the article (None: some, far from all)
             ("an article", "2024-01-16T10:00:00+01:00", None),
             ("an article", "2024-01-16T11:00:00+01:00", None),
             # the day after: the patched model's contexts are not those of the last build
             ("an article", "2024-01-17T10:00:00+01:00", pages)]
    for number, (change, now, digested) in enumerate(steps):
        if change == "a template":  # one that the events page does not use, which must change all the same
            edit(site / "templates/entry.html", "{% block main %}", f"{{% block main %}}<!-- step {number} -->")
        else:
            with open(site / "content/en/news/wind-farm.md", "a", encoding="utf-8") as handle:
                handle.write(f"\nStep {number}.\n")
        cached = _build_at(site, now)
        assert _model_was_remembered(cached), number  # loaded, or patched after the body edit
        if digested is None:
            assert 0 < _count(cached, "page contexts digested") < pages // 4, number
        else:
            assert _count(cached, "page contexts digested") == digested, number
        plain = _build_at(site, now, "--no-cache", out=tmp_path / f"plain-{number}")
        assert snapshot(site / "public") == snapshot(tmp_path / f"plain-{number}"), number
    webinar = "Webinar: kabels, havens; en netten"
    events = (site / "public/nl/nieuws/evenementen/index.html").read_text(encoding="utf-8")
    assert webinar in events.split('id="past-events"', 1)[1]  # what the day changed is in the output


def test_an_output_restored_from_a_ci_cache_is_reused_page_by_page_once_its_bytes_are_checked(site, tmp_path):
    # A CI runner restores public/ and .cache/ from its cache: every file has a new inode and
    # perhaps a new time. A page whose bytes are what the last build wrote is still linked from it.
    import shutil
    first = _build_at(site, FIXED_NOW)
    out = site / "public"
    shutil.copytree(out, tmp_path / "kept")
    shutil.rmtree(out)
    shutil.copytree(tmp_path / "kept", out, copy_function=shutil.copy)  # new inodes and times
    tampered = out / "nl/over-deze-site/index.html"  # a page the edit below does not reach
    tampered.write_bytes(tampered.read_bytes().replace(b"<title>", b"<TITLE>", 1))  # same size
    with open(site / "content/en/news/wind-farm.md", "a", encoding="utf-8") as handle:
        handle.write("\nOne more sentence.\n")
    again = _build_at(site, FIXED_NOW)
    pages = _count(first, "pages rendered")
    assert pages - 20 <= _count(again, "pages unchanged, linked") < pages
    plain = tmp_path / "plain"
    assert run_cli("build", "--site", str(site), "--out", str(plain), "--now", FIXED_NOW, "--no-cache").code == 0
    assert snapshot(out) == snapshot(plain)


def test_feeds_and_calendars_are_made_again_only_when_the_model_or_the_day_changes(site, tmp_path):
    # No template reaches them: a template change writes the last build's again, from the cache.
    now, next_day = "2024-01-15T12:00:00+01:00", "2024-01-16T09:00:00+01:00"
    made = _count(_build_at(site, now), "feeds and calendars made")
    assert made > 3
    edit(site / "templates/entry.html", "{% block main %}", "{% block main %}<!-- one -->")
    assert _count(_build_at(site, now), "feeds and calendars made") == 0
    with open(site / "content/en/news/wind-farm.md", "a", encoding="utf-8") as handle:
        handle.write("\nA sentence for the feed.\n")
    assert _count(_build_at(site, now), "feeds and calendars made") == made
    assert "A sentence for the feed." in (site / "public/en/news/atom.xml").read_text(encoding="utf-8")
    edit(site / "templates/entry.html", "<!-- one -->", "<!-- two -->")  # the day after: events may be past
    assert _count(_build_at(site, next_day), "feeds and calendars made") == made
    plain = tmp_path / "plain"
    assert run_cli("build", "--site", str(site), "--out", str(plain), "--now", next_day, "--no-cache").code == 0
    assert snapshot(site / "public") == snapshot(plain)


def test_pruned_folders_are_moved_aside_for_a_detached_process_to_delete(tmp_path, monkeypatch):
    # A search bundle is 1,500 files or more: deleting it would hold the build up.
    import os
    import builder.cache as cache_module
    from builder.cache import BuildCache
    source = tmp_path / "bundle"
    (source / "fragment").mkdir(parents=True)
    (source / "fragment/one.pf").write_bytes(b"\x01")
    cache = BuildCache(tmp_path / "cache")
    cache.put_tree("search", "a" * 64, source)
    cache.put_tree("search", "b" * 64, source)
    emptied: list = []
    monkeypatch.setattr(cache_module, "_empty_trash", emptied.append)
    reader = BuildCache(tmp_path / "cache")
    assert reader.get_tree("search", "a" * 64, tmp_path / "copy")
    assert reader.prune("search", keep_factor=1, spare=0) == 2
    # Beside the cache, not in it: CI archives the cache folder while the deletion may still run.
    assert emptied == [tmp_path / "cache-trash"]
    assert not any("trash" in path.name for path in (tmp_path / "cache").rglob("*"))
    moved = list((tmp_path / "cache-trash" / str(os.getpid())).iterdir())
    assert [p.name for p in moved] == ["b" * 62 + ".tree"]
    assert (moved[0] / "fragment/one.pf").read_bytes() == b"\x01"
