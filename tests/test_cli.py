from __future__ import annotations

import re

from conftest import build_site, run_cli


def test_build_succeeds_with_a_one_line_summary(site):
    result = build_site(site)
    assert result.code == 0, result.err
    lines = result.out.strip().splitlines()
    assert len(lines) == 1
    assert re.fullmatch(r"built \d+ pages \(en \d+, nl \d+, no \d+, 2 shared\), \d+ warnings?, in [\d.]+ s", lines[0])


def test_python_dash_m_and_help_work():
    result = run_cli("--help")
    assert result.code == 0
    assert "build" in result.out


def test_errors_are_printed_sorted_once_without_traceback_and_exit_1(site):
    (site / "content/nl/news/windpark.md").write_text("---\ntitle: x\ndate: 2019-02-30\n---\n", encoding="utf-8")
    (site / "content/en/news/bad.md").write_text("---\ntitel: x\n---\n", encoding="utf-8")
    result = build_site(site)
    assert result.code == 1
    assert "Traceback" not in result.err
    assert result.err.splitlines() == [
        "content/en/news/bad.md:2: missing required field 'title'",
        "content/en/news/bad.md:2: unknown field 'titel'; did you mean 'title'?",
        "content/nl/news/windpark.md:3: field 'date': '2019-02-30' is not a valid date (day is out of range for month)",
        "build failed: 3 errors",
    ]


def test_a_worker_count_that_is_not_a_whole_number_above_zero_is_refused_by_name(site):
    for jobs in ("0", "-3", "two"):
        result = build_site(site, "--jobs", jobs)
        assert result.code == 2, jobs
        assert "argument --jobs: must be 1 or more" in result.err, result.err
        assert not (site / "public").exists()
