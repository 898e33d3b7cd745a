"""Files served beside the HTML pages: Atom feeds and the events' iCalendar files.

They are made from the site model alone (no template reaches them), so the
build cache keeps them by what page contexts are made from
(``model_cache.contexts_key``: the model, its window of publication and the
day) and the builder's code: a template or catalog change writes the files of
the last build again instead of making them.
"""
from __future__ import annotations

import pickle

from builder.cache import BuildCache, builder_version, digest
from builder.events import plan_calendars
from builder.feeds import plan_feeds, render_feed
from builder.output import OutputWriter
from builder.navigation import link_resolver
from builder.site import Site
from builder import timings
from builder.urls import output_path

NAMESPACE = "syndication"


def write_feeds_and_calendars(site: Site, writer: OutputWriter, cache: BuildCache | None = None,
                              contexts: str | None = None) -> None:
    """Every feed and every ``.ics`` file, through the one writer."""
    key = digest("feeds and calendars", contexts, builder_version()) \
        if cache is not None and cache.enabled and contexts else None
    files = _remembered(cache, key) if key else None
    made = files is None
    if files is None:
        files = _made(site)
        if key:
            cache.put(NAMESPACE, key, pickle.dumps(files, protocol=pickle.HIGHEST_PROTOCOL))
    timings.count("feeds and calendars made", len(files) if made else 0)
    for path, text, source in files:
        writer.write(path, text, source)


def _made(site: Site) -> list[tuple[str, str, str]]:
    """(output path, text, source) of every feed and calendar."""
    config = site.config
    files = [(output_path(config, feed.url), render_feed(site, feed, link_resolver(site, feed.lang)), feed.source)
             for feed in plan_feeds(site)]
    return files + [(output_path(config, url), text, source) for url, text, source in plan_calendars(site)]


def _remembered(cache: BuildCache, key: str) -> list[tuple[str, str, str]] | None:
    data = cache.get(NAMESPACE, key)
    if data is None:
        return None
    try:
        files = pickle.loads(data)
    except Exception:  # written by other code
        return None
    return files if isinstance(files, list) else None
