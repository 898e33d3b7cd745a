"""Every file under a folder, with its path relative to a root as a plain string.

Both ends of the no-change check walk thousands of files: the site's inputs
and the output it compares with its manifest. ``os.walk`` with ``relpath``
and ``pathlib`` spent most of that check's time building and taking apart
paths (0.23 s of a 0.5 s no-change build at 3,000 articles); here a relative
path is its folder's prefix plus the name, and the directory listing's file
types tell folders from files without a system call each.

A name that is not UTF-8 (Linux passes such bytes on as they are) cannot go
into a URL or a digest; ``undecodable`` finds it, so that the build can name
the file instead of failing with a traceback.
"""
from __future__ import annotations

import os
from typing import Iterator


class LinkedFolder(Exception):
    """A folder in the tree is a symbolic link, whose target may lie outside what is walked."""


def walk_files(folder: str, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(``prefix`` + path relative to ``folder``, full path) of every file, names in sorted order,
    a folder's files before its subfolders'.

    A missing ``folder`` holds nothing; any other error is raised (OSError), as
    is LinkedFolder for a symbolic link to a folder.
    """
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except FileNotFoundError:
        return
    folders = []
    for entry in entries:
        if entry.is_dir():
            if entry.is_symlink():
                raise LinkedFolder(entry.path)
            folders.append(entry)
        else:
            yield prefix + entry.name, entry.path
    for entry in folders:
        yield from walk_files(entry.path, f"{prefix}{entry.name}/")


NOT_UTF8 = ("the file name is not valid UTF-8 (shown here with � for the bytes that are not); "
            "rename it, for example with letters, digits and hyphens only")


def undecodable(path: str) -> bool:
    """True when ``path`` holds bytes that are not UTF-8 (the system hands them over as surrogates).

    Such a name cannot go into a URL, a digest or a message as it is.
    """
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def printable(path: str) -> str:
    """``path`` with each byte that is not UTF-8 shown as U+FFFD."""
    return os.fsencode(path).decode("utf-8", "replace")
