"""Incremental preview builds: same bytes as a full build, re-rendering only what changed."""
from __future__ import annotations

import hashlib

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from conftest import FIXED_NOW
from builder.build import build
from builder.errors import BuildFailed
from builder.preview import PreviewBuilder
from builder.site import BuildOptions

# The preview writes no search index, so it equals a full build without one.
OPTIONS = BuildOptions(drafts=True, future=True, now=datetime.fromisoformat(FIXED_NOW), search=False)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def full_build(site: Path, tmp_path: Path, name: str) -> dict[str, bytes]:
    out = tmp_path / name
    build(site, out, OPTIONS)  # in-process: the same code path as `builder build --drafts --future`
    return tree(out)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


ARTICLE = "---\ntitle: {title}\ndate: {date}\nclusters: [offshore-cluster]\n{extra}---\nBody of {title}.\n"


def steps(site: Path):
    """A series of edits, additions, renames and deletions, one per yield."""
    news = site / "content/en/news"
    edit(news / "wind-farm.md", "offshore wind farm", "offshore WIND farm")
    yield "edit an article"
    (news / "added.md").write_text(ARTICLE.format(title="Added story", date="2023-06-01", extra=""), encoding="utf-8")
    yield "add an article"
    (news / "added.md").rename(news / "renamed.md")
    yield "rename an article (its URL stays, its key changes)"
    edit(news / "renamed.md", "Added story", "Renamed story")
    yield "retitle it (its URL changes)"
    (news / "2019/older.md").unlink()
    yield "delete an article"
    (news / "draft.md").write_text(ARTICLE.format(title="Draft", date="2023-01-01", extra="draft: true\n"),
                                   encoding="utf-8")
    (news / "future.md").write_text(ARTICLE.format(title="Later", date="2030-01-01", extra=""), encoding="utf-8")
    yield "add a draft and a future article"
    edit(site / "content/en/directory/offshore-cluster.yaml", "Offshore Cluster", "Offshore Energy Cluster")
    yield "rename a cluster"
    edit(site / "templates/article.html", "<article class=\"article\"", "<article class=\"article story\"")
    yield "edit a template"
    edit(site / "site.yaml", "Test Clusters", "Test Cluster Site")
    yield "edit site.yaml"


def test_incremental_rebuilds_equal_a_full_build_after_each_change(site, tmp_path):
    preview = PreviewBuilder(site, tmp_path / "preview", OPTIONS, preview=False)
    preview.rebuild()
    for number, step in enumerate(steps(site)):
        preview.rebuild()
        assert tree(tmp_path / "preview") == full_build(site, tmp_path, f"full-{number}"), step


def _phases() -> set[str]:
    from builder import timings
    return {line.split("  ")[0].strip() for line in timings.report().splitlines()}


def test_with_the_build_cache_rebuilds_take_the_model_from_it_and_still_equal_a_full_build(site, tmp_path):
    cached = replace(OPTIONS, cache_dir=tmp_path / "cache")
    preview = PreviewBuilder(site, tmp_path / "preview", cached, preview=False)
    preview.rebuild()
    assert "read sources" in _phases()
    preview.rebuild()
    assert "model from the cache" in _phases() and "read sources" not in _phases()
    for number, step in enumerate(steps(site)):
        preview.rebuild()
        taken = "read sources" not in _phases()
        # A template edit leaves the model as it was; these other changes (fields, files) load it again.
        assert taken == (step == "edit a template"), step
        assert tree(tmp_path / "preview") == full_build(site, tmp_path, f"full-{number}"), step
    edit(site / "content/en/news/wind-farm.md", "works with partners", "works with two partners")
    assert preview.quick_edit([site / "content/en/news/wind-farm.md"])  # a model from the cache serves it too
    preview.rebuild()
    assert "model patched from the last one" in _phases()  # a body edit patches the last model
    assert tree(tmp_path / "preview") == full_build(site, tmp_path, "full-last")


def test_a_rebuild_digests_only_the_contexts_that_an_edit_can_have_changed(site, tmp_path):
    preview = PreviewBuilder(site, tmp_path / "preview", replace(OPTIONS, cache_dir=tmp_path / "cache"),
                             preview=False)
    every = preview.rebuild().digested
    assert every > 20
    assert preview.rebuild().digested == 0  # the same model on the same day: every context is known
    article = site / "content/en/news/wind-farm.md"
    for number, words in enumerate(["two partners", "three partners"]):
        edit(article, "works with partners" if number == 0 else "two partners", words)
        report = preview.rebuild()
        assert 0 < report.digested < every / 4, number  # the pages whose context holds the article
        assert tree(tmp_path / "preview") == full_build(site, tmp_path, f"full-{number}"), number
        # One model of the preview's settings stays in the cache, not one per edit (nor the full builds').
        models = [p for p in (tmp_path / "cache/models").rglob("*") if p.is_file()]
        assert len(models) == 2, number
    edit(article, "title: New offshore wind farm", "title: A new offshore wind farm")
    assert preview.rebuild().digested == every  # a field: the model is made again, every context with it
    assert tree(tmp_path / "preview") == full_build(site, tmp_path, "full-field")


def test_a_rebuild_lets_the_last_model_go_before_it_takes_the_next(site, tmp_path, monkeypatch):
    """At 30,000 articles a model is about 0.6 GB: the preview must not hold two."""
    import weakref
    preview = PreviewBuilder(site, tmp_path / "preview", replace(OPTIONS, cache_dir=tmp_path / "cache"),
                             preview=False)
    preview.rebuild()
    last = weakref.ref(preview.site)
    released = []
    take_model = preview._model

    def spying(diagnostics):
        released.append(last() is None)
        return take_model(diagnostics)

    monkeypatch.setattr(preview, "_model", spying)
    edit(site / "content/en/news/wind-farm.md", "works with partners", "works with two partners")
    preview.rebuild()
    assert released == [True] and preview.site is not None


def test_editing_one_article_re_renders_only_pages_that_show_it(site, tmp_path):
    preview = PreviewBuilder(site, tmp_path / "preview", OPTIONS, preview=False)
    total = sum(preview.rebuild().result.pages.values())
    assert preview.rebuild().rendered == 0
    edit(site / "content/en/news/2019/older.md", "First paragraph", "Opening paragraph")
    report = preview.rebuild()
    assert 0 < report.rendered < total / 2
    assert "en/news/an-older-story/index.html" in report.changed
    assert not any(path.startswith("nl/clusters/") for path in report.changed)  # nl pages do not show it


def test_remembered_pages_are_kept_as_digests_of_the_bytes_on_disk_and_rendered_again_when_gone(site, tmp_path):
    preview = PreviewBuilder(site, tmp_path / "preview", OPTIONS, preview=False)
    preview.rebuild()
    kept = set(preview.memory.pages.values())
    pages = list((tmp_path / "preview").rglob("*.html"))
    on_disk = {hashlib.sha256(p.read_bytes()).hexdigest() for p in pages}
    assert kept and kept <= on_disk and all(isinstance(digest, str) for digest in kept)
    assert preview.rebuild().rendered == 0  # and they serve the next rebuild
    # A page deleted by hand is not on disk to keep: the next rebuild renders it again.
    gone = tmp_path / "preview/en/news/an-older-story/index.html"
    before = gone.read_bytes()
    gone.unlink()
    report = preview.rebuild()
    assert report.rendered == 1 and gone.read_bytes() == before


def test_editing_a_template_re_renders_only_the_pages_built_from_it(site, tmp_path):
    preview = PreviewBuilder(site, tmp_path / "preview", OPTIONS, preview=False)
    preview.rebuild()
    edit(site / "templates/entry.html", "{% block main %}", "{% block main %}{# edited #}")
    entries = [p for p in (tmp_path / "preview").rglob("*.html") if b'<article class="entry"' in p.read_bytes()]
    assert len(entries) >= 5
    assert preview.rebuild().rendered == len(entries)


def test_a_failed_rebuild_keeps_the_previous_preview_and_the_next_one_recovers(site, tmp_path):
    preview = PreviewBuilder(site, tmp_path / "preview", OPTIONS, preview=False)
    preview.rebuild()
    before = tree(tmp_path / "preview")
    article = site / "content/en/news/2019/older.md"
    good = article.read_text(encoding="utf-8")
    article.write_text(good.replace("date:", "dat:"), encoding="utf-8")
    with pytest.raises(BuildFailed):
        preview.rebuild()
    assert tree(tmp_path / "preview") == before
    article.write_text(good, encoding="utf-8")
    preview.rebuild()
    assert tree(tmp_path / "preview") == full_build(site, tmp_path, "full")


def test_preview_marks_draft_and_future_articles_with_a_banner(site, tmp_path):
    news = site / "content/en/news"
    (news / "draft.md").write_text(ARTICLE.format(title="Draft", date="2023-01-01", extra="draft: true\n"),
                                   encoding="utf-8")
    (news / "future.md").write_text(ARTICLE.format(title="Later", date="2030-01-01", extra=""), encoding="utf-8")
    PreviewBuilder(site, tmp_path / "preview", OPTIONS).rebuild()
    out = tmp_path / "preview/en/news"
    assert "Preview: this is a draft" in (out / "draft/index.html").read_text(encoding="utf-8")
    assert "dated in the future" in (out / "later/index.html").read_text(encoding="utf-8")
    assert "preview-banner" not in (out / "new-offshore-wind-farm/index.html").read_text(encoding="utf-8")


def test_preview_refuses_a_folder_the_builder_did_not_write(site, tmp_path):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        PreviewBuilder(site, foreign, OPTIONS)
    assert "holds files the builder did not write" in failed.value.problems[0].message
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_a_page_whose_context_hides_data_behind_an_object_is_always_rendered(site):
    from builder.assets import collect_assets
    from builder.config import load_config
    from builder.i18n import load_ui_strings
    from builder.preview import RememberingRenderer, RenderMemory

    config = load_config(site)
    ui = {"en": load_ui_strings(site, "en")}
    renderer = RememberingRenderer(config, ui, collect_assets(site, "/"), RenderMemory(), False, {})
    assert renderer._fingerprint("page.html", "en", {"items": [1, 2]}) is not None
    assert renderer._fingerprint("page.html", "en", {"items": lambda: [1, 2]}) is None


def test_a_body_edit_is_written_at_once_exactly_as_the_full_rebuild_writes_it(site, tmp_path):
    preview = PreviewBuilder(site, tmp_path / "preview", OPTIONS, preview=False)
    preview.rebuild()
    article = site / "content/en/news/wind-farm.md"
    edit(article, "works with partners", "works with partners, now [linked](@/directory/offshore-cluster)")
    written = preview.quick_edit([article])
    assert written == ["en/news/new-offshore-wind-farm/index.html"]
    quick = tree(tmp_path / "preview")
    assert "now <a" in quick[written[0]].decode("utf-8")
    preview.rebuild()
    assert tree(tmp_path / "preview")[written[0]] == quick[written[0]]
    assert tree(tmp_path / "preview") == full_build(site, tmp_path, "full")


@pytest.mark.parametrize("change", ["a field", "a broken link", "two files"])
def test_anything_but_a_body_edit_waits_for_the_full_rebuild(site, tmp_path, change):
    preview = PreviewBuilder(site, tmp_path / "preview", OPTIONS, preview=False)
    preview.rebuild()
    before = tree(tmp_path / "preview")
    article = site / "content/en/news/wind-farm.md"
    changed = [article]
    if change == "a field":
        edit(article, "title: New offshore wind farm", "title: A new offshore wind farm")
    elif change == "a broken link":
        edit(article, "works with partners", "works with [gone](@/news/no-such-story)")
    else:
        edit(article, "works with partners", "works with partners, edited")
        changed.append(site / "content/en/pages/about.md")
    assert preview.quick_edit(changed) == []
    assert tree(tmp_path / "preview") == before


def test_no_quick_edit_after_a_failed_rebuild(site, tmp_path):
    preview = PreviewBuilder(site, tmp_path / "preview", OPTIONS, preview=False)
    preview.rebuild()
    edit(site / "site.yaml", "Test Clusters", "")  # an empty title: the rebuild fails
    with pytest.raises(BuildFailed):
        preview.rebuild()
    article = site / "content/en/news/wind-farm.md"
    edit(article, "works with partners", "works with partners, edited")
    assert preview.quick_edit([article]) == []


def test_an_item_replaced_in_the_model_is_in_every_remembered_list_as_a_fresh_model_lists_it(site):
    import dataclasses

    from builder.build import load_site
    from builder.errors import Diagnostics

    model = load_site(site, OPTIONS, Diagnostics())
    old = next(item for item in model.items.values() if item.source.endswith("en/news/wind-farm.md"))
    asked = [lambda: model.of_kind("article"), lambda: model.of_kind("article", "en"),
             lambda: model.articles("en"), lambda: model.article_positions("en")[0]]
    before = [list(ask()) for ask in asked]
    assert all(any(item is old for item in found) for found in before)
    new = dataclasses.replace(old, html="<p>Edited.</p>")
    model.replace_item(old, new)
    fresh = load_site(site, OPTIONS, Diagnostics())
    fresh.items[(old.kind, old.lang, old.key)] = new
    for ask in asked:
        found = list(ask())
        assert not any(item is old for item in found) and any(item is new for item in found)
        assert [item.source for item in found] == [item.source for item in before[asked.index(ask)]]
    assert model.article_positions("en")[1] == fresh.article_positions("en")[1]
