"""External link check for `builder check --external`.

Polite by construction: hosts are checked in parallel, but the URLs of one
host one after another, each with a timeout. Results are kept for a day in
``.cache/links.json`` so that repeated checks do not hammer other sites.
"""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from builder.check import BrokenLink

CACHE_SECONDS = 24 * 60 * 60
USER_AGENT = "builder-link-check/1 (+https://github.com/)"
MAX_HOSTS_AT_ONCE = 8


def check_external(external: dict[str, set[str]], cache_file: Path, timeout: float = 10.0,
                   clock: Callable[[], float] = time.time) -> list[BrokenLink]:
    """Broken external links, one entry per (page, URL)."""
    cache = _load_cache(cache_file, clock())
    todo = sorted(url for url in external if url not in cache)
    by_host: dict[str, list[str]] = {}
    for url in todo:
        by_host.setdefault(urlsplit(url).netloc, []).append(url)
    with ThreadPoolExecutor(max_workers=MAX_HOSTS_AT_ONCE) as pool:
        for results in pool.map(lambda urls: [(u, probe(u, timeout)) for u in urls], by_host.values()):
            for url, problem in results:
                cache[url] = {"checked": clock(), "problem": problem}
    _save_cache(cache_file, cache)
    return [BrokenLink(page, url, cache[url]["problem"])
            for url in sorted(external) if cache[url]["problem"]
            for page in sorted(external[url])]


def probe(url: str, timeout: float) -> str:
    """'' when the URL answers with success, else what went wrong."""
    for method in ("HEAD", "GET"):  # some servers refuse HEAD
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout):
                return ""
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (403, 405, 501):
                continue
            return f"HTTP {exc.code} {exc.reason}"
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            return f"cannot connect: {reason}"
    return "no answer"


def _load_cache(path: Path, now: float) -> dict[str, dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {url: entry for url, entry in data.items()
            if isinstance(entry, dict) and now - float(entry.get("checked", 0)) < CACHE_SECONDS}


def _save_cache(path: Path, cache: dict[str, dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(cache, indent=1, sort_keys=True), encoding="utf-8")
    temporary.replace(path)
