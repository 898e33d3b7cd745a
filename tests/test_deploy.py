"""Deploying: sub-path hosting with --base-url, and the example CI workflow."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import yaml

from conftest import REPO, build_site
from builder.check import check_internal_links, read_page

SUB = "https://example.org/cluster-site/"


def test_a_sub_path_base_url_prefixes_every_internal_link(site):
    result = build_site(site, "--base-url", SUB)
    assert result.code == 0, result.err
    out = site / "public"
    checked = 0
    for page in sorted(out.rglob("*.html")):
        for link in read_page(page).links:
            parts = urlsplit(link)
            if parts.scheme in ("mailto", "tel") or (parts.netloc and parts.netloc != "example.org"):
                continue
            if link.startswith("#"):
                continue
            assert parts.path.startswith("/cluster-site/"), f"{page.relative_to(out)}: {link}"
            checked += 1
    assert checked > 100
    assert (out / "en/index.html").is_file()  # files sit at the top of the output; the host adds the sub-path


def test_a_sub_path_build_has_no_broken_internal_links(site):
    assert build_site(site, "--base-url", SUB).code == 0
    broken, _ = check_internal_links(site / "public", SUB, {})
    assert broken == []


def workflow() -> dict:
    return yaml.safe_load((REPO / "docs/examples/github-pages.yml").read_text(encoding="utf-8"))


def test_the_github_pages_example_builds_with_make_site_and_runs_daily():
    flow = workflow()
    triggers = flow[True] if True in flow else flow["on"]  # YAML 1.1 reads the key 'on' as true
    assert "push" in triggers and triggers["schedule"][0]["cron"]
    steps = [step for job in flow["jobs"].values() for step in job["steps"]]
    assert any(step.get("run") == "make site" for step in steps)
    uploads = [step for step in steps if "upload-pages-artifact" in step.get("uses", "")]
    assert uploads and uploads[0]["with"]["path"] == "public/"
    assert any("deploy-pages" in step.get("uses", "") for step in steps)
    caches = [step for step in steps if step.get("uses", "").startswith("actions/cache@")]
    # The builder's default cache folder, and the last output, from which unchanged pages are taken.
    assert caches and caches[0]["with"]["path"].split() == [".cache", "public"]
    assert steps.index(caches[0]) < next(i for i, step in enumerate(steps) if step.get("run") == "make site")


def test_the_deploy_guide_shows_the_example_workflow_file_as_it_is():
    guide = (REPO / "docs/deploy.md").read_text(encoding="utf-8")
    assert "docs/examples/github-pages.yml" in guide
    assert "--base-url" in guide
