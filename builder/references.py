"""Checks of ids that point elsewhere: themes, clusters, ecosystems, relations, images."""
from __future__ import annotations

from pathlib import Path

from builder.config import SiteConfig
from builder.content import Content, RawItem
from builder.ecosystems import ecosystem_labels
from builder.errors import Diagnostics
from builder.images import image_size
from builder.schema import closest

ASSETS_DIR = "assets"


def check_references(config: SiteConfig, content: Content, diagnostics: Diagnostics) -> None:
    """Every id an item names must exist; each problem is reported where it is written."""
    entry_ids = sorted({i.key for i in content.items if i.kind == "entry"})
    theme_ids = sorted({t.id for t in content.themes})
    ecosystems = sorted(ecosystem_labels())
    for item in content.items:
        _check_ids(item, "clusters", entry_ids, "directory entry", diagnostics)
        _check_ids(item, "themes", theme_ids, "theme", diagnostics)
        _check_ids(item, "ecosystems", ecosystems, "EU industrial ecosystem", diagnostics)
        _check_relations(item, entry_ids, diagnostics)
        _check_image(config, item, diagnostics)
    _check_theme_labels(config, content, theme_ids, diagnostics)


# What to say when an unknown id resembles no known one.
_NO_GUESS = {
    "clusters": "; it needs a file content/<lang>/directory/{value}.yaml",
    "themes": "; add it to content/<lang>/themes.yaml",
    "ecosystems": "; valid ids are: {known}",
}


def _check_ids(item: RawItem, field: str, known: list[str], what: str, diagnostics: Diagnostics) -> None:
    if field not in item.lines:  # inherited values are checked where they are written
        return
    for index, value in enumerate(item.fields.get(field, [])):
        if value not in known:
            hint = _hint(value, known, _NO_GUESS[field])
            diagnostics.error(item.source, _line_of(item, field, index),
                              f"field '{field}': unknown {what} '{value}'{hint}")


def _check_relations(item: RawItem, entry_ids: list[str], diagnostics: Diagnostics) -> None:
    if "relations" not in item.lines:
        return
    for index, relation in enumerate(item.fields.get("relations", [])):
        target, line = relation.get("target"), _line_of(item, "relations", index)
        if target == item.key:
            diagnostics.error(item.source, line, "an entry cannot relate to itself")
        elif target is not None and target not in entry_ids:
            hint = _hint(target, entry_ids, _NO_GUESS["clusters"])
            diagnostics.error(item.source, line, f"relation '{relation.get('type')}': target '{target}' "
                              f"is not a directory entry{hint}")


def _hint(value: str, known: list[str], otherwise: str) -> str:
    guess = closest(value, known)
    if guess:
        return f"; did you mean '{guess}'?"
    return otherwise.format(value=value, known=", ".join(known))


def _line_of(item: RawItem, field: str, index: int) -> int:
    lines = item.item_lines.get(field, [])
    return lines[index] if index < len(lines) else item.lines.get(field, item.line)


def _check_image(config: SiteConfig, item: RawItem, diagnostics: Diagnostics) -> None:
    image = item.fields.get("image")
    if not image:
        return
    line = item.lines.get("image", item.line)
    if "image" in item.lines:
        folder = (config.root / ASSETS_DIR).resolve()
        path = (folder / image).resolve()  # an absolute path would replace the folder
        if image.startswith(("/", "\\")) or ".." in image.split("/"):
            diagnostics.error(item.source, line, f"image '{image}' must be a path inside {ASSETS_DIR}/, "
                              "such as images/turbine.jpg")
        elif not path.is_relative_to(folder) or not path.is_file():
            diagnostics.error(item.source, line, f"image '{image}' not found under {ASSETS_DIR}/")
        else:
            _check_image_size(path, item.source, line, diagnostics)
    if not item.fields.get("image_alt"):
        diagnostics.error(item.source, line, "an image needs alternative text: add 'image_alt' "
                          "describing it in this language")


def _check_image_size(path: Path, source: str, line: int, diagnostics: Diagnostics) -> None:
    """Pages give every image its width and height, so its size must be readable."""
    try:
        image_size(path)
    except ValueError as exc:
        diagnostics.error(source, line, str(exc))


def _check_theme_labels(config: SiteConfig, content: Content, theme_ids: list[str],
                        diagnostics: Diagnostics) -> None:
    labelled = {(t.lang, t.id) for t in content.themes}
    for code in config.codes:
        for theme_id in theme_ids:
            if (code, theme_id) not in labelled:
                diagnostics.warn(f"content/{code}/themes.yaml", 1,
                                 f"theme '{theme_id}' has no label in '{code}'")
