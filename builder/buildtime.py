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
