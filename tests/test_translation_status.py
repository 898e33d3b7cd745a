"""``builder translations``: present, missing and outdated versions; CI gates; outdated notices."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import FIXTURE_SITE, build_site, run_cli
from translation_helpers import page


def _status(site: Path, *args: str):
    return run_cli("translations", "--site", str(site), *args)


def _rows(table: str) -> dict[tuple[str, str], list[str]]:
    """(kind, key) -> [present, missing, outdated] cells, split on runs of two spaces."""
    rows = {}
    for line in table.splitlines()[1:-1]:
        cells = [c for c in line.split("  ") if c.strip()]
        rows[(cells[0].strip(), cells[1].strip())] = [c.strip() for c in cells[2:]]
    return rows


def test_translations_table_lists_every_group_with_present_missing_and_outdated(site):
    result = _status(site)
    assert result.code == 0, result.err
    rows = _rows(result.out)
    assert rows[("article", "windpark")] == ["nl no en", "-", "nl no (newer: en)"]
    assert rows[("article", "alleen-nederlands")] == ["nl", "no en", "-"]
    assert rows[("entry", "grenland")] == ["no en", "nl", "-"]
    assert rows[("page", "about")] == ["nl no en", "-", "-"]
    assert rows[("page", "personvern")] == ["no", "nl en", "-"]
    assert rows[("theme", "offshore-wind")] == ["nl no en", "-", "-"]
    assert result.out.splitlines()[0].split() == ["kind", "key", "present", "missing", "outdated"]
    missing = sum(len(cells[1].split()) for cells in rows.values() if cells[1] != "-")
    assert result.out.splitlines()[-1] == f"{len(rows)} groups, {missing} missing translations, 2 outdated"


def test_translations_json_is_for_tools(site):
    result = _status(site, "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    groups = {(g["kind"], g["key"]): g for g in data["groups"]}
    assert groups[("article", "windpark")]["outdated"] == ["nl", "no"]
    assert groups[("article", "windpark")]["newest"] == "en"
    assert groups[("article", "windpark")]["sources"]["en"] == "content/en/news/wind-farm.md"
    assert groups[("theme", "green-industry")]["present"] == ["nl", "no", "en"]
    assert groups[("entry", "grenland")]["missing"] == ["nl"]
    assert data["summary"] == {"groups": len(groups), "missing": sum(len(g["missing"]) for g in groups.values()),
                               "outdated": 2}


def test_fail_on_missing_exits_non_zero_when_a_translation_is_missing(site):
    result = _status(site, "--fail-on", "missing")
    assert result.code == 1
    missing = json.loads(_status(site, "--format", "json").out)["summary"]["missing"]
    assert missing >= 7  # the fixture's one-language article, entry and page, at least
    assert result.err.splitlines() == [f"translations: {missing} missing (--fail-on missing)"]


def test_fail_on_outdated_exits_non_zero_when_a_version_is_outdated(site):
    result = _status(site, "--fail-on", "outdated")
    assert result.code == 1
    assert "translations: 2 outdated (--fail-on outdated)" in result.err


def test_gates_pass_when_every_translation_is_present_and_current(tmp_path):
    site = tmp_path / "complete"
    (site / "content").mkdir(parents=True)
    shutil.copy(FIXTURE_SITE / "site.yaml", site / "site.yaml")
    for lang, title in (("nl", "Over ons"), ("no", "Om oss"), ("en", "About us")):
        (site / f"content/{lang}/pages").mkdir(parents=True)
        (site / f"content/{lang}/pages/about.md").write_text(f"---\ntitle: {title}\nupdated: 2023-01-01\n---\n"
                                                             "Text.\n", encoding="utf-8")
        (site / f"content/{lang}/themes.yaml").write_text(f"hydrogen: {title}\n", encoding="utf-8")
    result = _status(site, "--fail-on", "missing", "--fail-on", "outdated")
    assert result.code == 0, result.out + result.err
    assert result.out.splitlines()[-1] == "2 groups, 0 missing translations, 0 outdated"


def test_a_version_without_a_date_is_outdated_by_one_with_updated(site):
    about = site / "content/nl/pages/about.md"
    about.write_text(about.read_text(encoding="utf-8").replace("title: Over deze site\n",
                                                               "title: Over deze site\nupdated: 2023-05-01\n"))
    rows = _rows(_status(site).out)
    assert rows[("page", "about")] == ["nl no en", "-", "no en (newer: nl)"]


def test_directory_entries_can_be_outdated_through_updated(site):
    entry = site / "content/no/directory/offshore-cluster.yaml"
    entry.write_text("updated: 2023-02-01\n" + entry.read_text(encoding="utf-8"), encoding="utf-8")
    other = site / "content/en/directory/offshore-cluster.yaml"
    other.write_text("updated: 2022-12-01\n" + other.read_text(encoding="utf-8"), encoding="utf-8")
    rows = _rows(_status(site).out)
    assert rows[("entry", "offshore-cluster")] == ["nl no en", "-", "nl en (newer: no)"]


def test_drafts_count_as_present_and_are_shown_as_drafts(site):
    (site / "content/en/news/alleen-nederlands.md").write_text(
        "---\ntitle: Dutch only, being translated\ndraft: true\n---\nWork in progress.\n", encoding="utf-8")
    rows = _rows(_status(site).out)
    assert rows[("article", "alleen-nederlands")] == ["nl en (draft)", "no", "-"]


def test_outdated_version_shows_a_notice_linking_to_the_newer_version(site):
    assert build_site(site).code == 0
    out = site / "public"
    notice = page(out, "no/nyheter/nytt-havvindpark").xpath('//p[@class="outdated-notice"]')
    assert len(notice) == 1
    link = notice[0].xpath("./a")[0]
    assert link.get("href") == "/en/news/new-offshore-wind-farm/" and link.get("hreflang") == "en"
    assert "engelsk" in link.text_content()  # English, named in Norwegian
    assert page(out, "nl/nieuws/nieuw-windpark-op-zee").xpath('//p[@class="outdated-notice"]')
    for current in ("en/news/new-offshore-wind-farm", "nl/nieuws/alleen-in-het-nederlands", "en/about-this-site"):
        assert not page(out, current).xpath('//p[@class="outdated-notice"]'), current


def test_translations_reports_content_errors_like_build(site):
    (site / "content/en/news/bad.md").write_text("---\ntitel: x\n---\n", encoding="utf-8")
    result = _status(site)
    assert result.code == 1
    assert "content/en/news/bad.md:2: unknown field 'titel'; did you mean 'title'?" in result.err
