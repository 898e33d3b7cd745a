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
        _check_ids(item, "themes", theme_ids, "theme (not in any themes.yaml)", diagnostics)
        _check_ids(item, "ecosystems", ecosystems, "EU industrial ecosystem", diagnostics)
        for index, relation in enumerate(item.fields.get("relations", []) if "relations" in item.lines else []):
            target = relation.get("target")
            if target is not None and target not in entry_ids:
                _unknown(item, "relations", target, entry_ids, "directory entry", diagnostics)
            elif target == item.key:
                diagnostics.error(item.source, item.lines["relations"], "an entry cannot relate to itself")
        _check_image(config, item, diagnostics)
    _check_theme_labels(config, content, theme_ids, diagnostics)


def _check_ids(item: RawItem, field: str, known: list[str], what: str, diagnostics: Diagnostics) -> None:
    if field not in item.lines:  # inherited values are checked where they are written
        return
    for value in item.fields.get(field, []):
        if value not in known:
            _unknown(item, field, value, known, what, diagnostics)


def _unknown(item: RawItem, field: str, value: str, known: list[str], what: str,
             diagnostics: Diagnostics) -> None:
    guess = closest(value, known)
    hint = f"; did you mean '{guess}'?" if guess else ""
    diagnostics.error(item.source, item.lines[field], f"field '{field}': unknown {what} '{value}'{hint}")


def _check_image(config: SiteConfig, item: RawItem, diagnostics: Diagnostics) -> None:
    image = item.fields.get("image")
    if not image:
        return
    line = item.lines.get("image", item.line)
    if "image" in item.lines:
        path = (config.root / ASSETS_DIR / image).resolve()
        if ".." in image.split("/") or not path.is_file():
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
