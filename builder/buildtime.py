"""The build moment: fixed by --now, else by SOURCE_DATE_EPOCH, else the clock.

SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/) lets
two builds of one commit agree on "now", so they give byte-identical output.
"""
from __future__ import annotations

import os
from datetime import datetime, timezone, tzinfo

from builder.errors import BuildFailed, Problem

ENV_NAME = "SOURCE_DATE_EPOCH"


def build_moment(given: datetime | None, tz: tzinfo) -> datetime:
    """An aware datetime for this build, in the site's timezone."""
    moment = given or _from_environment() or datetime.now(timezone.utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(tz)


def _from_environment() -> datetime | None:
    value = os.environ.get(ENV_NAME, "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise BuildFailed([Problem(ENV_NAME, 1, f"{ENV_NAME} must be a whole number of seconds since "
                                   f"1970-01-01 UTC, not '{value}'")])
    try:
        return datetime.fromtimestamp(int(value), timezone.utc)
    except (OverflowError, ValueError, OSError):
        raise BuildFailed([Problem(ENV_NAME, 1, f"{ENV_NAME} '{value}' lies outside the years "
                                   "a build can use")]) from None


def pinned_past_publication(given: datetime | None, next_publication: datetime | None) -> Problem | None:
    """A warning when SOURCE_DATE_EPOCH holds back an article whose moment the clock has passed.

    A scheduled CI build that pins the moment to its commit would never
    publish what it is scheduled for; --now is a deliberate choice and stays quiet.
    """
    pinned = None if given else _from_environment()
    if pinned is None or next_publication is None or next_publication > datetime.now(timezone.utc):
        return None
    return Problem(ENV_NAME, 1, f"{ENV_NAME} sets this build's moment to {pinned.isoformat()}, so an article "
                   f"due at {next_publication.isoformat()}, already past, stays unpublished; "
                   f"unset {ENV_NAME} in scheduled builds")
