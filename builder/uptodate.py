"""The no-change build: when no input changed since the last build of this output, keep it.

A build records a *stamp* in the cache: a fingerprint of everything the output
depends on (the bytes of every input file, the builder's code and libraries,
the options, the day) and a manifest of the files it wrote. The next build with
the same fingerprint, whose output still holds exactly those files, has
nothing to do: it reports the recorded pages and warnings and leaves the
output alone. Articles waiting for their publication moment bound a stamp's
validity, so a scheduled rebuild publishes them.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from builder.cache import BuildCache, builder_version, digest
from builder.errors import Problem
from builder.file_tree import LinkedFolder, walk_files
from builder.input_files import input_digests
from builder.model import Schedule
from builder.search import BUNDLE_DIR

NAMESPACE = "stamps"


@dataclass(frozen=True)
class Stamp:
    fingerprint: str
    valid_from: str  # ISO moment the stamped build ran at (an earlier one may publish less)
    valid_until: str | None  # ISO moment of the next scheduled publication, or the next midnight
    pages: dict[str, int]
    warnings: list[list[Any]]
    manifest: dict[str, list[int]]  # output path -> [size, mtime_ns]
    held_back: list[str]
    next_publication: str | None
    sources: dict[str, str]  # output path -> what it was made from


def fingerprint(settings: dict[str, Any], inputs: dict[str, str]) -> str:
    """A digest of every input file (``inputs``: builder.input_files), the code and ``settings``."""
    h = hashlib.sha256(digest(builder_version(), json.dumps(settings, sort_keys=True, default=str)).encode())
    for each in inputs.values():
        h.update(each.encode())
    return h.hexdigest()


def _key(out_dir: Path) -> str:
    return digest("stamp", str(out_dir.resolve()))


def load_stamp(cache: BuildCache, out_dir: Path, fingerprint_: str, now: datetime) -> Stamp | None:
    """The last build's stamp when it still describes the output exactly."""
    data = cache.get(NAMESPACE, _key(out_dir))
    if data is None:
        return None
    try:
        stamp = Stamp(**json.loads(data))
    except (ValueError, TypeError):
        return None
    if stamp.fingerprint != fingerprint_:
        return None
    if now < datetime.fromisoformat(stamp.valid_from):
        return None
    if stamp.valid_until is not None and now >= datetime.fromisoformat(stamp.valid_until):
        return None
    return stamp if _output_matches(out_dir, stamp.manifest) else None


def _output_matches(out_dir: Path, manifest: dict[str, list[int]]) -> bool:
    """Every recorded file still there, unchanged, and nothing else added."""
    count = 0
    try:
        for rel, path in walk_files(str(out_dir)):
            recorded = manifest.get(rel)
            if recorded is None:
                return False
            info = os.stat(path)
            if [info.st_size, info.st_mtime_ns] != recorded:
                return False
            count += 1
    except (OSError, LinkedFolder):
        return False
    return count == len(manifest) and count > 0


def save_stamp(cache: BuildCache, out_dir: Path, fingerprint_: str, valid: tuple[datetime, datetime],
               result: Any, known: dict[str, tuple[int, int]] | None = None) -> None:
    """Record ``result`` (a BuildResult) and the files now in ``out_dir``.

    ``known`` gives (size, mtime_ns) of files the build already has facts on
    (its pages); with it, only the other files the build wrote and the search
    bundles are looked at, not a walk of thousands of page folders.
    """
    if known is None:
        names = [rel for rel, _ in walk_files(str(out_dir))]
    else:
        bundles = out_dir / BUNDLE_DIR  # the one folder of the output that Pagefind writes
        names = list(result.sources) + [rel for rel, _ in walk_files(str(bundles), f"{BUNDLE_DIR}/")]
    manifest = {}
    root = str(out_dir)
    for name in names:
        facts = known.get(name) if known is not None else None
        if facts is None:
            info = os.stat(os.path.join(root, name))
            facts = (info.st_size, info.st_mtime_ns)
        manifest[name] = list(facts)
    nxt = result.schedule.next_publication
    stamp = Stamp(fingerprint_, valid[0].isoformat(), valid[1].isoformat(), dict(result.pages),
                  [[w.path, w.line, w.message] for w in result.warnings], manifest,
                  list(result.schedule.held_back), nxt.isoformat() if nxt else None, dict(result.sources))
    cache.put(NAMESPACE, _key(out_dir), json.dumps(stamp.__dict__).encode("utf-8"))


def warnings_of(stamp: Stamp) -> list[Problem]:
    return [Problem(path, line, message) for path, line, message in stamp.warnings]


def schedule_of(stamp: Stamp) -> Schedule:
    nxt = datetime.fromisoformat(stamp.next_publication) if stamp.next_publication else None
    return Schedule(nxt, list(stamp.held_back))


def find_fresh_build(site_dir: Path, out_dir: Path, options: Any,
                     settings: dict[str, Any]) -> tuple[Stamp | None, str, dict[str, str] | None]:
    """(the stamp of an output already up to date or None, this build's fingerprint, input digests).

    The input digests (None without a cache) let the build look for its model in the cache.
    """
    cache: BuildCache = options.cache
    now = options.now or datetime.now(timezone.utc)
    if not cache.enabled or now.tzinfo is None:
        return None, "", None
    settings = {**settings, "out": str(out_dir.resolve()), "drafts": options.drafts, "future": options.future,
                "search": getattr(options, "search", True)}
    inputs = input_digests(site_dir, cache)
    token = fingerprint(settings, inputs) if inputs is not None else ""
    if not token or _killed_builds_left(out_dir):  # a real build reports or cleans up
        return None, token, inputs
    return load_stamp(cache, out_dir, token, now), token, inputs


def _killed_builds_left(out_dir: Path) -> bool:
    return any(out_dir.resolve().parent.glob(f".{out_dir.resolve().name}.staging-*"))


def remember_build(options: Any, out_dir: Path, token: str, site: Any, result: Any,
                   known: dict[str, tuple[int, int]] | None = None) -> None:
    """Record the stamp of a successful build, valid until its output could change by time alone."""
    if not token:
        return
    now = options.now or datetime.now(timezone.utc)
    tz = site.config.tz
    local = now.astimezone(tz)
    midnight = datetime.combine(local.date() + timedelta(days=1), time(0, 0), tzinfo=tz)
    moments = [midnight] + [a.date for a in site.items.values() if getattr(a, "future", False)]
    if result.schedule.next_publication is not None:
        moments.append(result.schedule.next_publication)
    save_stamp(options.cache, out_dir, token, (now, min(moments)), result, known)
