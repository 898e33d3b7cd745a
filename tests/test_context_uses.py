"""Which items a page context holds: what lets a body edit keep the digests of the other pages.

A build patched with new bodies takes the last build's context digest of every
page whose context held none of the edited items (builder.page_reuse). That is
only sound while a body reaches other pages through its item alone: a context
that copied an article's summary or reading time into a plain value would
change without holding the article. These tests edit every body of the
fixture site, one at a time, and check every page.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from builder.build import load_site
from builder.errors import Diagnostics
from builder.fingerprint import fingerprint
from builder.pages import plan_pages
from builder.site import BuildOptions, Site, replace_body
from conftest import FIXED_NOW, FIXTURE_SITE, copy_site


def contexts(site: Site) -> dict[str, tuple[str | None, frozenset[str]]]:
    """Page URL -> (context digest, sources of the items it holds), with one memo as a worker has."""
    found, memo = {}, {}
    for job in plan_pages(site):
        uses: set[str] = set()
        found[job.url] = (fingerprint(job.context, memo, uses), frozenset(uses))
    return found


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Site:
    folder = copy_site(FIXTURE_SITE, tmp_path_factory.mktemp("uses") / "site")
    return load_site(folder, BuildOptions(now=datetime.fromisoformat(FIXED_NOW)), Diagnostics())


def test_every_page_names_the_items_its_context_holds(fixture_site):
    pages = contexts(fixture_site)
    article = next(item for item in fixture_site.items.values() if item.source == "content/en/news/wind-farm.md")
    assert article.source in pages[article.url][1]
    holders = {url for url, (_, uses) in pages.items() if article.source in uses}
    assert fixture_site.config.base_path + "en/" in holders  # the home page lists the latest news
    assert len(holders) < len(pages) // 4


def test_a_new_body_changes_only_contexts_that_hold_its_item(fixture_site):
    """Each body edited as the patch of the model edits it (site.replace_body), with a new first
    paragraph (a new summary), more words (a new reading time) and a new ``@/`` link to another
    item, whose page must not change for it."""
    before = contexts(fixture_site)
    raws = [raw for raw in fixture_site.raws.values() if raw.kind in ("article", "page")]
    assert len(raws) > 10
    more = " ".join(["word"] * 600)
    for raw in raws:
        edited = replace(raw, markdown=f"A new opening, see [the cluster](@/directory/offshore-cluster).\n\n"
                                       f"{raw.markdown}\n\n{more}\n")
        item = replace_body(fixture_site, edited)
        assert item is not None, raw.source
        try:
            after = contexts(fixture_site)
        finally:
            assert replace_body(fixture_site, raw) is not None
        changed = {url for url in before if after[url][0] != before[url][0]}
        assert item.url in changed, raw.source
        assert all(raw.source in before[url][1] for url in changed), \
            (raw.source, sorted(url for url in changed if raw.source not in before[url][1]))
    assert contexts(fixture_site) == before  # every body back as it was: the model is as it was
