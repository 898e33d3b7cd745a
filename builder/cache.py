"""The persistent build cache: results of pure steps, stored by the hash of their inputs.

Every key already contains everything its value depends on (the input's bytes
and a *salt* naming the versions of the code and settings that produce it), so
an entry is never invalidated in place: a change of input simply asks for
another key. Entries are written to a temporary file and renamed into place,
so a killed build leaves either the old entry, the new one or none; each entry
carries a checksum, and one that does not match is treated as missing.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import builder

DEFAULT_FOLDER = ".cache"
_MAGIC = b"BC1\n"
_SUM = 16  # bytes of blake2b checksum after the magic


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

    def put(self, namespace: str, key: str, data: bytes) -> None:
        """Store atomically; a cache that cannot be written only costs speed."""
        if self.folder is None:
            return
        self.used.setdefault(namespace, set()).add(key)
        path = self._path(namespace, key)
        temporary = path.parent / f".tmp-{os.getpid()}-{path.name}"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(temporary, "wb") as handle:
                handle.write(_MAGIC + _checksum(data) + data)
            os.replace(temporary, path)
        except OSError:
            try:
                temporary.unlink(missing_ok=True)
            except OSError:
                pass

    def prune(self, namespace: str, keep_factor: int = 2) -> int:
        """Drop entries this build did not use once they outnumber the used ones ``keep_factor`` times."""
        if self.folder is None or not (self.folder / namespace).is_dir():
            return 0
        used = self.used.get(namespace, set())
        stored = [(shard.name + entry.name, Path(entry.path))
                  for shard in os.scandir(self.folder / namespace) if shard.is_dir()
                  for entry in os.scandir(shard.path)]
        if len(stored) <= keep_factor * len(used) + 64:
            return 0
        removed = 0
        for key, path in stored:
            if key not in used:
                path.unlink(missing_ok=True)
                removed += 1
        return removed


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
