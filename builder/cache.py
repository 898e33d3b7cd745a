"""The persistent build cache: results of pure steps, stored by the hash of their inputs.

Every key already contains everything its value depends on (the input's bytes
and a *salt* naming the versions of the code and settings that produce it), so
an entry is never invalidated in place: a change of input simply asks for
another key. Entries are written to a temporary file and renamed into place,
so a killed build leaves either the old entry, the new one or none; each entry
carries a checksum, and one that does not match is treated as missing.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import sys
from importlib import metadata
from pathlib import Path
from typing import BinaryIO, Callable

import builder
from builder.workers import start_detached

DEFAULT_FOLDER = ".cache"
_MAGIC = b"BC1\n"
_SUM = 16  # bytes of blake2b checksum after the magic
LIBRARIES = ("Markdown", "Jinja2", "MarkupSafe", "babel", "PyYAML")  # their versions are in builder_version()


class CacheError(Exception):
    """The cache folder cannot be used where it was asked for."""


def digest(*parts: str | bytes) -> str:
    """A hex key for ``parts``; a separator keeps ("ab", "c") and ("a", "bc") apart."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


@functools.cache
def builder_version() -> str:
    """The builder's own files, Python's version and the libraries' versions: any change of code
    changes the keys made with it (for what spans most of the builder: the model, page keys)."""
    package = Path(builder.__file__).parent
    parts: list[str | bytes] = [sys.version]
    for path in sorted(p for p in package.rglob("*") if p.is_file() and p.suffix in (".py", ".yaml")):
        parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    for name in LIBRARIES:
        try:
            parts.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} missing")
    return digest(*parts)


def code_version(*modules: str) -> str:
    """The builder's version and the source of ``modules``: a change to the code changes keys."""
    folder = Path(builder.__file__).parent
    return digest(builder.__version__, *((folder / f"{m}.py").read_bytes() for m in modules))


class BuildCache:
    """Entries under ``folder/<namespace>/<key[:2]>/<key[2:]>``; ``folder`` None disables it."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: dict[str, set[str]] = {}
        self.hits = 0
        self.misses = 0

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def _path(self, namespace: str, key: str) -> Path:
        assert self.folder is not None
        return self.folder / namespace / key[:2] / key[2:]

    def get(self, namespace: str, key: str) -> bytes | None:
        """The stored value, or None when missing, unreadable or corrupt."""
        if self.folder is None:
            return None
        self.used.setdefault(namespace, set()).add(key)
        try:
            raw = self._path(namespace, key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        data = raw[len(_MAGIC) + _SUM:]
        if not raw.startswith(_MAGIC) or raw[len(_MAGIC):len(_MAGIC) + _SUM] != _checksum(data):
            self.misses += 1
            return None
        self.hits += 1
        return data

    def holds(self, namespace: str, key: str) -> bool:
        """True when an entry is stored under ``key`` (not checked: ``get`` may still find it damaged)."""
        return self.folder is not None and self._path(namespace, key).is_file()

    def put(self, namespace: str, key: str, data: bytes) -> None:
        """Store atomically; a cache that cannot be written only costs speed."""
        self.put_streamed(namespace, key, lambda file: file.write(data))

    def put_streamed(self, namespace: str, key: str, write: Callable[[BinaryIO], None]) -> None:
        """Store what ``write(file)`` writes, atomically, without holding it all in memory (a large pickle).

        A cache that cannot be written only costs speed.
        """
        if self.folder is None:
            return
        self.used.setdefault(namespace, set()).add(key)
        path = self._path(namespace, key)
        temporary = path.parent / f".tmp-{os.getpid()}-{path.name}"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(temporary, "wb") as handle:
                handle.write(_MAGIC + bytes(_SUM))  # the checksum goes here once the data is known
                summing = _Summing(handle)
                write(summing)
                handle.seek(len(_MAGIC))
                handle.write(summing.sum.digest())
            os.replace(temporary, path)
        except OSError:
            try:
                temporary.unlink(missing_ok=True)
            except OSError:
                pass

    def discard(self, namespace: str, key: str) -> None:
        """Remove an entry nothing will ask for again (a missing one is fine)."""
        if self.folder is None:
            return
        try:
            self._path(namespace, key).unlink(missing_ok=True)
        except OSError:
            pass

    def get_tree(self, namespace: str, key: str, target: Path) -> bool:
        """Recreate a stored folder at ``target`` (hard links where possible); False when missing.

        Every file is checked against what was stored with the folder, so a file
        changed through a hard link (in a published copy) makes a miss, not a
        wrong output: a file whose size, time and inode are as stored is taken
        as it is (reading thousands of files back took half a second a build),
        any other is read and compared with its checksum.
        """
        manifest = self.get(namespace, key)
        if manifest is None:
            return False
        stored = self._path(namespace, key).with_name(self._path(namespace, key).name + _TREE)
        folders: set[Path] = set()
        try:
            files = json.loads(manifest)
            for rel, facts in files.items():
                source, copy = stored / rel, target / rel
                checksum, *seen = facts if isinstance(facts, list) else [facts]
                if seen != list(_identity(source)) and _checksum(source.read_bytes()).hex() != checksum:
                    raise ValueError(rel)
                if copy.parent not in folders:
                    copy.parent.mkdir(parents=True, exist_ok=True)
                    folders.add(copy.parent)
                _link_or_copy(source, copy)
        except (OSError, ValueError):
            self.hits -= 1
            self.misses += 1
            shutil.rmtree(target, ignore_errors=True)
            return False
        return True

    def put_tree(self, namespace: str, key: str, source: Path) -> None:
        """Store the folder ``source`` under ``key``; its checksum list is written last."""
        if self.folder is None:
            return
        path = self._path(namespace, key)
        stored = path.with_name(path.name + _TREE)
        temporary = path.with_name(f".tmp-{os.getpid()}-{path.name}{_TREE}")
        try:
            shutil.rmtree(temporary, ignore_errors=True)
            sums = {}
            for file in sorted(p for p in source.rglob("*") if p.is_file()):
                rel = file.relative_to(source).as_posix()
                (temporary / rel).parent.mkdir(parents=True, exist_ok=True)
                _link_or_copy(file, temporary / rel)
                sums[rel] = _checksum(file.read_bytes()).hex()
            shutil.rmtree(stored, ignore_errors=True)
            os.replace(temporary, stored)
            files = {rel: [checksum, *_identity(stored / rel)] for rel, checksum in sums.items()}
        except OSError:
            shutil.rmtree(temporary, ignore_errors=True)
            return
        self.put(namespace, key, json.dumps(files, sort_keys=True).encode("utf-8"))

    def prune(self, namespace: str, keep_factor: int = 2, spare: int = 64) -> int:
        """Drop unused entries once there are more than ``keep_factor`` times the used ones plus ``spare``."""
        if self.folder is None or not (self.folder / namespace).is_dir():
            return 0
        used = self.used.get(namespace, set())
        stored = [(shard.name + entry.name.removesuffix(_TREE), Path(entry.path))
                  for shard in os.scandir(self.folder / namespace) if shard.is_dir()
                  for entry in os.scandir(shard.path)]
        if len(stored) <= keep_factor * len(used) + spare:
            return 0
        removed = 0
        trash_root = trash_of(self.folder)
        trash = trash_root / str(os.getpid())
        for key, path in stored:
            if key not in used:
                if path.is_dir():
                    _throw_away(path, trash)
                else:
                    path.unlink(missing_ok=True)
                removed += 1
        if trash.is_dir():
            _empty_trash(trash_root)
        return removed


_TREE = ".tree"


def trash_of(folder: Path) -> Path:
    """Where pruned folders wait for a detached process to delete them: beside the cache, not in it.

    CI saves the cache folder as soon as the build ends; a deletion still running
    inside it would make the archiver see files vanish and the save fail.
    """
    return folder.with_name(folder.name + "-trash")


def _throw_away(folder: Path, trash: Path) -> None:
    """Move a stored folder out of the cache's way at once (a search bundle is 1,500 files)."""
    try:
        trash.mkdir(parents=True, exist_ok=True)
        os.rename(folder, trash / folder.name)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def _empty_trash(trash: Path) -> None:
    """Delete the trash in a detached process at the lowest priority; also what a killed one left."""
    if not start_detached("import os, shutil, sys\nos.nice(19)\nshutil.rmtree(sys.argv[1], ignore_errors=True)",
                          str(trash)):
        shutil.rmtree(trash, ignore_errors=True)


class _Summing:
    """A file that checksums what goes through it."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.sum = hashlib.blake2b(digest_size=_SUM)

    def write(self, data: bytes) -> int:
        self.sum.update(data)
        return self.handle.write(data)


def _link_or_copy(source: Path, target: Path) -> None:
    """A hard link is instant; across file systems (or where links are refused) copy instead."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _identity(path: Path) -> tuple[int, int, int]:
    """Size, modification time and inode: what a change in place, through any link, alters."""
    info = os.stat(path)
    return info.st_size, info.st_mtime_ns, info.st_ino


def _checksum(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=_SUM).digest()


def open_cache(site_dir: Path, out_dir: Path, cache_dir: Path | None, enabled: bool = True) -> BuildCache:
    """The cache for one build: ``cache_dir`` or SITE/.cache, refused inside the output folder."""
    if not enabled:
        return BuildCache(None)
    folder = (cache_dir if cache_dir is not None else site_dir / DEFAULT_FOLDER).resolve()
    out = out_dir.resolve()
    if folder == out or folder.is_relative_to(out):
        raise CacheError(f"the cache folder {folder} lies inside the output folder {out_dir}, which "
                         "every build replaces; choose another --cache-dir")
    if folder.exists() and not folder.is_dir():
        raise CacheError(f"--cache-dir {folder} is a file, not a folder")
    return BuildCache(folder)


def clear(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
