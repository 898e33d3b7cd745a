"""Shared test helpers: a fresh copy of the fixture site, and the real CLI as a subprocess."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_SITE = FIXTURES / "site"
# Every test builds as if it ran on this day, so results never depend on today.
FIXED_NOW = "2024-01-01T12:00:00+01:00"


def copy_site(source: Path, target: Path) -> Path:
    """A buildable site: the given content plus the repository's templates, assets, locales."""
    shutil.copytree(source, target)
    for shared in ("templates", "assets", "locales"):
        if not (target / shared).exists():
            shutil.copytree(REPO / shared, target / shared)
    return target


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A fresh, writable copy of tests/fixtures/site."""
    return copy_site(FIXTURE_SITE, tmp_path / "site")


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run ``python -m builder ARGS`` as a real process."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "builder", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=300)
    return Run(proc.returncode, proc.stdout, proc.stderr)


def build_site(site_dir: Path, *extra: str, out: Path | None = None) -> Run:
    """``builder build`` of ``site_dir`` at the fixed test moment."""
    out = out or site_dir / "public"
    return run_cli("build", "--site", str(site_dir), "--out", str(out), "--now", FIXED_NOW, *extra)


@pytest.fixture
def built(site: Path) -> Path:
    """The fixture site, built; returns the output folder."""
    result = build_site(site)
    assert result.code == 0, result.err
    return site / "public"


@pytest.fixture(scope="session")
def example_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own example site, built once (with search) as visitors get it."""
    out = tmp_path_factory.mktemp("example") / "public"
    result = run_cli("build", "--site", str(REPO), "--out", str(out))
    assert result.code == 0, result.err
    return out


@pytest.fixture(scope="session")
def fixture_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site, built once for read-only tests (it has an untranslated article)."""
    site_dir = copy_site(FIXTURE_SITE, tmp_path_factory.mktemp("fixture") / "site")
    result = build_site(site_dir)
    assert result.code == 0, result.err
    return site_dir / "public"
