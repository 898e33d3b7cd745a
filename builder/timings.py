"""Wall-clock time per build phase, printed by ``builder build --timings``.

The benchmark notes quote these phases; keeping the measurement in the
builder means a profile is not needed to see where a build spends its time.
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Iterator

_phases: list[tuple[str, float]] = []
_counts: dict[str, int] = {}


@contextmanager
def phase(name: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        _phases.append((name, time.perf_counter() - started))


def count(name: str, value: int) -> None:
    """A number reported after the phases (pages rendered, pages taken from the last output)."""
    _counts[name] = _counts.get(name, 0) + value


def reset() -> None:
    """Forget earlier builds' phases (`builder serve` builds again and again in one process)."""
    _phases.clear()
    _counts.clear()


def report() -> str:
    """One line per phase in the order they ended, nested phases before their parent."""
    width = max((len(name) for name in [*(name for name, _ in _phases), *_counts]), default=0)
    return "\n".join([*(f"{name:<{width}}  {seconds:7.3f} s" for name, seconds in _phases),
                      *(f"{name:<{width}}  {value:7d}" for name, value in _counts.items())])
