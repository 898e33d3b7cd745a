"""Reading source files as authors save them: UTF-8 with or without BOM, LF or CRLF."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.errors import BuildError
from builder.yamlread import LineDict, load_yaml


# Invisible characters HTML does not allow in text (tab, newline and form feed are spacing); a line
# break pasted from a word processor often arrives as U+000B. YAML already refuses them itself.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class FrontMatterDoc:
    """A Markdown file split into its YAML front matter and its body."""

    meta: LineDict
    body: str
    body_line: int  # line of the file where the body starts


def read_text(path: Path, shown: str) -> str:
    """Decode ``path`` as UTF-8 with normalised newlines; ``shown`` names it in errors."""
    return decode_text(path.read_bytes(), shown)


def decode_text(raw: bytes, shown: str) -> str:
    """The text of a file's bytes (UTF-8, a BOM dropped, newlines normalised); BuildError when not."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start]
        raise BuildError(
            shown, line,
            f"the file is not UTF-8: byte 0x{byte:02X} at line {line} cannot be read; "
            "save the file with UTF-8 encoding",
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise BuildError(shown, 1, "the file is empty")
    return text


def load_yaml_file(path: Path, shown: str) -> Any:
    """Read a whole YAML file (site.yaml, a directory entry, themes.yaml)."""
    return load_yaml(read_text(path, shown), shown)


def split_front_matter(text: str, shown: str) -> FrontMatterDoc:
    """Split ``---`` fenced YAML front matter from the Markdown body."""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise BuildError(shown, 1, "the file must start with front matter: a line '---', "
                         "YAML fields, and another line '---'")
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            break
    else:
        raise BuildError(shown, 1, "the front matter opened at line 1 is never closed: "
                         "add a line '---' after the last field")
    meta = load_yaml("\n".join(lines[1:index]), shown, first_line=2)
    if meta is None:
        meta = LineDict()
        meta.line = 1
    if not isinstance(meta, LineDict):
        raise BuildError(shown, 2, "the front matter must be YAML fields (name: value)")
    body = "\n".join(lines[index + 1:])
    control = _CONTROL.search(body)
    if control:
        raise BuildError(shown, index + 2 + body.count("\n", 0, control.start()),
                         f"the invisible control character U+{ord(control.group()):04X} is not allowed in "
                         "the text; delete it (pasted text often brings it along)")
    return FrontMatterDoc(meta, body, index + 2)
