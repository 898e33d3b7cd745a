"""The site's items: frozen records, related by key rather than by reference."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Event:
    """A trade mission, fair or webinar announced in an article."""

    name: str
    start: date
    end: date
    location: str | None = None
    country: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Item:
    """What every page-producing item has."""

    kind: str  # "article" | "entry" | "page" | "theme"
    lang: str
    key: str  # translation key: shared by the versions of one item
    slug: str
    url: str  # site-absolute, with base path: /sub/nl/nieuws/slug/
    source: str  # file it comes from, relative to the site folder
    line: int
    title: str
    html: str = ""  # rendered Markdown with @/ links still unresolved
    summary: str = ""
    updated: datetime | None = None
    draft: bool = False


@dataclass(frozen=True)
class Article(Item):
    date: datetime | None = None
    themes: tuple[str, ...] = ()
    clusters: tuple[str, ...] = ()
    author: str | None = None
    image: str | None = None
    image_alt: str | None = None
    events: tuple[Event, ...] = ()
    future: bool = False  # dated after the build moment, shown because of --future
    reading_minutes: int = 1  # of the body (builder.reading), counted as it is converted

    @property
    def last_change(self) -> datetime:
        return self.updated or self.date  # type: ignore[return-value]


@dataclass(frozen=True)
class Relation:
    type: str
    target: str


@dataclass(frozen=True)
class Entry(Item):
    short_name: str | None = None
    type: str = "cluster_organisation"
    status: str = "active"
    country: str = ""
    region: str | None = None
    founded: int | date | None = None
    website: str | None = None
    email: str | None = None
    ecosystems: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    members: int | None = None
    relations: tuple[Relation, ...] = ()


@dataclass(frozen=True)
class Page(Item):
    pass


@dataclass(frozen=True)
class Theme(Item):
    """A theme's label and page in one language."""


@dataclass(frozen=True)
class IdentityLink:
    """An ``@/`` link written in a source file."""

    target: str  # e.g. "directory/de-blauwe-cluster"
    fragment: str
    source: str
    line: int


SECTION_OF_KIND = {"article": "news", "entry": "directory", "theme": "themes"}
KIND_OF_LINK_PREFIX = {"news": "article", "directory": "entry", "pages": "page", "themes": "theme"}


@dataclass
class Schedule:
    """What the build left out because of time, for CI to plan a rebuild."""

    next_publication: datetime | None = None
    held_back: list[str] = field(default_factory=list)
