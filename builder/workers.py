"""Process pools for the two CPU-bound stages, used only where they pay.

Work is cut into ordered chunks and results are put back in input order, so
the output is the same whatever the number of workers. Workers are forked
(where the system can) so they inherit the loaded site instead of receiving it
pickled.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Sequence

# Below these sizes starting processes costs more than it saves. BUILDER_PARALLEL_MIN=0 forces
# pools at any size (tests use it to compare worker counts on a small site).
_SCALE = float(os.environ.get("BUILDER_PARALLEL_MIN", "1"))
MIN_MARKDOWN_BYTES = int(2_000_000 * _SCALE)
MIN_PAGES = int(400 * _SCALE)


def release_freed_memory() -> None:
    """Give memory freed so far back to the system before forking workers.

    A forked worker's resident size starts at its parent's, and glibc keeps
    freed small blocks (the parsed-source memo, read files) in the process.
    A no-op where there is no glibc.
    """
    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


@contextmanager
def heap_frozen() -> Iterator[None]:
    """Keep the objects alive now out of the garbage collector's way until the block ends.

    A build's model (hundreds of thousands of objects) lives to its end, yet
    every full collection walked it again (a quarter of planning, at 3,000
    articles). Forked workers inherit the frozen state, so their
    collections no longer touch, and copy, the memory pages they share with
    this process.

    Collections are also paused in this process until the block ends: what it
    makes there (the page plan, the records, the sitemap) lives to the end as
    well, and collections walking it took 1.5 s of a one-article edit at 30,000
    articles. Workers collect as before (``_collecting``): rendering is where
    cyclic garbage comes from.
    """
    gc.collect()
    gc.freeze()
    was_collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_collecting:
            gc.enable()
        gc.unfreeze()  # in-process callers (tests, the preview) build again and again


def _collecting() -> None:
    """A forked worker's start: collections on, whatever the parent paused (``heap_frozen``)."""
    gc.enable()


def default_jobs() -> int:
    return os.cpu_count() or 1


def fork_context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def chunks(count: int, jobs: int, per_worker: int = 24) -> list[range]:
    """Contiguous index ranges, many per worker so that no worker waits long for the last one."""
    if count == 0:
        return []
    size = max(1, -(-count // (jobs * per_worker)))
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


def run_chunks(function: Callable[[range], Any], count: int, jobs: int,
               meanwhile: Callable[[], None] | None = None) -> list[Any]:
    """``function(chunk)`` for every chunk of ``range(count)``, in order, over ``jobs`` processes.

    ``function`` must be a module-level function; with fork it sees the parent's state as it
    was when the pool started. ``meanwhile()`` runs in this process while the workers work
    (after them without workers).
    """
    parts = chunks(count, jobs)
    if jobs <= 1 or len(parts) <= 1:
        results = [function(part) for part in parts]
        if meanwhile is not None:
            meanwhile()
        return results
    if not gc.isenabled():  # within heap_frozen: what was made since (the page plan) is frozen too, so
        gc.freeze()         # the workers' collections neither walk it nor copy its memory pages
    with ProcessPoolExecutor(max_workers=jobs, mp_context=fork_context(), initializer=_collecting) as pool:
        pending = pool.map(function, parts)  # every chunk submitted, the workers forked
        if meanwhile is not None:
            meanwhile()
        return list(pending)


def map_ordered(function: Callable[[Any], Any], items: Sequence[Any], jobs: int) -> list[Any]:
    """``[function(x) for x in items]`` over ``jobs`` processes, keeping the order."""
    if jobs <= 1 or len(items) <= 1:
        return [function(item) for item in items]
    size = max(1, -(-len(items) // (jobs * 8)))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=fork_context(), initializer=_collecting) as pool:
        return list(pool.map(function, items, chunksize=size))


def start_detached(script: str, *args: str) -> bool:
    """Start ``python -c script args`` in a session of its own and do not wait for it (deletions
    that must not hold a build up); False when it could not start."""
    try:
        subprocess.Popen([sys.executable, "-c", script, *args], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        return False
    return True
