"""`--timings`: each phase's wall time and the CPU time it used, its child processes included."""
from __future__ import annotations

import re
import subprocess
import sys
import time

from builder import timings
from conftest import build_site

BUSY_CHILD = "import time\nend = time.process_time() + 0.4\nwhile time.process_time() < end: pass\n"


def _reported() -> dict[str, tuple[float, float]]:
    found = {}
    for line in timings.report().splitlines():
        match = re.match(r"^(.+?) +([\d.]+) s +([\d.]+) s CPU$", line)
        if match:
            found[match.group(1)] = (float(match.group(2)), float(match.group(3)))
    return found


def test_a_phase_counts_the_cpu_of_the_children_it_waited_for_and_not_its_waiting():
    timings.reset()
    with timings.phase("worker burns"):
        subprocess.run([sys.executable, "-c", BUSY_CHILD], check=True)
    with timings.phase("sleeping"):
        time.sleep(0.4)
    phases = _reported()
    assert phases["worker burns"][1] >= 0.35  # the child's CPU, though this process only waited
    wall, cpu = phases["sleeping"]
    assert wall >= 0.35 and cpu < 0.2


def test_the_build_reports_wall_and_cpu_for_its_phases(site):
    result = build_site(site, "--no-cache", "--no-search", "--timings")
    assert result.code == 0, result.err
    lines = [line for line in result.err.splitlines() if line.startswith(("read sources", "render and write pages"))]
    assert len(lines) == 2 and all(re.search(r" [\d.]+ s +[\d.]+ s CPU$", line) for line in lines), result.err
