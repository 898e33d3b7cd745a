"""Which watched files of the site changed since the preview last asked.

Two sources answer the same question. ``NotifiedChanges`` is told by the
operating system (inotify, FSEvents, ReadDirectoryChangesW, through
watchfiles) and costs nothing between saves. ``ScannedChanges`` compares a
scan of every watched file with the last one: it works everywhere, but at
30,000 articles one scan takes 0.3 s of the preview's only thread, and a save
waited for up to two of them before its page was written.
"""
from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Iterable

logger = logging.getLogger(__name__)

WATCHED = ("content", "templates", "assets", "locales", "site.yaml")

Snapshot = dict[str, tuple[int, int]]


def take_snapshot(site_dir: Path, watched: Iterable[str] = WATCHED) -> Snapshot:
    """Modification time and size of every watched file, by path.

    os.scandir rather than Path.rglob: at thousands of articles pathlib's
    overhead alone was most of the time of a scan.
    """
    found: Snapshot = {}
    for name in watched:
        base = os.path.join(site_dir, name)
        if os.path.isdir(base):
            _scan(base, found, set())
        elif os.path.isfile(base):
            stat = os.stat(base)
            found[base] = (stat.st_mtime_ns, stat.st_size)
    return found


def _scan(folder: str, found: Snapshot, seen: set[tuple[int, int]]) -> None:
    try:
        identity = os.stat(folder)
        if (identity.st_dev, identity.st_ino) in seen:  # a symbolic link back up the tree
            return
        seen.add((identity.st_dev, identity.st_ino))
        entries = list(os.scandir(folder))
    except OSError:  # deleted while we looked
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir():  # linked folders too: the content loader follows them
                _scan(entry.path, found, seen)
            elif entry.is_file():
                stat = entry.stat()
                found[entry.path] = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            continue


class ScannedChanges:
    """Changed files found by scanning every watched file, ten times a second."""

    interval_ms = 100

    def __init__(self, site_dir: Path, watched: Iterable[str] = WATCHED) -> None:
        self.site_dir = site_dir
        self.watched = tuple(watched)
        self.snapshot = take_snapshot(site_dir, self.watched)

    def __call__(self) -> list[Path]:
        current = take_snapshot(self.site_dir, self.watched)
        if current == self.snapshot:
            return []
        changed = sorted(path for path in current.keys() | self.snapshot.keys()
                         if current.get(path) != self.snapshot.get(path))
        self.snapshot = current
        return [Path(path) for path in changed]

    def close(self) -> None:
        pass


class NotifiedChanges:
    """Changed files as the operating system reports them, gathered by a background thread.

    The watched folders are watched as a whole. What a folder watch cannot
    see is checked with one ``stat`` each per call: ``site.yaml`` (an editor
    saving by rename gives it a new inode), and each watched folder's own
    identity, so that a folder created, deleted or replaced (a ``git
    checkout``) restarts the watch and counts as a change.
    """

    interval_ms = 25  # asking is cheap: the preview may ask often
    STEP_MS = 30  # a burst of events ends after this much calm (an editor's truncate, write, close)
    READY_SECONDS = 10.0

    def __init__(self, site_dir: Path, watched: Iterable[str] = WATCHED) -> None:
        import watchfiles  # noqa: F401  (ImportError: the caller scans instead)

        self.site_dir = site_dir
        self.watched = tuple(watched)
        self._lock = threading.Lock()
        self._changed: set[str] = set()
        self._scanning: ScannedChanges | None = None  # once watching failed to start again
        self._roots = self._root_identities()
        self._start()

    def __call__(self) -> list[Path]:
        if self._scanning is not None:
            return self._scanning()
        roots = self._root_identities()
        moved = [name for name in self.watched if roots[name] != self._roots[name]]
        if moved:
            restart = any(_is_folder(roots[name]) or _is_folder(self._roots[name]) for name in moved)
            self._roots = roots
            if restart:
                self.close()
                try:
                    self._start()
                except OSError as exc:
                    logger.warning("scanning for changes from now on: %s", exc)
                    self._scanning = ScannedChanges(self.site_dir, self.watched)
        with self._lock:
            changed, self._changed = self._changed, set()
        return sorted({*(Path(path) for path in changed), *(self.site_dir / name for name in moved)})

    def close(self) -> None:
        self._stop.set()

    def _root_identities(self) -> dict[str, tuple | None]:
        """Per watched name: ("folder", device, inode), ("file", inode, mtime, size) or None when missing."""
        found: dict[str, tuple | None] = {}
        for name in self.watched:
            try:
                stat = os.stat(self.site_dir / name)
            except OSError:
                found[name] = None
                continue
            if os.path.isdir(self.site_dir / name):
                found[name] = ("folder", stat.st_dev, stat.st_ino)
            else:
                found[name] = ("file", stat.st_ino, stat.st_mtime_ns, stat.st_size)
        return found

    def _start(self) -> None:
        """Watch the watched folders that exist; OSError when the watch cannot be set up."""
        self._stop = threading.Event()
        folders = [str(self.site_dir / name) for name, identity in self._roots.items() if _is_folder(identity)]
        if not folders:
            return
        ready, failure = threading.Event(), []
        thread = threading.Thread(target=self._gather, args=(folders, self._stop, ready, failure),
                                  name="preview-watcher", daemon=True)
        thread.start()
        # Saves made before the watch is in place would be lost: wait for it (at 30,000
        # articles this took a fraction of a second).
        if not ready.wait(self.READY_SECONDS) or failure:
            self._stop.set()
            raise OSError(f"the file watcher did not start: {failure[0] if failure else 'no answer'}")

    def _gather(self, folders: list[str], stop: threading.Event, ready: threading.Event,
                failure: list[BaseException]) -> None:
        import watchfiles

        try:
            # Each timeout yields an empty set: the first one says the watch is in place.
            for changes in watchfiles.watch(*folders, watch_filter=self._visible, debounce=1000,
                                            step=self.STEP_MS, rust_timeout=200, yield_on_timeout=True,
                                            stop_event=stop, raise_interrupt=False):
                ready.set()
                if changes:
                    with self._lock:
                        self._changed.update(path for _, path in changes)
        except Exception as exc:  # a watched folder deleted: the next call sees it and starts again
            if not ready.is_set():
                failure.append(exc)
            logger.debug("file watcher stopped", exc_info=True)
        finally:
            ready.set()

    def _visible(self, change: object, path: str) -> bool:
        """Hidden files and folders are not the site's (an editor's swap file, .git), as in a scan."""
        try:
            parts = Path(path).relative_to(self.site_dir).parts
        except ValueError:  # reached through a linked folder
            parts = Path(path).parts[-1:]
        return not any(part.startswith(".") for part in parts)


def _is_folder(identity: tuple | None) -> bool:
    return identity is not None and identity[0] == "folder"


def watch_changes(site_dir: Path) -> ScannedChanges | NotifiedChanges:
    """The operating system's notifications where they work, otherwise scanning."""
    try:
        return NotifiedChanges(site_dir)
    except (ImportError, OSError) as exc:
        logger.info("scanning for changes instead of watching them: %s", exc)
        return ScannedChanges(site_dir)
