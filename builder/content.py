"""Discover and parse content/<lang>/**: articles, directory entries, pages, themes.

Each file becomes a ``RawItem``: its checked fields with their lines, and the
Markdown it carries. Translation groups and inheritance are ``site``'s job.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any, Callable

from builder.config import SiteConfig
from builder.errors import BuildError, BuildErrors, Diagnostics
from builder.fields import ARTICLE, ENTRY, PAGE
from builder.file_tree import NOT_UTF8, printable, undecodable
from builder.schema import Spec, closest, validate
from builder.slugs import segment_problem
from builder.source_memo import SourceMemo
from builder.sources import decode_text, load_yaml_file, read_text, split_front_matter
from builder.yamlread import LineDict, LineList, load_yaml

CONTENT_DIR = "content"
KNOWN_ENTRIES = ("news", "directory", "pages", "themes.yaml")


@dataclass
class RawItem:
    """One content file in one language, checked field by field."""

    kind: str  # "article" | "entry" | "page"
    lang: str
    key: str  # translation key (articles), entry id, or page file name
    source: str  # path relative to the site folder, with '/'
    fields: dict[str, Any]
    lines: dict[str, int]
    markdown: str  # body (articles, pages) or description (entries)
    markdown_line: int
    line: int = 1  # first line of the fields
    item_lines: dict[str, list[int]] = field(default_factory=dict)  # list field -> line of each item
    head: str = ""  # the file's text before ``markdown``: equal heads mean only the body changed


@dataclass
class ThemeLabel:
    lang: str
    id: str
    label: str
    slug: str | None
    source: str
    line: int


@dataclass
class Content:
    """Everything read from content/, before translations are linked."""

    items: list[RawItem] = field(default_factory=list)
    themes: list[ThemeLabel] = field(default_factory=list)


def load_content(config: SiteConfig, diagnostics: Diagnostics, memo: SourceMemo | None = None,
                 on_item: Callable[[RawItem], None] | None = None) -> Content:
    """Read every content file; collect problems in ``diagnostics``.

    ``memo`` gives back the parse of files whose bytes did not change since it was saved.
    ``on_item`` is told of each item as soon as it is read (the build starts its Markdown).
    """
    root = config.root / CONTENT_DIR
    content = Content()
    memo = memo or SourceMemo(None)
    if not root.is_dir():
        diagnostics.error(CONTENT_DIR, 1, "the content folder is missing")
        return content
    for lang_dir in sorted(root.iterdir()):
        shown = f"{CONTENT_DIR}/{lang_dir.name}"
        if not lang_dir.is_dir():
            continue
        if not _inside_site(config, lang_dir, diagnostics):
            continue
        if lang_dir.name not in config.codes:
            diagnostics.error(f"{shown}/", 1, f"language '{lang_dir.name}' is not declared in "
                              f"site.yaml (languages: {', '.join(config.codes)}); add it there or "
                              "rename the folder")
            continue
        _load_language(config, lang_dir, content, diagnostics, memo, on_item)
    return content


def _load_language(config: SiteConfig, lang_dir: Path, content: Content, diagnostics: Diagnostics,
                   memo: SourceMemo, on_item: Callable[[RawItem], None] | None) -> None:
    lang = lang_dir.name
    for child in sorted(lang_dir.iterdir()):
        if child.name.startswith(".") or child.name in KNOWN_ENTRIES:
            continue
        guess = closest(child.name, list(KNOWN_ENTRIES))
        hint = f"; did you mean '{guess}'?" if guess else f"; expected: {', '.join(KNOWN_ENTRIES)}"
        diagnostics.error(_shown(config, child), 1, f"unexpected {'folder' if child.is_dir() else 'file'} "
                          f"in content/{lang}/{hint}")
    for path in _files(config, lang_dir / "news", ".md", diagnostics, recursive=True):
        key = str(PurePosixPath(path.relative_to(lang_dir / "news").as_posix()).with_suffix(""))
        _add(content, diagnostics, on_item, lambda: _remembered(
            memo, config, path, f"article|{lang}|{key}",
            lambda text: _read_markdown(config, path, "article", lang, key, ARTICLE, text)))
    for path in _files(config, lang_dir / "pages", ".md", diagnostics):
        _add(content, diagnostics, on_item, lambda: _remembered(
            memo, config, path, f"page|{lang}",
            lambda text: _read_markdown(config, path, "page", lang, path.stem, PAGE, text)))
    for path in _files(config, lang_dir / "directory", ".yaml", diagnostics):
        _add(content, diagnostics, on_item, lambda: _remembered(
            memo, config, path, f"entry|{lang}", lambda text: _read_entry(config, path, lang, text)))
    themes = lang_dir / "themes.yaml"
    if themes.is_file() and _inside_site(config, themes, diagnostics):
        try:
            content.themes.extend(_read_themes(config, themes, lang))
        except BuildError as exc:
            diagnostics.add(exc)


def _remembered(memo: SourceMemo, config: SiteConfig, path: Path, place: str, read) -> RawItem:
    """``read(text)`` of the file, or its remembered result when the bytes are the same."""
    shown = _shown(config, path)
    data = path.read_bytes()

    def with_body(raw: RawItem) -> RawItem:  # a Markdown file's body is the text after its head
        return replace(raw, markdown=decode_text(data, shown)[len(raw.head):]) if raw.head else raw

    return memo.parse(shown, place, data, lambda: read(decode_text(data, shown)),
                      slim=lambda raw: replace(raw, markdown="") if raw.head else raw, restore=with_body)


def _add(content: Content, diagnostics: Diagnostics, on_item: Callable[[RawItem], None] | None, read) -> None:
    try:
        item = read()
    except BuildError as exc:
        diagnostics.add(exc)
        return
    if item is not None:
        content.items.append(item)
        if on_item is not None:
            on_item(item)


def _shown(config: SiteConfig, path: Path) -> str:
    return path.relative_to(config.root).as_posix()


def _inside_site(config: SiteConfig, path: Path, diagnostics: Diagnostics) -> bool:
    """Refuse symbolic links that lead out of the site folder."""
    if path.resolve().is_relative_to(config.root.resolve()):
        return True
    what = "file" if path.is_file() else "folder"
    how = "is a symbolic link" if path.is_symlink() else "lies behind a symbolic link"
    diagnostics.error(_shown(config, path), 1, f"this {what} {how} to a place outside the site folder; "
                      f"copy the {what} into the site instead")
    return False


def _walk(config: SiteConfig, folder: Path, diagnostics: Diagnostics):
    """os.walk that follows symbolic links inside the site once and refuses those leading out."""
    seen = {folder.resolve()}
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=True):
        kept = []
        for name in sorted(d for d in dirnames if not d.startswith(".")):
            sub = Path(dirpath) / name
            if _inside_site(config, sub, diagnostics) and sub.resolve() not in seen:
                seen.add(sub.resolve())
                kept.append(name)
        dirnames[:] = kept
        yield dirpath, dirnames, filenames


def _files(config: SiteConfig, folder: Path, suffix: str, diagnostics: Diagnostics,
           recursive: bool = False) -> list[Path]:
    if not folder.is_dir():
        return []
    found = []
    if not _inside_site(config, folder, diagnostics):
        return []
    walker = _walk(config, folder, diagnostics) if recursive else [(str(folder), [], os.listdir(folder))]
    for dirpath, dirnames, filenames in walker:
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if undecodable(str(path)):
                if not name.startswith("."):
                    diagnostics.error(printable(_shown(config, path)), 1, NOT_UTF8)
                continue
            if path.is_symlink() and not path.exists():
                diagnostics.error(_shown(config, path), 1, "this file is a symbolic link to a file that "
                                  "does not exist")
                continue
            if name.startswith(".") or not path.is_file():
                continue
            if not name.endswith(suffix):
                diagnostics.warn(_shown(config, path), 1, f"ignored: only {suffix} files belong in "
                                 f"{folder.name}/")
                continue
            # The folder is inside the site (checked above), so only a link can lead out.
            if not path.is_symlink() or _inside_site(config, path, diagnostics):
                found.append(path)
    return sorted(found)


def _read_markdown(config: SiteConfig, path: Path, kind: str, lang: str, key: str, spec: Spec,
                   text: str) -> RawItem:
    shown = _shown(config, path)
    doc = split_front_matter(text, shown)
    fields = _checked(doc.meta, spec, shown)
    return RawItem(kind, lang, str(fields.get("translation_key", key)), shown, fields,
                   dict(doc.meta.key_lines), doc.body, doc.body_line, doc.meta.line, _item_lines(doc.meta),
                   text[:len(text) - len(doc.body)])


def read_body_edit(config: SiteConfig, raw: RawItem) -> RawItem | None:
    """``raw`` with the body now in its file, or None when more than the body changed (or it fails)."""
    if raw.kind not in ("article", "page"):
        return None
    try:
        text = read_text(config.root / raw.source, raw.source)
    except BuildError:
        return None
    if not text.startswith(raw.head):
        return None
    try:
        doc = split_front_matter(text, raw.source)
    except BuildError:
        return None
    if text[:len(text) - len(doc.body)] != raw.head:
        return None
    return replace(raw, markdown=doc.body)


def _read_entry(config: SiteConfig, path: Path, lang: str, text: str) -> RawItem:
    shown = _shown(config, path)
    problem = segment_problem(path.stem)
    if problem:  # the file name is the entry's URL segment
        raise BuildError(shown, 1, f"the file name '{path.stem}' is the entry's id and URL segment: it {problem}")
    data = load_yaml(text, shown)
    if not isinstance(data, LineDict):
        raise BuildError(shown, 1, "a directory entry must be YAML fields (name: value)")
    fields = _checked(data, ENTRY, shown)
    line = data.line_of("description")
    return RawItem("entry", lang, path.stem, shown, fields, dict(data.key_lines),
                   fields.get("description", ""), line + _block_offset(text, line), data.line,
                   _item_lines(data))


def _block_offset(text: str, line: int) -> int:
    """A block scalar's text (``|``, ``>``) starts on the line after its key; a plain one on it."""
    source = text.split("\n", line)[line - 1] if line >= 1 else ""
    value = source.partition(":")[2].strip()
    return 1 if not value or value[0] in "|>" else 0


def _item_lines(data: LineDict) -> dict[str, list[int]]:
    """Where each item of each list field is written, so messages can point at it."""
    return {key: list(value.item_lines) for key, value in data.items() if isinstance(value, LineList)}


def _checked(data: LineDict, spec: Spec, shown: str) -> dict[str, Any]:
    errors: list[BuildError] = []
    fields = validate(data, spec, shown, data.line, errors, defer_inherited=True)
    if errors:
        raise BuildErrors(errors)
    return fields


def _read_themes(config: SiteConfig, path: Path, lang: str) -> list[ThemeLabel]:
    shown = _shown(config, path)
    data = load_yaml_file(path, shown)
    if not isinstance(data, LineDict):
        raise BuildError(shown, 1, "themes.yaml must map theme ids to labels (offshore-wind: Offshore wind)")
    labels = []
    for theme_id, value in data.items():
        line = data.line_of(theme_id)
        if isinstance(value, LineDict):
            unknown = [k for k in value if k not in ("label", "slug")]
            if unknown or "label" not in value:
                raise BuildError(shown, line, f"theme '{theme_id}' must be a label or {{label: ..., slug: ...}}")
            label, slug = str(value["label"]), value.get("slug")
        elif isinstance(value, (str, int)) and not isinstance(value, bool):
            label, slug = str(value), None
        else:
            raise BuildError(shown, line, f"theme '{theme_id}' must have a label")
        if slug is not None and segment_problem(str(slug)):
            raise BuildError(shown, line, f"theme '{theme_id}': slug '{slug}' must be a single URL segment")
        labels.append(ThemeLabel(lang, str(theme_id), label, str(slug) if slug else None, shown, line))
    return labels
