"""Translation status: which versions of each group exist, are missing or are outdated.

A version is outdated when another version of its group changed later: the
moment of a version is its ``updated``, else (articles) its ``date``. A version
with neither counts as older than any version that has one. The same rule
drives the notice on an outdated page and ``builder translations``.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from builder.config import SiteConfig
from builder.model import Item
from builder.site import Site
from builder.sitemap import last_change

GROUP_KINDS = ("article", "entry", "page", "theme")
FAIL_CHOICES = ("missing", "outdated")


@dataclass(frozen=True)
class GroupStatus:
    """One translation group: an article, directory entry, page or theme across languages."""

    kind: str
    key: str
    present: tuple[str, ...]
    missing: tuple[str, ...]
    outdated: tuple[str, ...]
    newest: str | None  # language of the most recently changed version, when versions differ
    sources: dict[str, str]
    drafts: tuple[str, ...] = ()


def outdated_languages(config: SiteConfig, versions: dict[str, Item]) -> tuple[tuple[str, ...], str | None]:
    """(outdated languages, language of the newest version) of one group."""
    moments = {code: last_change(item) for code, item in versions.items()}
    known = [m for m in moments.values() if m is not None]
    if not known:
        return (), None
    latest = max(known)
    outdated = tuple(code for code, m in moments.items() if m is None or m < latest)
    if not outdated:
        return (), None
    return outdated, _preferred(config, [code for code, m in moments.items() if m == latest])


def _preferred(config: SiteConfig, codes: list[str]) -> str:
    """Among equally new versions, the default language first, then site order."""
    return config.default_language if config.default_language in codes else codes[0]


def newer_version(site: Site, item: Item) -> Item | None:
    """The version an outdated page should point to; None when ``item`` is up to date."""
    if item.kind not in GROUP_KINDS:
        return None
    versions = site.translations_of(item)
    outdated, newest = outdated_languages(site.config, versions)
    return versions[newest] if item.lang in outdated and newest else None


def newer_notice(site: Site, item: Item) -> dict[str, str] | None:
    """What the outdated notice of ``item``'s page shows, or None."""
    newer = newer_version(site, item)
    if newer is None:
        return None
    return {"url": newer.url, "hreflang": site.config.language(newer.lang).hreflang,
            "name": site.config.language(newer.lang).name}


def translation_status(site: Site) -> list[GroupStatus]:
    """Every group of every kind, sorted by kind then key."""
    statuses = []
    for kind in GROUP_KINDS:
        for key in site.keys(kind):
            versions = site.versions(kind, key)
            outdated, newest = outdated_languages(site.config, versions)
            statuses.append(GroupStatus(
                kind, key, tuple(versions), tuple(c for c in site.config.codes if c not in versions),
                outdated, newest, {code: item.source for code, item in versions.items()},
                tuple(code for code, item in versions.items() if item.draft)))
    return statuses


def format_json(statuses: list[GroupStatus]) -> str:
    """Machine-readable status, one object per group."""
    groups = [{"kind": s.kind, "key": s.key, "present": list(s.present), "missing": list(s.missing),
               "outdated": list(s.outdated), "newest": s.newest if s.outdated else None,
               "drafts": list(s.drafts), "sources": s.sources} for s in statuses]
    return json.dumps({"groups": groups, "summary": summary_counts(statuses)}, ensure_ascii=False, indent=2)


def summary_counts(statuses: list[GroupStatus]) -> dict[str, int]:
    return {"groups": len(statuses), "missing": sum(len(s.missing) for s in statuses),
            "outdated": sum(len(s.outdated) for s in statuses)}


def format_table(statuses: list[GroupStatus]) -> str:
    """A plain-text table for people, with a one-line summary."""
    header = ("kind", "key", "present", "missing", "outdated")
    rows = [header] + [(s.kind, s.key, _present(s), " ".join(s.missing) or "-", _outdated(s))
                       for s in statuses]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    counts = summary_counts(statuses)
    lines.append(f"{counts['groups']} groups, {counts['missing']} missing translations, "
                 f"{counts['outdated']} outdated")
    return "\n".join(lines)


def _present(status: GroupStatus) -> str:
    return " ".join(f"{code} (draft)" if code in status.drafts else code for code in status.present)


def _outdated(status: GroupStatus) -> str:
    if not status.outdated:
        return "-"
    return f"{' '.join(status.outdated)} (newer: {status.newest})"


def gate_failures(statuses: list[GroupStatus], fail_on: list[str]) -> list[str]:
    """Why a CI gate fails: one line per requested condition that holds."""
    counts = summary_counts(statuses)
    return [f"translations: {counts[what]} {what} (--fail-on {what})" for what in FAIL_CHOICES
            if what in fail_on and counts[what]]


def report(site_dir: Path, fmt: str, fail_on: list[str]) -> int:
    """``builder translations``: print the status; 1 when a requested gate fails."""
    from builder.build import load_site
    from builder.errors import Diagnostics
    from builder.site import BuildOptions

    # Drafts and scheduled articles are work in progress, so they count as present.
    site = load_site(site_dir.resolve(), BuildOptions(drafts=True, future=True), Diagnostics())
    statuses = translation_status(site)
    print(format_json(statuses) if fmt == "json" else format_table(statuses))
    failures = gate_failures(statuses, fail_on)
    for line in failures:
        print(line, file=sys.stderr)
    return 1 if failures else 0
