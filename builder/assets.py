"""Files under assets/: published with content-hashed names, looked up by logical path."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from builder.errors import BuildError
from builder.file_tree import NOT_UTF8, printable, undecodable

ASSETS_DIR = "assets"


@dataclass
class AssetMap:
    """Logical path (``css/site.css``) -> published path (``assets/css/site.3f2a9c1b.css``)."""

    base_path: str
    published: dict[str, str] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)

    def url(self, logical: str) -> str:
        """Site-absolute URL of an asset; KeyError names a missing one."""
        try:
            return self.base_path + self.published[logical]
        except KeyError:
            raise KeyError(f"asset '{logical}' not found under {ASSETS_DIR}/") from None


def hashed_name(logical: str, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()[:10]
    path = PurePosixPath(logical)
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


def collect_assets(root: Path, base_path: str) -> AssetMap:
    """Hash every file under assets/ (sorted, so names are stable)."""
    assets = AssetMap(base_path)
    folder = root / ASSETS_DIR
    if not folder.is_dir():
        return assets
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
        if undecodable(str(path)):
            raise BuildError(printable(path.relative_to(root).as_posix()), 1, NOT_UTF8)
        if not path.resolve().is_relative_to(root.resolve()):
            raise BuildError(path.relative_to(root).as_posix(), 1, "this asset is a symbolic link to a "
                             "place outside the site folder; copy the file into the site instead")
        logical = path.relative_to(folder).as_posix()
        assets.published[logical] = f"{ASSETS_DIR}/{hashed_name(logical, path.read_bytes())}"
        assets.sources[logical] = path
    return assets
