"""YAML reading that remembers line numbers and avoids YAML 1.1 surprises.

PyYAML follows YAML 1.1, where an unquoted ``no`` is ``false`` (the "Norway
problem") and ``2019-03-25`` silently becomes a date. We resolve only
``true``/``false`` as booleans, keep dates as text for our own checked parsing,
refuse duplicate keys, and hand back dicts and lists that know their lines.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from builder.errors import BuildError

try:  # the C loader is several times faster; fall back where libyaml is absent
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader

_BOOL = "tag:yaml.org,2002:bool"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class LineDict(dict):
    """A mapping from YAML with the line of itself and of each key."""

    line: int = 1

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        """Line of ``key`` when present, else of the mapping itself."""
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence from YAML with the line of itself and of each item."""

    line: int = 1

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _KeyProblem(Exception):
    """A key-level problem found while building a mapping (0-based lines)."""

    def __init__(self, line: int, message: str, first: int | None = None) -> None:
        super().__init__(message)
        self.line, self.message, self.first = line, message, first


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """YAML 1.2-like scalars with line-aware containers."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL, _TIMESTAMP)]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise _KeyProblem(key_node.start_mark.line, "a key must be plain text")
        if key in result:
            raise _KeyProblem(
                key_node.start_mark.line, f"duplicate key '{key}'", result.key_lines[key] - 1
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def load_yaml(text: str, path: str | Path, first_line: int = 1) -> Any:
    """Parse ``text`` (which starts at ``first_line`` of ``path``) or raise BuildError."""
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - our loader is a SafeLoader
    except _KeyProblem as exc:
        message = exc.message
        if exc.first is not None:
            message += f" (first given at line {exc.first + first_line})"
        raise BuildError(path, exc.line + first_line, message) from None
    except yaml.MarkedYAMLError as exc:
        line, message = _describe_yaml_error(exc, text, first_line)
        raise BuildError(path, line, message) from None
    except yaml.reader.ReaderError as exc:
        # The reader reports a position in its own units; the character itself is unambiguous.
        found = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        line = text.count("\n", 0, found) + first_line if found >= 0 else first_line
        shown = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise BuildError(path, line, f"invalid YAML: the invisible control character {shown} is not "
                         "allowed; delete it") from None
    except RecursionError:  # hundreds of nested brackets: PyYAML builds them recursively
        raise BuildError(path, first_line, "invalid YAML: lists or mappings are nested too deeply; "
                         "write the value flat") from None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        raise BuildError(path, first_line, f"invalid YAML: {exc}") from None
    if first_line != 1:
        _shift_lines(data, first_line - 1)
    return data


def _describe_yaml_error(exc: yaml.MarkedYAMLError, text: str, first_line: int) -> tuple[int, str]:
    """File line and message; the line never lies past the text, where an author can't look."""
    mark = exc.problem_mark or exc.context_mark
    last_line = max(text.count("\n") - (1 if text.endswith("\n") else 0), 0)
    line = min(mark.line if mark else 0, last_line)
    message = f"invalid YAML: {exc.problem or exc.context}"
    opened = exc.context_mark
    if exc.problem and exc.context and opened is not None and opened.line != line:
        message += f" ({exc.context} that starts at line {opened.line + first_line})"
    return line + first_line, message


def _shift_lines(data: Any, offset: int, seen: set[int] | None = None) -> None:
    """Make lines count from the top of the file, not of the YAML block."""
    seen = set() if seen is None else seen
    if id(data) in seen:  # YAML aliases share one object: shift it once, walk it once
        return
    if isinstance(data, LineDict):
        seen.add(id(data))
        data.line += offset
        data.key_lines = {k: v + offset for k, v in data.key_lines.items()}
        for value in data.values():
            _shift_lines(value, offset, seen)
    elif isinstance(data, LineList):
        seen.add(id(data))
        data.line += offset
        data.item_lines = [v + offset for v in data.item_lines]
        for value in data:
            _shift_lines(value, offset, seen)
