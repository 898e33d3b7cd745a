"""The model: every item in every language, their URLs and their translations."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Iterable

from builder.bodies import EarlyBodies, convert_bodies, convert_body
from builder.buildtime import build_moment
from builder.config import SiteConfig
from builder.content import Content, RawItem
from builder.errors import Diagnostics
from builder.links import find_links, split_target
from builder.markdown_render import summarise
from builder.model import Article, Entry, Event, IdentityLink, Item, Page, Relation, Schedule, Theme
from builder.slugs import slugify
from builder.translations import group_items, inherit_fields
from builder.urls import output_path, page_url, section_url


@dataclass(frozen=True)
class BuildOptions:
    drafts: bool = False
    future: bool = False
    now: datetime | None = None  # the build moment; tests fix it
    search: bool = True  # index the output with Pagefind (--no-search skips it)
    jobs: int = 1  # worker processes for Markdown and page rendering
    cache_dir: Path | None = None  # persistent build cache; None: no cache
    cache: Any = field(default=None, compare=False)  # the opened builder.cache.BuildCache


@dataclass
class Site:
    """Items indexed by (kind, lang, key); relations are looked up by key."""

    config: SiteConfig
    items: dict[tuple[str, str, str], Item] = field(default_factory=dict)
    schedule: Schedule = field(default_factory=Schedule)
    links: list[IdentityLink] = field(default_factory=list)
    now: datetime | None = None  # the build moment (site timezone when not given)
    raws: dict[str, RawItem] = field(default_factory=dict, repr=False)  # source -> what it was read as
    # Sorted lists that pages ask for again and again: computed once per state of ``items``.
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def get(self, kind: str, lang: str, key: str) -> Item | None:
        return self.items.get((kind, lang, key))

    def versions(self, kind: str, key: str) -> dict[str, Item]:
        """Every language version of one item, in the site's language order."""
        found = {}
        for code in self.config.codes:
            item = self.items.get((kind, code, key))
            if item is not None:
                found[code] = item
        return found

    def preferred_version(self, kind: str, key: str, lang: str) -> Item | None:
        """The version in ``lang``, else the default language's, else the first in site order."""
        # Asked for every item of every list: looked up directly rather than through versions().
        items = self.items
        found = items.get((kind, lang, key))
        if found is None:
            found = items.get((kind, self.config.default_language, key))
        if found is None:
            found = next((items[(kind, code, key)] for code in self.config.codes if (kind, code, key) in items),
                         None)
        return found

    def translations_of(self, item: Item) -> dict[str, Item]:
        return self.versions(item.kind, item.key)

    def of_kind(self, kind: str, lang: str | None = None) -> list[Item]:
        """Items of ``kind`` (in ``lang``, or in every language by language), in key order."""
        return self._remember(("of_kind", kind, lang), lambda: self._by_kind().get((kind, lang), []))

    def _by_kind(self) -> dict[tuple[str, str | None], list[Item]]:
        # One sort of every item for all the lists of one kind: a sort per list took 0.7 s at 30,000 articles.
        def grouped() -> dict[tuple[str, str | None], list[Item]]:
            groups: dict[tuple[str, str | None], list[Item]] = {}
            for (kind, lang, _), item in sorted(self.items.items(), key=lambda pair: pair[0]):
                groups.setdefault((kind, lang), []).append(item)
                groups.setdefault((kind, None), []).append(item)
            return groups
        return self.remembered(("by kind",), grouped)

    def keys(self, kind: str) -> list[str]:
        return self._remember(("keys", kind), lambda: sorted({key for (k, _, key) in self.items if k == kind}))

    def articles(self, lang: str) -> list[Article]:
        """Articles in ``lang``, newest first (ties by key, for stable output)."""
        return self._remember(("articles", lang), lambda: sorted(
            self.of_kind("article", lang), key=lambda a: (-a.date.timestamp(), a.key)))  # type: ignore[union-attr]

    def article_positions(self, lang: str) -> tuple[tuple[Article, ...], dict[str, int]]:
        """Articles newest first and each key's place in that order, without a scan per page."""
        key = ("positions", lang, len(self.items))
        if key not in self._memo:
            order = tuple(self.articles(lang))
            self._memo[key] = (order, {a.key: i for i, a in enumerate(order)})
        return self._memo[key]

    def remembered(self, key: tuple, compute):
        """``compute()``, once per state of the site: the same object each time, not to be changed."""
        key = (*key, len(self.items))
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def replace_item(self, old: Item, new: Item) -> None:
        """Put ``new`` in the place of ``old``, which has the same kind, language, key and place in lists.

        The remembered lists get ``new`` where they held ``old``: forgetting
        them instead would sort 30,000 articles again for one edited body.
        """
        self.items[(old.kind, old.lang, old.key)] = new
        for key, value in self._memo.items():
            self._memo[key] = _swapped(value, old, new)

    def _remember(self, key: tuple, compute) -> list:
        """A copy of the remembered list (callers may change theirs); items are only ever added."""
        return list(self.remembered(key, compute))


def build_site(config: SiteConfig, content: Content, diagnostics: Diagnostics,
               options: BuildOptions, early: EarlyBodies | None = None) -> Site:
    """Link translations, inherit fields, publish by date, and give every item its URL.

    ``early`` holds the bodies converted while the content was read.
    """
    site = Site(config)
    groups = group_items(config, content.items, diagnostics)
    inherit_fields(groups, diagnostics)
    diagnostics.raise_if_failed()
    now = build_moment(options.now, config.tz)
    site.now = now
    raws = [raw for versions in groups.values() for raw in versions.values()]
    raws = [raw for raw in raws if _published(raw, config, options, now, site.schedule)]
    bodies = convert_bodies([(raw.markdown, raw.lang) for raw in raws], config.raw_html,
                            options.cache, options.jobs, early)
    for raw, (html, minutes) in zip(raws, bodies):
        item = _make_item(config, raw, html, minutes, now, diagnostics)
        if item is not None:
            site.items[(item.kind, item.lang, item.key)] = item
            site.raws[raw.source] = raw
            site.links.extend(find_links(raw.markdown, raw.source, raw.markdown_line))
    for theme in _make_themes(config, content):
        site.items[(theme.kind, theme.lang, theme.key)] = theme
    check_output_paths(config, site.items.values(), diagnostics)
    check_identity_links(site, diagnostics)
    return site


def replace_body(site: Site, raw: RawItem) -> Item | None:
    """Give the item read from ``raw.source`` the body of ``raw``; None when its links are broken.

    For an edit that changed only the body: every other field, and so the
    item's URL, translations and place in lists, stays as it was.
    """
    old = site.raws[raw.source]
    kind = raw.kind  # an article or a page: only Markdown files have a body of their own
    item = site.items[(kind, old.lang, old.key)]
    broken = Diagnostics()
    links = find_links(raw.markdown, raw.source, raw.markdown_line)
    check_identity_links(site, broken, links)
    if broken.errors:
        return None
    html, minutes = convert_body(raw.markdown, raw.lang, site.config.raw_html)
    new = replace(item, html=html, summary=raw.fields.get("summary") or summarise(html))
    if isinstance(new, Article):
        new = replace(new, reading_minutes=minutes)
    put_body(site, raw, new, links)
    return new


def put_body(site: Site, raw: RawItem, item: Item, links: list[IdentityLink]) -> None:
    """Put ``item``, made by ``replace_body`` from ``raw`` with these ``@/`` links, into the site again."""
    site.links = [link for link in site.links if link.source != raw.source] + links
    site.replace_item(site.items[(item.kind, item.lang, item.key)], item)
    site.raws[raw.source] = raw


def _swapped(value: Any, old: Item, new: Item) -> Any:
    """``value`` with ``new`` for ``old`` in its lists and tuples, at any depth (the same object when untouched)."""
    if isinstance(value, (list, tuple)):
        swapped = [new if part is old else _swapped(part, old, new) if isinstance(part, (list, tuple)) else part
                   for part in value]
        if any(a is not b for a, b in zip(swapped, value)):
            return type(value)(swapped)
    return value


def to_moment(value: date | datetime, config: SiteConfig) -> datetime:
    """A bare date is midnight in the site timezone; a naive time is site-local too."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0, 0))
    return value if value.tzinfo else value.replace(tzinfo=config.tz)


def _published(raw: RawItem, config: SiteConfig, options: BuildOptions, now: datetime,
               schedule: Schedule) -> bool:
    if raw.fields.get("draft") and not options.drafts:
        return False
    if raw.kind != "article" or options.future or "date" not in raw.fields:
        return True
    moment = to_moment(raw.fields["date"], config)
    if moment <= now:
        return True
    schedule.held_back.append(raw.source)
    if schedule.next_publication is None or moment < schedule.next_publication:
        schedule.next_publication = moment.astimezone(config.tz)  # CI reads it in site time
    return False


def _make_item(config: SiteConfig, raw: RawItem, html: str, minutes: int, now: datetime,
               diagnostics: Diagnostics) -> Item | None:
    fields = raw.fields
    title = fields.get("title") or fields.get("name", "")
    slug = fields.get("slug") or (raw.key if raw.kind == "entry" else slugify(title, raw.lang))
    if not slug:
        diagnostics.error(raw.source, raw.lines.get("title", raw.line),
                          f"the title '{title}' gives an empty URL slug; add a 'slug' field")
        return None
    common: dict[str, Any] = dict(
        lang=raw.lang, key=raw.key, slug=slug, source=raw.source, line=raw.line, title=title,
        html=html, summary=fields.get("summary") or summarise(html),
        updated=to_moment(fields["updated"], config) if "updated" in fields else None,
        draft=bool(fields.get("draft")),
    )
    if raw.kind == "article":
        moment = to_moment(fields["date"], config)
        return Article(kind="article", url=section_url(config, raw.lang, "news", slug), **common,
                       date=moment, themes=tuple(fields.get("themes", ())),
                       clusters=tuple(fields.get("clusters", ())), author=fields.get("author"),
                       image=fields.get("image"), image_alt=fields.get("image_alt"),
                       events=tuple(_event(e) for e in fields.get("events", ())), future=moment > now,
                       reading_minutes=minutes)
    if raw.kind == "entry":
        return Entry(kind="entry", url=section_url(config, raw.lang, "directory", slug), **common,
                     short_name=fields.get("short_name"), type=fields["type"],
                     status=fields.get("status", "active"), country=fields["country"],
                     region=fields.get("region"), founded=fields.get("founded"),
                     website=fields.get("website"), email=fields.get("email"),
                     ecosystems=tuple(fields.get("ecosystems", ())), themes=tuple(fields.get("themes", ())),
                     members=fields.get("members"),
                     relations=tuple(Relation(r["type"], r["target"]) for r in fields.get("relations", ())))
    return Page(kind="page", url=page_url(config, raw.lang, slug), **common)


def _event(data: dict) -> Event:
    return Event(name=data["name"], start=data["start"], end=data.get("end", data["start"]),
                 location=data.get("location"), country=data.get("country"), url=data.get("url"))


def _make_themes(config: SiteConfig, content: Content) -> Iterable[Theme]:
    for label in content.themes:
        slug = label.slug or slugify(label.label, label.lang) or label.id
        yield Theme(kind="theme", lang=label.lang, key=label.id, slug=slug,
                    url=section_url(config, label.lang, "themes", slug), source=label.source,
                    line=label.line, title=label.label)


def check_output_paths(config: SiteConfig, items: Iterable[Item], diagnostics: Diagnostics) -> None:
    """Two items resolving to one output file is an error naming both sources."""
    seen: dict[str, Item] = {}
    for item in sorted(items, key=lambda i: (i.source, i.line, i.key)):
        path = output_path(config, item.url)
        if path in seen:
            first = seen[path]
            diagnostics.error(item.source, item.line, f"this page and {first.source} both resolve to "
                              f"{item.url}; give one of them another slug")
        else:
            seen[path] = item


def check_identity_links(site: Site, diagnostics: Diagnostics, links: list[IdentityLink] | None = None) -> None:
    """An ``@/`` link to nothing is an error at its line (``links``: the site's, unless given)."""
    for link in site.links if links is None else links:
        parsed = split_target(link.target)
        if parsed is None:
            diagnostics.error(link.source, link.line, f"broken link '@/{link.target}': it must start with "
                              "@/news/, @/directory/, @/pages/ or @/themes/")
        elif not site.versions(*parsed):
            kind, key = parsed
            what = {"article": "article", "entry": "directory entry", "page": "page", "theme": "theme"}[kind]
            diagnostics.error(link.source, link.line, f"broken link '@/{link.target}': there is no {what} "
                              f"'{key}' in any language")
