"""Files served beside the HTML pages: Atom feeds and the events' iCalendar files."""
from __future__ import annotations

from builder.events import plan_calendars
from builder.feeds import plan_feeds, render_feed
from builder.output import OutputWriter
from builder.navigation import link_resolver
from builder.site import Site
from builder.urls import output_path


def write_feeds_and_calendars(site: Site, writer: OutputWriter) -> None:
    """Every feed and every ``.ics`` file, through the one writer."""
    config = site.config
    for feed in plan_feeds(site):
        writer.write(output_path(config, feed.url), render_feed(site, feed, link_resolver(site, feed.lang)),
                     feed.source)
    for url, text, source in plan_calendars(site):
        writer.write(output_path(config, url), text, source)
