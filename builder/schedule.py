"""The next scheduled publication: one line for people, one small JSON file for CI.

The file lies outside the published output (default ``<site>/.builder-schedule.json``,
git-ignored) so that a CI job can read when to rebuild without it ever being served.
"""
from __future__ import annotations

import json
from pathlib import Path

from builder.model import Schedule

SCHEDULE_FILE = ".builder-schedule.json"


def schedule_line(schedule: Schedule) -> str:
    """``\\nnext scheduled publication: <ISO moment>``, or nothing when none is held back."""
    if schedule.next_publication is None:
        return ""
    return f"\nnext scheduled publication: {schedule.next_publication.isoformat()}"


def write_schedule_file(path: Path, schedule: Schedule) -> None:
    """``{"next_publication": ISO moment or null, "held_back": [source files]}``."""
    moment = schedule.next_publication
    data = {"next_publication": moment.isoformat() if moment else None,
            "held_back": sorted(schedule.held_back)}
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
