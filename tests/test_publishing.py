"""Drafts, scheduled articles and the schedule CI reads."""
from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

from conftest import FIXED_NOW, build_site, run_cli

FUTURE_TITLE = "Zeppelin harbour opens"
FUTURE_SLUG = "zeppelin-harbour-opens"
DRAFT_TITLE = "Quokka draft notes"
DRAFT_SLUG = "quokka-draft-notes"


def _add_held_back_articles(site: Path) -> None:
    """A scheduled article (with a translation) and a draft, touching themes, clusters and events."""
    extra = ("themes: [offshore-wind]\nclusters: [offshore-cluster]\n"
             "events:\n  - {name: Zeppelin fair, start: 2024-05-01}\n")
    (site / "content/en/news/zeppelin.md").write_text(
        f"---\ntitle: {FUTURE_TITLE}\ndate: 2024-02-01T09:00:00+01:00\n{extra}---\nHeld back.\n", encoding="utf-8")
    (site / "content/nl/news/zeppelin.md").write_text(
        "---\ntitle: Zeppelinhaven geopend\n---\nTegengehouden.\n", encoding="utf-8")
    (site / "content/en/news/quokka.md").write_text(
        f"---\ntitle: {DRAFT_TITLE}\ndate: 2019-05-01\ndraft: true\n{extra}---\nNot ready.\n", encoding="utf-8")


def _output_text(out: Path) -> str:
    """Every file name and every text file of the output, as one string to search."""
    parts = []
    for path in sorted(out.rglob("*")):
        parts.append(path.relative_to(out).as_posix())
        if path.is_file() and path.suffix in (".html", ".xml", ".ics", ".json", ".txt"):
            parts.append(path.read_text(encoding="utf-8"))
    return "\n".join(parts)


def test_future_and_draft_articles_are_nowhere_in_the_output(site):
    _add_held_back_articles(site)
    result = build_site(site)
    assert result.code == 0, result.err
    everything = _output_text(site / "public")
    for needle in (FUTURE_TITLE, FUTURE_SLUG, "Zeppelinhaven", "zeppelin", DRAFT_TITLE, DRAFT_SLUG, "quokka"):
        assert needle.lower() not in everything.lower(), needle
    assert "Offshore Cluster" in everything  # the search itself works


def test_build_prints_and_writes_the_next_scheduled_publication(site):
    _add_held_back_articles(site)
    result = build_site(site)
    assert result.out.splitlines()[-1] == "next scheduled publication: 2024-02-01T09:00:00+01:00"
    schedule = json.loads((site / ".builder-schedule.json").read_text(encoding="utf-8"))
    assert schedule == {"next_publication": "2024-02-01T09:00:00+01:00",
                        "held_back": ["content/en/news/zeppelin.md", "content/nl/news/zeppelin.md"]}
    assert not (site / "public/.builder-schedule.json").exists()


def test_source_date_epoch_that_holds_back_a_due_article_is_named_in_a_warning(site):
    _add_held_back_articles(site)  # due 2024-02-01, long past by the clock
    pinned = str(int(datetime.fromisoformat(FIXED_NOW).timestamp()))
    out = site / "public"
    result = run_cli("build", "--site", str(site), "--out", str(out), env={"SOURCE_DATE_EPOCH": pinned})
    assert result.code == 0, result.err
    assert not (out / f"en/news/{FUTURE_SLUG}").exists()
    assert ("SOURCE_DATE_EPOCH:1: warning: SOURCE_DATE_EPOCH sets this build's moment to "
            f"{datetime.fromisoformat(FIXED_NOW).astimezone(timezone.utc).isoformat()}, so an article due at "
            "2024-02-01T09:00:00+01:00, already past, stays unpublished; unset SOURCE_DATE_EPOCH in "
            "scheduled builds") in result.err.splitlines()
    # --now is a choice, not a pinned clock left over from CI: no warning.
    assert "SOURCE_DATE_EPOCH" not in build_site(site).err


def test_schedule_is_null_when_nothing_is_held_back_and_the_summary_has_no_schedule_line(site, tmp_path):
    result = build_site(site, "--schedule-file", str(tmp_path / "when.json"))
    assert "next scheduled publication" not in result.out
    assert json.loads((tmp_path / "when.json").read_text(encoding="utf-8"))["next_publication"] is None


def test_future_flag_builds_scheduled_articles(site):
    _add_held_back_articles(site)
    result = build_site(site, "--future")
    assert result.code == 0, result.err
    out = site / "public"
    assert (out / f"en/news/{FUTURE_SLUG}/index.html").is_file()
    assert FUTURE_TITLE in (out / "en/news/atom.xml").read_text(encoding="utf-8")
    assert DRAFT_TITLE not in _output_text(out)
    assert "next scheduled publication" not in result.out


def test_drafts_flag_builds_drafts(site):
    _add_held_back_articles(site)
    result = build_site(site, "--drafts")
    assert result.code == 0, result.err
    assert (site / f"public/en/news/{DRAFT_SLUG}/index.html").is_file()
    assert FUTURE_TITLE not in _output_text(site / "public")


def test_scheduled_article_appears_at_its_moment(site):
    _add_held_back_articles(site)
    out = site / "public"
    before = run_cli("build", "--site", str(site), "--out", str(out), "--now", "2024-02-01T08:59:59+01:00")
    assert before.code == 0 and not (out / f"en/news/{FUTURE_SLUG}").exists()
    at = run_cli("build", "--site", str(site), "--out", str(out), "--now", "2024-02-01T08:00:00+00:00")
    assert at.code == 0, at.err
    assert (out / f"en/news/{FUTURE_SLUG}/index.html").is_file()


def test_a_bare_future_date_is_midnight_in_the_site_timezone(site):
    (site / "content/en/news/tomorrow.md").write_text("---\ntitle: Tomorrow\ndate: 2024-01-02\n---\nx\n",
                                                      encoding="utf-8")
    out = site / "public"
    # 23:30 UTC on 1 January is already 00:30 on 2 January in Brussels.
    result = run_cli("build", "--site", str(site), "--out", str(out), "--now", "2024-01-01T23:30:00+00:00")
    assert result.code == 0, result.err
    assert (out / "en/news/tomorrow/index.html").is_file()
    result = run_cli("build", "--site", str(site), "--out", str(out), "--now", "2024-01-01T22:30:00+00:00")
    assert not (out / "en/news/tomorrow").exists()
    assert "next scheduled publication: 2024-01-02T00:00:00+01:00" in result.out
