"""The fixture site's whole output equals tests/golden/site/ (regenerate: `make golden`)."""
from __future__ import annotations

import difflib

from golden import GOLDEN, build_fixture, golden_files


def test_fixture_site_output_matches_the_golden_copy(tmp_path):
    actual = golden_files(build_fixture(tmp_path))
    expected = golden_files(GOLDEN)
    assert sorted(actual) == sorted(expected), "files differ; run `make golden` if intended"
    for rel, data in expected.items():
        if actual[rel] != data:
            diff = "\n".join(difflib.unified_diff(
                data.decode("utf-8", "replace").splitlines(), actual[rel].decode("utf-8", "replace").splitlines(),
                f"golden/{rel}", f"built/{rel}", lineterm="", n=2))
            raise AssertionError(f"{rel} differs from the golden copy (`make golden` if intended):\n{diff}")
