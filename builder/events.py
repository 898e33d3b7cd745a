"""Events announced in articles: lists relative to the build moment, date ranges, .ics files.

An event's ``.ics`` file lives beside its article (``<article url><n>.ics``, n
counting from 1 in the article's list). The event is the same in every
language, so its UID is language-neutral and stable: translation key and
position, at the site's host.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta, timezone
from typing import Iterator
from urllib.parse import urlsplit

from babel import Locale
from babel.dates import format_interval

from builder.buildtime import build_moment
from builder.model import Article, Event
from builder.navigation import ListEntry
from builder.site import Site
from builder.urls import absolute

HOME_EVENTS = 3
_SKELETON = "yMMMd"
# CLDR 42+ writes Dutch abbreviated months without a period ("apr"); Dutch
# house style (Taalunie) and the site's editors write "apr.". "mei" is no
# abbreviation and keeps none.
_DUTCH_ABBREVIATION = re.compile(r"\b(jan|feb|mrt|apr|jun|jul|aug|sep|okt|nov|dec)\b(?!\.)")
_ICS_LINE = 75  # octets per line before folding (RFC 5545, 3.1)


@dataclass(frozen=True)
class EventView:
    """An event as lists show it: the event, its article and its calendar file."""

    event: Event
    article: Article
    marked: bool  # the article is another language's version
    dates: str  # localised date range
    ics_url: str


def format_date_range(start: date, end: date, locale: str) -> str:
    """``21–26 apr. 2019`` (nl), ``21.–26. apr. 2019`` (nb), ``Apr 21 – 26, 2019`` (en)."""
    text = format_interval(start, end, _SKELETON, locale=locale)
    if locale.split("_")[0] == "nl":
        text = _DUTCH_ABBREVIATION.sub(r"\1.", text)
    return text


def ics_url(article: Article, index: int) -> str:
    return f"{article.url}{index + 1}.ics"


def article_events(site: Site, article: Article, marked: bool = False) -> list[EventView]:
    """The events of one article, in the order the author gave."""
    locale = site.config.language(article.lang).locale
    return [EventView(event, article, marked, format_date_range(event.start, event.end, locale),
                      ics_url(article, i)) for i, event in enumerate(article.events)]


def split_events(site: Site, lang: str, articles: list[ListEntry]) -> tuple[list[EventView], list[EventView]]:
    """(upcoming soonest first, past latest first) for the lists in ``lang``, from its list of articles
    (builder.navigation.listed), which the news lists use too."""
    today = event_day(site)
    views = [view for entry in articles if isinstance(entry.item, Article) and entry.item.events
             for view in _localised(site, entry.item, entry.marked, lang)]
    upcoming = sorted((v for v in views if v.event.end >= today), key=_order)
    past = sorted((v for v in views if v.event.end < today), key=_order, reverse=True)
    return upcoming, past


def _localised(site: Site, article: Article, marked: bool, lang: str) -> list[EventView]:
    """Events of another language's article still get this language's date format."""
    locale = site.config.language(lang).locale
    return [EventView(v.event, v.article, marked, format_date_range(v.event.start, v.event.end, locale),
                      v.ics_url) for v in article_events(site, article, marked)]


def _order(view: EventView) -> tuple:
    return (view.event.start, view.event.end, view.event.name)


def event_day(site: Site) -> date:
    """The day events are upcoming (ending on it or later) or past by: the build moment's, in site time."""
    now = site.now or build_moment(None, site.config.tz)
    return now.astimezone(site.config.tz).date()


def plan_calendars(site: Site) -> Iterator[tuple[str, str, str]]:
    """(url, iCalendar text, source) for every event of every published article."""
    for article in site.of_kind("article"):
        assert isinstance(article, Article)
        for index, event in enumerate(article.events):
            yield ics_url(article, index), render_ics(site, article, index, event), article.source


def render_ics(site: Site, article: Article, index: int, event: Event) -> str:
    """One VEVENT in a VCALENDAR, all-day, with CRLF line ends and folded lines."""
    config = site.config
    host = urlsplit(config.base_url).hostname or "localhost"
    # The article's last change, not the build moment: RFC 5545 lets DTSTAMP say when the object was
    # made, and this one is made from the article alone, so a rebuild gives the same bytes.
    stamp = article.last_change.astimezone(timezone.utc)
    location = ", ".join(p for p in (event.location, _country(site, article.lang, event.country)) if p)
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//{host}//builder//{article.lang.upper()}",
        "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "BEGIN:VEVENT",
        f"UID:{article.key.replace('/', '-')}-{index + 1}@{host}",
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
        f"DTSTART;VALUE=DATE:{event.start:%Y%m%d}",
        f"DTEND;VALUE=DATE:{event.end + timedelta(days=1):%Y%m%d}",  # exclusive end
        f"SUMMARY;LANGUAGE={config.language(article.lang).hreflang}:{escape_text(event.name)}",
    ]
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    lines += [f"DESCRIPTION:{escape_text(article.title)}", f"URL:{absolute(config, article.url)}",
              "END:VEVENT", "END:VCALENDAR"]
    return "".join(fold_line(line) + "\r\n" for line in lines)


def _country(site: Site, lang: str, code: str | None) -> str | None:
    if not code:
        return None
    return Locale.parse(site.config.language(lang).locale).territories.get(code, code)


def escape_text(value: str) -> str:
    """TEXT escaping of RFC 5545, 3.3.11."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n")


def fold_line(line: str) -> str:
    """Split after at most 75 octets, never inside a UTF-8 character (RFC 5545, 3.1)."""
    parts, current, size, limit = [], "", 0, _ICS_LINE
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, _ICS_LINE - 1  # continuation lines start with a space
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)
