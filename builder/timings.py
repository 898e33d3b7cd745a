"""Wall-clock and CPU time per build phase, printed by ``builder build --timings``.

The benchmark notes quote these phases; keeping the measurement in the
builder means a profile is not needed to see where a build spends its time.
CPU time is this process's plus that of the child processes (workers,
Pagefind) that ended during the phase: a phase using both cores shows about
twice its wall time. Phases that run side by side (search bundles) each
count what ended while they ran.
"""
from __future__ import annotations

import os
import time
from contextlib import contextmanager
from typing import Iterator

_phases: list[tuple[str, float, float]] = []
_counts: dict[str, int] = {}


@contextmanager
def phase(name: str) -> Iterator[None]:
    started, cpu = time.perf_counter(), _cpu_seconds()
    try:
        yield
    finally:
        _phases.append((name, time.perf_counter() - started, _cpu_seconds() - cpu))


def _cpu_seconds() -> float:
    used = os.times()
    return used.user + used.system + used.children_user + used.children_system


def count(name: str, value: int) -> None:
    """A number reported after the phases (pages rendered, pages taken from the last output)."""
    _counts[name] = _counts.get(name, 0) + value


def reset() -> None:
    """Forget earlier builds' phases (`builder serve` builds again and again in one process)."""
    _phases.clear()
    _counts.clear()


def report() -> str:
    """One line per phase in the order they ended, nested phases before their parent: wall, then CPU."""
    width = max((len(name) for name in [*(name for name, *_ in _phases), *_counts]), default=0)
    return "\n".join([*(f"{name:<{width}}  {seconds:7.3f} s  {cpu:7.3f} s CPU" for name, seconds, cpu in _phases),
                      *(f"{name:<{width}}  {value:7d}" for name, value in _counts.items())])
