"""Incremental builds for `builder serve`: re-render only pages whose inputs changed.

Every rebuild reads and checks the whole site (that is cheap and keeps every
error message exactly as in `builder build`), then plans the same pages as a
full build. A page is rendered again only when its inputs changed: the
template context it receives (which holds everything it shows: the item, its
translations' switcher, the lists it carries) or the rendering environment
(templates, UI strings, assets, site.yaml). A file is written only when its
bytes changed, and files no build produces any more are removed. The result is
byte-identical to a full build of the same input (tests/test_preview.py).
"""
from __future__ import annotations

import hashlib
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.build import BuildResult, _write_site, load_site
from builder.config import CONFIG_FILE
from builder.errors import BuildError, BuildFailed, Diagnostics
from builder.i18n import LOCALES_DIR
from builder.output import MARKER, OutputError, _MARKER_TEXT, check_output_folder
from builder.render import TEMPLATES_DIR, Renderer
from builder.site import BuildOptions

PREVIEW_DIR = Path(".cache") / "preview"


@dataclass
class RenderMemory:
    """Rendered HTML by input fingerprint; fingerprints name their inputs, so entries never go stale."""

    pages: dict[str, str] = field(default_factory=dict)
    used: dict[str, str] = field(default_factory=dict)
    rendered: int = 0


def digest_files(root: Path, names: tuple[str, ...]) -> str:
    """One fingerprint for the files under ``names`` (folders or files) of ``root``."""
    hasher = hashlib.sha256()
    for name in names:
        base = root / name
        paths = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for path in paths:
            hasher.update(path.relative_to(root).as_posix().encode() + b"\0")
            hasher.update(hashlib.sha256(path.read_bytes()).digest())
    return hasher.hexdigest()


class RememberingRenderer(Renderer):
    """A Renderer that returns the remembered HTML when a page's inputs are unchanged."""

    def __init__(self, config, ui, assets, memory: RenderMemory, preview: bool,
                 environments: dict[str, dict]) -> None:
        super().__init__(config, ui, assets)
        self.memory = memory
        self.preview = preview
        files = digest_files(config.root, (TEMPLATES_DIR, LOCALES_DIR, CONFIG_FILE))
        self.environment_key = f"{files}|{sorted(assets.published.items())!r}|{preview}|{config!r}"
        # Compiled templates stay valid while nothing they depend on changed: reuse them.
        if self.environment_key not in environments:
            environments.clear()
        self._envs = environments.setdefault(self.environment_key, {})

    def render(self, template: str, locale: str, context: dict[str, Any]) -> str:
        key = self._fingerprint(template, locale, context)
        html = self.memory.pages.get(key) if key else None
        if html is None:
            html = super().render(template, locale, context)
            self.memory.rendered += 1
        if key:
            self.memory.used[key] = html
        return html

    def _fingerprint(self, template: str, locale: str, context: dict[str, Any]) -> str | None:
        """A digest of everything the page shows; None when the context cannot be trusted to say."""
        # repr covers every value a template can see when the context is data: frozen
        # dataclasses, lists, dicts and Markup print their full contents. An object printed
        # by address (a function, a plain object) hides its contents: always render those.
        text = f"{self.environment_key}|{template}|{locale}|{context!r}"
        if " at 0x" in text:
            return None
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class IncrementalWriter:
    """The OutputWriter interface, writing only files whose bytes changed."""

    def __init__(self, out_dir: Path, on_disk: dict[str, str]) -> None:
        self.out_dir = out_dir.resolve()
        self.on_disk = on_disk  # path -> sha256 of what is there now; updated as we write
        self.written: dict[str, str] = {}
        self.changed: list[str] = []
        self.write(MARKER, _MARKER_TEXT, "builder")

    def write(self, rel_path: str, data: str | bytes, source: str) -> None:
        target = self._target(rel_path, source)
        payload = data.encode("utf-8") if isinstance(data, str) else data
        digest = hashlib.sha256(payload).hexdigest()
        if self.on_disk.get(rel_path) == digest and target.is_file():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(payload)
        os.replace(temporary, target)  # the server never sees half a file
        self.on_disk[rel_path] = digest
        self.changed.append(rel_path)

    def copy(self, rel_path: str, source_file: Path, source: str) -> None:
        self.write(rel_path, source_file.read_bytes(), source)

    def _target(self, rel_path: str, source: str) -> Path:
        target = (self.out_dir / rel_path).resolve()
        if not target.is_relative_to(self.out_dir) or target == self.out_dir:
            raise BuildError(source, 1, f"refusing to write outside the output folder: {rel_path}")
        if rel_path in self.written:
            raise BuildError(source, 1, f"two pages resolve to the output file {rel_path}: "
                             f"{self.written[rel_path]} and {source}")
        self.written[rel_path] = source
        return target

    def remove_stale(self) -> list[str]:
        """Delete what the previous build wrote and this one did not."""
        stale = sorted(set(self.on_disk) - set(self.written))
        for rel_path in stale:
            (self.out_dir / rel_path).unlink(missing_ok=True)
            del self.on_disk[rel_path]
            _remove_empty_parents(self.out_dir, (self.out_dir / rel_path).parent)
        return stale


def _remove_empty_parents(root: Path, folder: Path) -> None:
    while folder != root and folder.is_relative_to(root) and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


@dataclass
class RebuildReport:
    result: BuildResult
    rendered: int  # pages rendered again
    changed: list[str]  # files written
    removed: list[str]  # files deleted

    def summary(self) -> str:
        total = sum(self.result.pages.values())
        return (f"rebuilt {total} pages ({self.rendered} re-rendered, {len(self.changed)} files "
                f"written, {len(self.removed)} removed) in {self.result.seconds:.2f} s")


class PreviewBuilder:
    """Builds the site into the preview folder, incrementally after the first time."""

    def __init__(self, site_dir: Path, out_dir: Path, options: BuildOptions,
                 preview: bool = True, base_url: str | None = None) -> None:
        self.site_dir = site_dir.resolve()
        self.out_dir = out_dir.resolve()
        self.options = options
        self.preview = preview
        self.base_url = base_url
        self.memory = RenderMemory()
        self.environments: dict[str, dict] = {}
        self.on_disk: dict[str, str] = {}
        self._start_empty()

    def _start_empty(self) -> None:
        try:
            check_output_folder(self.out_dir, self.site_dir, force=False)
        except OutputError as exc:
            raise BuildFailed([BuildError(str(self.out_dir), 1, str(exc)).problem]) from None
        shutil.rmtree(self.out_dir, ignore_errors=True)
        self.out_dir.mkdir(parents=True)

    def rebuild(self) -> RebuildReport:
        """Bring the preview folder up to date; raise BuildFailed and keep the old pages on errors."""
        started = time.perf_counter()
        diagnostics = Diagnostics()
        site = load_site(self.site_dir, self.options, diagnostics, self.base_url)
        result = BuildResult(schedule=site.schedule)
        writer = IncrementalWriter(self.out_dir, self.on_disk)
        memory = RenderMemory(pages=self.memory.pages)

        def make_renderer(config, ui, assets):
            return RememberingRenderer(config, ui, assets, memory, self.preview, self.environments)

        _write_site(site, writer, diagnostics, result, make_renderer=make_renderer)
        diagnostics.raise_if_failed()
        removed = writer.remove_stale()
        self.memory = RenderMemory(pages=memory.used)  # forget pages no longer produced
        result.sources = dict(writer.written)
        result.warnings = sorted(set(diagnostics.warnings))
        result.seconds = time.perf_counter() - started
        return RebuildReport(result, memory.rendered, writer.changed, removed)
