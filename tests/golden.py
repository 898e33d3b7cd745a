"""Golden output of the fixture site: build it, compare with tests/golden/site/.

Regenerate after an intended change of the output with `make golden`
(or `python tests/golden.py`), then review the diff in git before committing.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import FIXTURE_SITE, build_site, copy_site  # noqa: E402

GOLDEN = Path(__file__).resolve().parent / "golden" / "site"
# Generated files whose bytes are covered by their own tests, not by the golden copy.
SKIPPED_SUFFIXES = (".css", ".js", ".png", ".svg")
SKIPPED_DIRS = ("pagefind",)


def build_fixture(workdir: Path) -> Path:
    site = copy_site(FIXTURE_SITE, workdir / "site")
    result = build_site(site)
    if result.code != 0:
        raise RuntimeError(result.err)
    return site / "public"


# Stored with this suffix so that code tools do not take the copies for source files.
STORED_SUFFIX = ".golden"


def golden_files(folder: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix().removesuffix(STORED_SUFFIX)
        if rel.endswith(SKIPPED_SUFFIXES) or rel.split("/")[0] in SKIPPED_DIRS:
            continue
        files[rel] = path.read_bytes()
    return files


def regenerate() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        output = build_fixture(Path(tmp))
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, data in golden_files(output).items():
            target = GOLDEN / (rel + STORED_SUFFIX)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    print(f"regenerated {GOLDEN}")


if __name__ == "__main__":
    regenerate()
