"""The content contract's fields: front matter, directory entries, pages, events."""
from __future__ import annotations

from builder.schema import Field

EVENT = (
    Field("name", "text", required=True, doc="Name of the event in this language"),
    Field("start", "date", required=True, doc="First day, YYYY-MM-DD"),
    Field("end", "date", not_before="start", doc="Last day, YYYY-MM-DD (default: the start; not before it)"),
    Field("location", "text", doc="Place, in this language"),
    Field("country", "country", doc="ISO 3166-1 alpha-2 code"),
    Field("url", "url", doc="Page about the event"),
)

ARTICLE = (
    Field("title", "text", required=True, doc="Title, plain text"),
    Field("date", "date", required=True, inherited=True,
          doc="Publication moment: 2019-03-25 (site timezone) or 2019-03-25T10:00:00+01:00"),
    Field("translation_key", "text", doc="Shared by the versions of one article; default: the path below news/"),
    Field("slug", "slug", doc="URL segment; default: the title, transliterated"),
    Field("summary", "text", doc="Plain text; default: the first paragraph"),
    Field("themes", "ids", inherited=True, doc="Theme ids from themes.yaml"),
    Field("clusters", "ids", inherited=True, doc="Directory entry ids this article is about"),
    Field("author", "text", doc="Author's name"),
    Field("image", "asset", inherited=True, doc="Path of an image under assets/"),
    Field("image_alt", "text", doc="Alternative text of the image (required with image)"),
    Field("events", "list_of", inherited=True, spec=EVENT, doc="Trade missions, fairs, webinars"),
    Field("draft", "boolean", doc="true: built only with --drafts"),
    Field("updated", "date", doc="Date of the last substantive change"),
)

PAGE = (
    Field("title", "text", required=True, doc="Title, plain text"),
    Field("slug", "slug", doc="URL segment; default: the title, transliterated"),
    Field("summary", "text", doc="Plain text description"),
    Field("draft", "boolean", doc="true: built only with --drafts"),
    Field("updated", "date", doc="Date of the last substantive change"),
)

ENTRY_TYPES = ("cluster_organisation", "industrial_cluster", "programme")
ENTRY_STATUSES = ("active", "merged", "dissolved")
RELATION_TYPES = ("partner", "member_of", "formed_from", "merged_into")

RELATION = (
    Field("type", "choice", required=True, choices=RELATION_TYPES, doc="Kind of relation"),
    Field("target", "text", required=True, doc="Id of the other entry"),
)

ENTRY = (
    Field("name", "text", required=True, doc="Full name in this language"),
    Field("short_name", "text", inherited=True, doc="Acronym, e.g. BOC"),
    Field("type", "choice", required=True, inherited=True, choices=ENTRY_TYPES, doc="Kind of entry"),
    Field("status", "choice", inherited=True, choices=ENTRY_STATUSES, doc="Default: active"),
    Field("country", "country", required=True, inherited=True, doc="ISO 3166-1 alpha-2 code"),
    Field("region", "text", doc="Region name in this language"),
    Field("founded", "year_or_date", inherited=True, doc="Year or ISO date"),
    Field("website", "url", inherited=True, doc="Absolute http(s) URL"),
    Field("email", "email", inherited=True, doc="Contact address"),
    Field("ecosystems", "ids", inherited=True, doc="Ids of the EU's 14 industrial ecosystems"),
    Field("themes", "ids", inherited=True, doc="Theme ids from themes.yaml"),
    Field("members", "integer", inherited=True, doc="Number of member organisations"),
    Field("relations", "list_of", inherited=True, spec=RELATION, doc="Links to other entries"),
    Field("description", "markdown", required=True, doc="Markdown, in this language"),
    Field("updated", "date", doc="Date of the last substantive change (translation status)"),
)

# Fields the versions of one group share; a conflict between versions is an error.
INHERITED = {
    "article": tuple(f.name for f in ARTICLE if f.inherited),
    "entry": tuple(f.name for f in ENTRY if f.inherited),
    "page": (),
}


def comparable(field: str, value: object) -> object:
    """The part of a value that must agree across translations (event names are text)."""
    if field == "events" and isinstance(value, list):
        return [(e.get("start"), e.get("end"), e.get("country")) for e in value]
    return value
