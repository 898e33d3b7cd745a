"""The site model kept between builds while the files it is made from are unchanged.

Reading and checking every content file and making the model (Markdown from
the cache included) took 1.6 s of a build at 3,000 articles, also when only a
template changed. The model depends on every input file except the templates
(content, site.yaml, the assets its image checks look at, the catalogs), the
builder's code, the options and the site folder; and on the build moment only
through which articles it publishes (or marks future). So it is kept, pickled,
under a digest of all of those but the moment, together with the window of
moments that publish the same articles and the warnings found while loading
it, which a build that takes it reports again. A load that found errors is
never kept.
"""
from __future__ import annotations

import pickle
from datetime import datetime
from pathlib import Path
from typing import Callable

from builder.buildtime import build_moment
from builder.cache import BuildCache, digest
from builder.errors import Diagnostics, Problem
from builder.site import BuildOptions, Site
from builder.timings import phase
from builder.uptodate import _code_version  # the whole builder's: the model spans most modules

NAMESPACE = "models"
_NOT_INPUTS = ("templates/",)  # rendering reads them, making the model does not


def model_key(site_dir: Path, options: BuildOptions, base_url: str | None, inputs: dict[str, str]) -> str:
    files = [f"{path}\t{value}" for path, value in sorted(inputs.items()) if not path.startswith(_NOT_INPUTS)]
    return digest("site model", _code_version(), str(site_dir), repr((options.drafts, options.future, base_url)),
                  *files)


def remembered_site(cache: BuildCache, key: str, options: BuildOptions, diagnostics: Diagnostics,
                    load: Callable[[], Site]) -> tuple[Site, bool]:
    """(the site, True when it came from the cache); ``load()`` makes it when it did not."""
    with phase("model from the cache"):
        found = _load(cache, key, options)
    if found is not None:
        site, warnings = found
        for problem in warnings:
            diagnostics.warn(problem.path, problem.line, problem.message)
        diagnostics.raise_if_failed()  # under --strict the warnings are errors
        return site, True
    before = len(diagnostics.warnings)
    site = load()
    with phase("model kept in the cache"):
        _save(cache, key, site, diagnostics.warnings[before:])
    return site, False


def _load(cache: BuildCache, key: str, options: BuildOptions) -> tuple[Site, list[Problem]] | None:
    data = cache.get(NAMESPACE, key)
    if data is None:
        return None
    try:
        site, warnings, (first, last) = pickle.loads(data)
    except Exception:  # damaged, or made by other code: load the site again
        return None
    del data
    now = build_moment(options.now, site.config.tz)
    if (first is not None and now < first) or (last is not None and now >= last):
        return None  # another moment publishes other articles
    site.now = now
    return site, warnings


def _save(cache: BuildCache, key: str, site: Site, warnings: list[Problem]) -> None:
    site.raws.clear()  # the preview's business; a build never edits a body in place
    site._memo.clear()
    window = _same_articles(site)
    cache.put_streamed(NAMESPACE, key, lambda file: pickle.dump((site, warnings, window), file,
                                                                  protocol=pickle.HIGHEST_PROTOCOL))


def _same_articles(site: Site) -> tuple[datetime | None, datetime | None]:
    """The moments from which and until which a build publishes the same articles, marked the same."""
    assert site.now is not None
    moments = [item.date for item in site.items.values() if item.kind == "article"]  # type: ignore[attr-defined]
    past = [moment for moment in moments if moment <= site.now]
    coming = [moment for moment in moments if moment > site.now]
    if site.schedule.next_publication is not None:
        coming.append(site.schedule.next_publication)
    return (max(past) if past else None), (min(coming) if coming else None)

