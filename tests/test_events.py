"""Events: localised date ranges, the events page, the home page and .ics files."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

import icalendar
import pytest

from builder.events import fold_line, format_date_range
from conftest import FIXTURE_SITE, build_site, copy_site
from newshelpers import build_copy, read

MISSION_NL = "nl/nieuws/handelsmissie-naar-de-noordzeebeurzen/"
MISSION_EN = "en/news/trade-mission-to-the-north-sea-fairs/"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return build_copy(tmp_path_factory.mktemp("events"))


@pytest.mark.parametrize("locale, start, end, expected", [
    ("nl", date(2019, 4, 21), date(2019, 4, 26), "21–26 apr. 2019"),
    ("nb", date(2019, 4, 21), date(2019, 4, 26), "21.–26. apr. 2019"),
    ("en", date(2019, 4, 21), date(2019, 4, 26), "Apr 21\u2009–\u200926, 2019"),  # CLDR puts thin spaces around the dash
    ("nl", date(2019, 4, 21), date(2019, 5, 2), "21 apr.\u2009–\u20092 mei 2019"),
    ("nb", date(2019, 12, 30), date(2020, 1, 2), "30. des. 2019–2. jan. 2020"),
    ("nl", date(2024, 1, 15), date(2024, 1, 15), "15 jan. 2024"),
])
def test_date_ranges_are_localised_with_babel(locale, start, end, expected):
    assert format_date_range(start, end, locale) == expected


def _event_names(html: str) -> list[str]:
    return re.findall(r'<strong class="event-name">([^<]+)</strong>', html)


def test_events_page_lists_upcoming_soonest_first_then_past(out):
    html = read(out, "nl/nieuws/evenementen/index.html")
    upcoming, past = html.split('id="past-events"')
    assert _event_names(upcoming) == ["Webinar: kabels, havens; en netten", "Windmissie Noordzee"]
    assert _event_names(past) == ["Beurs voor offshore-energie"]
    assert "21–26 apr. 2019" in past and "4–6 mrt. 2024" in upcoming
    assert f'href="/{MISSION_NL}1.ics"' in past


def test_norwegian_events_page_uses_norwegian_dates(out):
    assert "21.–26. apr. 2019" in read(out, "no/nyheter/arrangementer/index.html")


def test_event_is_past_only_after_its_last_day(site):
    out = site / "public"
    args = ("build", "--site", str(site), "--out", str(out))
    from conftest import run_cli
    assert run_cli(*args, "--now", "2024-03-06T23:00:00+01:00").code == 0
    assert "Windmissie Noordzee" in read(out, "nl/nieuws/evenementen/index.html").split('id="past-events"')[0]
    assert run_cli(*args, "--now", "2024-03-07T00:30:00+01:00").code == 0
    assert "Windmissie Noordzee" in read(out, "nl/nieuws/evenementen/index.html").split('id="past-events"')[1]


def test_home_page_shows_the_next_upcoming_events(out):
    home = read(out, "en/index.html")
    section = home.split('id="next-events"')[1]
    assert _event_names(section) == ["Webinar: cables, ports; and grids", "North Sea Wind Mission"]
    assert 'href="/en/news/events/"' in section


def test_article_shows_its_events_with_calendar_links(out):
    html = read(out, MISSION_EN + "index.html")
    events = html.split('class="article-events"')[1]
    assert _event_names(events) == ["Offshore Energy Fair", "North Sea Wind Mission",
                                    "Webinar: cables, ports; and grids"]
    assert f'href="/{MISSION_EN}2.ics"' in events and "Apr 21\u2009–\u200926, 2019" in events


def _calendar(out, rel):
    raw = (out / rel).read_bytes()
    return raw, icalendar.Calendar.from_ical(raw)


def test_ics_files_are_valid_rfc5545(out):
    raw, calendar = _calendar(out, MISSION_NL + "1.ics")
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Beurs voor offshore-energie"
    assert event["DTSTART"].params["VALUE"] == "DATE" and event["DTEND"].params["VALUE"] == "DATE"
    assert event.decoded("DTSTART") == date(2019, 4, 21)
    assert event.decoded("DTEND") == date(2019, 4, 27)  # exclusive: the day after the last
    assert event.decoded("DTSTAMP") == datetime(2019, 4, 10, 7, 30, tzinfo=timezone.utc)  # the article's date
    assert str(event["LOCATION"]) == "Amsterdam, Nederland"
    assert str(event["URL"]) == "https://example.org/" + MISSION_NL


def test_ics_text_is_escaped_and_round_trips(out):
    _, calendar = _calendar(out, MISSION_EN + "3.ics")
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Webinar: cables, ports; and grids"
    assert event.decoded("DTEND") == date(2024, 1, 16)


def test_ics_uid_is_stable_and_the_same_in_every_language(out, tmp_path):
    uids = {rel: str(_calendar(out, rel + "2.ics")[1].walk("VEVENT")[0]["UID"])
            for rel in (MISSION_EN, MISSION_NL, "no/nyheter/handelsreise-til-messene-ved-nordsjoen/")}
    assert set(uids.values()) == {"2019-trade-mission-2@example.org"}
    again = build_copy(tmp_path)
    assert (again / MISSION_EN / "2.ics").read_bytes() == (out / MISSION_EN / "2.ics").read_bytes()


def test_ics_stamp_is_the_articles_last_change_so_a_later_build_gives_the_same_bytes(out, tmp_path):
    site = copy_site(FIXTURE_SITE, tmp_path / "site")
    article = site / "content/nl/news/trade-mission.md"
    article.write_text(article.read_text(encoding="utf-8").replace(
        "translation_key:", "updated: 2024-02-02T10:00:00+01:00\ntranslation_key:"), encoding="utf-8")
    result = build_site(site, "--now", "2024-06-01T12:00:00+00:00")
    assert result.code == 0, result.err
    (event,) = _calendar(site / "public", MISSION_NL + "1.ics")[1].walk("VEVENT")
    assert event.decoded("DTSTAMP") == datetime(2024, 2, 2, 9, 0, tzinfo=timezone.utc)
    assert (site / "public" / MISSION_EN / "1.ics").read_bytes() == (out / MISSION_EN / "1.ics").read_bytes()


def test_long_lines_are_folded_at_75_octets_without_splitting_characters():
    line = "SUMMARY:" + "Grønn industri på Herøya " * 8
    folded = fold_line(line)
    parts = folded.split("\r\n")
    assert len(parts) > 2
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert folded.replace("\r\n ", "") == line


def test_an_event_that_ends_before_it_starts_is_an_error_on_its_line(site):
    from conftest import run_cli
    for path in ("content/en/news/2019/trade-mission.md", "content/nl/news/trade-mission.md"):
        article = site / path
        article.write_text(article.read_text(encoding="utf-8").replace("end: 2019-04-26", "end: 2019-04-16"),
                           encoding="utf-8")
    result = run_cli("build", "--site", str(site), "--out", str(site / "public"))
    assert result.code == 1
    assert ("content/en/news/2019/trade-mission.md:8: field 'end' (2019-04-16) is before 'start' (2019-04-21)"
            in result.err), result.err
    assert not (site / "public").exists()


def test_events_that_differ_between_translations_are_named_by_number_and_field(site):
    # The message used to print both whole lists of events, which no one could read in one line.
    nl = site / "content/nl/news/trade-mission.md"
    nl.write_text(nl.read_text(encoding="utf-8").replace("start: 2024-03-04", "start: 2024-03-05"), encoding="utf-8")
    result = build_site(site)
    assert result.code == 1
    assert ("content/no/news/trade-mission.md:4: field 'events' differs between translations: event 2's "
            "'start' is '2024-03-05' in content/nl/news/trade-mission.md, '2024-03-04' here; give it in one "
            "version only, or the same in each") in result.err.splitlines(), result.err
    webinar = '  - {name: "Webinar: kabels, havens; en netten", start: 2024-01-15}\n'
    nl.write_text(nl.read_text(encoding="utf-8").replace(webinar, ""), encoding="utf-8")
    assert ("content/no/news/trade-mission.md:4: field 'events' differs between translations: 2 events in "
            "content/nl/news/trade-mission.md, 3 here; give it in one version only, or the same in each"
            ) in build_site(site).err.splitlines()
