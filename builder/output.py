"""The only module that writes the site: staging folder, one write per path, atomic swap.

A build writes into a hidden sibling of the output folder. Only when every page
is written does the staging folder take the output's place, by an atomic
exchange of the two directories where the system offers one. A failed or killed
build therefore leaves the previous output exactly as it was.

The replaced output is emptied of its files in a detached process and kept,
folders only, as the next build's staging folder (``.<out>.spare``): creating
5,000 page folders cost a build about a second of system time on a virtual
disk, and deleting them again as much. Only a spare whose emptying finished
(its marker is written last) and in which a walk finds no file is taken, so no file
of an old output can reach a new one, and no file that the live output shares
by a hard link is ever written into. Folders the new build left empty are
removed before the swap.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import posixpath
import shutil
from pathlib import Path

from builder.errors import BuildError
from builder.workers import start_detached

MARKER = ".builder-output"
_MARKER_TEXT = "This folder is written by `builder build`; it is replaced on every build.\n"
_STAGING_MARKER = ".builder-staging"  # replaced by MARKER, with the list of files, when complete
_STAGING = ".staging-"
_SPARE = ".spare"  # .<out>.spare: the folders of an earlier output, every file removed
_SPARE_MARKER = ".builder-spare"  # written into the spare once it holds no file
_EMPTYING = ".spare-emptying-"  # .<out>.spare-emptying-<pid>: a spare being made
_RENAME_EXCHANGE = 2
DETACHED_DELETE_FILES = 300  # below this, deleting the old output inline is quick enough


class OutputError(Exception):
    """The output folder cannot be used (it is not ours, or it is the site itself)."""


def check_output_folder(out_dir: Path, site_dir: Path, force: bool) -> None:
    """Refuse folders whose replacement would destroy something that is not output."""
    out, site = out_dir.resolve(), site_dir.resolve()
    _restore_moved_output(out, f".{out.name}{_STAGING}")
    if out == site or site.is_relative_to(out):
        raise OutputError(f"--out {out_dir} would replace the site folder itself; choose a folder "
                          "such as public/")
    for source in ("content", "templates", "assets", "locales"):
        if out.is_relative_to(site / source):
            raise OutputError(f"--out {out_dir} lies inside the site's {source}/ folder; choose a "
                              "folder such as public/")
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out {out_dir} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file() and not force:
        raise OutputError(f"--out {out_dir} holds files the builder did not write; refusing to "
                          "replace it (use --force to replace it anyway)")


class OutputWriter:
    """Collects the new site in a staging folder; ``commit`` publishes it at once."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir.resolve()
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_staging(self.out_dir)
        self.staging = self.out_dir.parent / f".{self.out_dir.name}{_STAGING}{os.getpid()}"
        shutil.rmtree(self.staging, ignore_errors=True)
        self.recycled = _take_spare(self.out_dir, self.staging)
        if not self.recycled:
            self.staging.mkdir()
        (self.staging / _STAGING_MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
        self.written: dict[str, str] = {MARKER: "builder"}
        self._dirs: set[Path] = {self.staging}

    def write(self, rel_path: str, data: str | bytes, source: str) -> None:
        """Write one file; a second write to one path, or a path outside, is an error."""
        target = self.reserve(rel_path, source)
        self._ensure_dir(target.parent)
        payload = data.encode("utf-8") if isinstance(data, str) else data
        target.write_bytes(payload)

    def reserve(self, rel_path: str, source: str) -> Path:
        """Claim a path that the caller (maybe a worker process) will write; checked like ``write``."""
        target = self._target(rel_path, source)
        if rel_path in self.written:
            raise BuildError(source, 1, f"two pages resolve to the output file {rel_path}: "
                             f"{self.written[rel_path]} and {source}")
        self.written[rel_path] = source
        return target

    def copy(self, rel_path: str, source_file: Path, source: str) -> None:
        target = self._target(rel_path, source)
        if rel_path in self.written:
            raise BuildError(source, 1, f"two files resolve to the output file {rel_path}: "
                             f"{self.written[rel_path]} and {source}")
        self.written[rel_path] = source
        self._ensure_dir(target.parent)
        shutil.copyfile(source_file, target)

    def _target(self, rel_path: str, source: str) -> Path:
        # The staging folder is ours and holds no symbolic links, so normalising the text is
        # as good as resolving it on disk, without a system call per path component.
        target = self.staging / posixpath.normpath(rel_path)
        if os.path.isabs(rel_path) or not target.is_relative_to(self.staging) \
                or ".." in target.relative_to(self.staging).parts or target == self.staging:
            raise BuildError(source, 1, f"refusing to write outside the output folder: {rel_path}")
        return target

    def _ensure_dir(self, folder: Path) -> None:
        if folder not in self._dirs:
            folder.mkdir(parents=True, exist_ok=True)
            self._dirs.add(folder)

    def commit(self) -> None:
        """Make the staged site the output, replacing the previous one in one step."""
        if self.recycled:
            _remove_empty_folders(self.staging)
        (self.staging / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")  # last: the tree is whole
        (self.staging / _STAGING_MARKER).unlink()
        _fsync_tree_root(self.staging)
        if self.out_dir.exists():
            if not _exchange(self.staging, self.out_dir):
                old = self.out_dir.parent / f".{self.out_dir.name}{_STAGING}old-{os.getpid()}"
                os.rename(self.out_dir, old)
                os.rename(self.staging, self.out_dir)
                self.staging = old
            _fsync_tree_root(self.out_dir.parent)
            _discard(self.staging, len(self.written), self.out_dir)
        else:
            os.rename(self.staging, self.out_dir)
            _fsync_tree_root(self.out_dir.parent)

    def abort(self) -> None:
        """Drop the staged files; the output stays as it was."""
        shutil.rmtree(self.staging, ignore_errors=True)


def _discard(old_output: Path, files: int, out_dir: Path) -> None:
    """Delete the replaced output, or empty it into the next spare in a detached process.

    The new output is already in place, and a deletion that does not finish is
    completed by the next build (the folder keeps a staging or emptying name).
    """
    if files < DETACHED_DELETE_FILES:
        shutil.rmtree(old_output, ignore_errors=True)
        return
    # At the lowest priority: the next build, often started at once, must not wait for it.
    if not start_detached(_EMPTY_INTO_SPARE, str(old_output), str(_spare_of(out_dir)),
                          str(out_dir.parent / f".{out_dir.name}{_EMPTYING}")):
        shutil.rmtree(old_output, ignore_errors=True)


# Run detached (standard library only): rename the old output out of the staging names, remove
# every file, mark it done, and make it the spare unless there is one already. A failed removal
# stops the script before the marker; the build that takes the spare checks it holds no file.
_EMPTY_INTO_SPARE = f"""
import os, shutil, sys
old, spare, emptying = sys.argv[1:4]
os.nice(19)
work = emptying + str(os.getpid())
os.rename(old, work)
for root, folders, files in os.walk(work):
    for name in files + [f for f in folders if os.path.islink(os.path.join(root, f))]:
        os.unlink(os.path.join(root, name))
open(os.path.join(work, {_SPARE_MARKER!r}), "w").close()
try:
    os.rename(work, spare)
except OSError:
    shutil.rmtree(work, True)
"""


def _spare_of(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}{_SPARE}"


def _take_spare(out_dir: Path, staging: Path) -> bool:
    """Make a finished spare the staging folder; False when there is none, or it holds a file."""
    spare = _spare_of(out_dir)
    if not (spare / _SPARE_MARKER).is_file():
        return False
    try:
        os.rename(spare, staging)
        (staging / _SPARE_MARKER).unlink()
        if any(files or any(os.path.islink(os.path.join(folder, name)) for name in subfolders)
               for folder, subfolders, files in os.walk(staging)):  # one walk: cheap beside the folders it saves
            raise OSError("the spare holds files")
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        return False
    return True


def _remove_empty_folders(root: Path) -> None:
    """Folders of the spare that no file of this build went into."""
    for folder, subfolders, files in os.walk(root, topdown=False):
        if not files and folder != str(root):
            try:
                os.rmdir(folder)
            except OSError:  # not empty: a subfolder is still in use
                pass


def _remove_stale_staging(out_dir: Path) -> None:
    """Leftovers of builds that were killed: never the output itself, nor a running build's."""
    prefix = f".{out_dir.name}{_STAGING}"
    _restore_moved_output(out_dir, prefix)
    for stale in sorted(out_dir.parent.glob(prefix + "*")):
        ours = (stale / MARKER).is_file() or (stale / _STAGING_MARKER).is_file()
        if stale.is_dir() and ours and not _owner_alive(stale.name):
            shutil.rmtree(stale, ignore_errors=True)
    for stale in sorted(out_dir.parent.glob(f".{out_dir.name}{_EMPTYING}*")):  # its emptying was killed
        if stale.is_dir() and not _owner_alive(stale.name):
            shutil.rmtree(stale, ignore_errors=True)


def _restore_moved_output(out_dir: Path, prefix: str) -> None:
    """A build killed between the two renames of the fallback swap left the old output aside."""
    if out_dir.exists() or not out_dir.parent.is_dir():
        return
    for old in sorted(out_dir.parent.glob(prefix + "old-*")):
        if (old / MARKER).is_file() and not _owner_alive(old.name):
            os.rename(old, out_dir)
            return


def _owner_alive(name: str) -> bool:
    """Whether the build whose pid ends a staging folder's name still runs."""
    pid = name.rsplit("-", 1)[-1]
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive, and not ours to touch
        return True
    return True


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories atomically (Linux renameat2); False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def _fsync_tree_root(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
