"""Missing browser or checkers: a loud skip on a laptop, a failure under CI."""
from __future__ import annotations

import pytest

import visitor


def test_missing_chromium_skips_loudly_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(visitor, "CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(pytest.skip.Exception, match="CHROMIUM AT /NONEXISTENT/CHROMIUM NOT AVAILABLE"):
        visitor.require_chromium()


def test_missing_chromium_fails_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    monkeypatch.setattr(visitor, "CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(pytest.fail.Exception, match="did NOT run"):
        visitor.require_chromium()


def test_missing_checker_fails_under_ci(monkeypatch, tmp_path):
    monkeypatch.setenv("CI", "true")
    monkeypatch.setattr(visitor, "REPO", tmp_path)
    with pytest.raises(pytest.fail.Exception, match="make tools"):
        visitor.require_file(tmp_path / "node_modules/axe-core/axe.min.js")
