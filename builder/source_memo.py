"""Parsed content files remembered by their bytes, so an unchanged file is not parsed again.

Reading front matter and directory entries (YAML with line numbers, then the
field checks) was the largest step of a warm build after rendering: about 3 s
for 4,500 files, all but a few unchanged. A file's parse depends only on its
bytes, its place (path, language, key) and the builder's code, so the result
is kept, pickled, under a digest of those; one cache entry holds them all.
Only successful parses are kept: a file with an error is read, and reported,
every time.
"""
from __future__ import annotations

import pickle
from typing import Any, Callable

from builder.cache import BuildCache, builder_version, digest

NAMESPACE = "sources"


class SourceMemo:
    def __init__(self, cache: BuildCache | None) -> None:
        self.cache = cache if cache is not None and cache.enabled else None
        # The whole builder's version: parsing spans several modules.
        self.key = digest("parsed sources", builder_version()) if self.cache else ""
        self.old: dict[str, tuple[str, bytes]] = self._load()
        self.new: dict[str, tuple[str, bytes]] = {}

    def _load(self) -> dict[str, tuple[str, bytes]]:
        data = self.cache.get(NAMESPACE, self.key) if self.cache else None
        try:
            return pickle.loads(data) if data else {}
        except Exception:  # a damaged entry: parse everything again
            return {}

    def parse(self, shown: str, place: str, data: bytes, parse: Callable[[], Any],
              slim: Callable[[Any], Any] = lambda result: result,
              restore: Callable[[Any], Any] = lambda result: result) -> Any:
        """``parse()``'s result for this file, from memory when its bytes and place are unchanged.

        ``slim`` drops from what is kept the parts ``restore`` can take from the
        bytes again (a Markdown body: most of the size, and the file is read anyway).
        """
        if self.cache is None:
            return parse()
        key = digest(place, data)
        known = self.old.get(shown)
        if known is not None and known[0] == key:
            try:
                result = restore(pickle.loads(known[1]))  # a fresh object: later steps change theirs
            except Exception:
                result = None
            if result is not None:
                self.new[shown] = known
                return result
        result = parse()
        self.new[shown] = (key, pickle.dumps(slim(result), protocol=pickle.HIGHEST_PROTOCOL))
        return result

    def save(self) -> None:
        """Keep the parses of this reading (files gone since are dropped)."""
        if self.cache is not None and self.new != self.old:
            self.cache.put(NAMESPACE, self.key, pickle.dumps(self.new, protocol=pickle.HIGHEST_PROTOCOL))
