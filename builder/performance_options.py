"""Command-line options shared by the commands that build: cache and worker processes."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from builder.cache import DEFAULT_FOLDER
from builder.workers import default_jobs


def add_performance_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cache-dir", type=Path, default=None,
                        help=f"build cache folder (default: SITE/{DEFAULT_FOLDER}); never inside the output")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the build cache")
    parser.add_argument("--jobs", type=_positive, default=None,
                        help="worker processes for Markdown and rendering (default: the number of CPUs)")
    parser.add_argument("--timings", action="store_true", help="print the time each build phase took")


def performance_options(args: argparse.Namespace) -> dict[str, Any]:
    """BuildOptions fields from the parsed options."""
    cache_dir = None if args.no_cache else (args.cache_dir or Path(args.site) / DEFAULT_FOLDER)
    return {"cache_dir": cache_dir, "jobs": args.jobs or default_jobs()}


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value
