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

The last model is named, with the input digests it was made from, under a key
of the settings alone: when only the bodies of articles and pages changed
since, the next build takes that model and replaces those bodies
(``_patched``), as the preview does for a body edit. Such a model says which
model it was patched from and which sources changed (``BodyPatch``): the
pages whose contexts hold none of those keep their context digests.

A patched model is not pickled again: the entry naming the last model keeps
the model it was patched from (its *base*, in the cache) and the items its
edited bodies became (``Edits``), which the next build puts back without
converting anything. Pickling the whole model again took 0.2 s of a
one-article edit at 3,000 articles and 2 s at 30,000.
"""
from __future__ import annotations

import pickle
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable

from builder.buildtime import build_moment
from builder.cache import BuildCache, builder_version, digest
from builder.errors import Diagnostics, Problem
from builder.events import event_day
from builder.content import RawItem, read_body_edit
from builder.model import IdentityLink, Item
from builder.site import BuildOptions, Site, put_body, replace_body
from builder.timings import phase

NAMESPACE = "models"
_NOT_INPUTS = ("templates/",)  # rendering reads them, making the model does not


@dataclass(frozen=True)
class ModelKeys:
    """Where a build looks for its model: its own key, and the name of the last model kept."""

    model: str  # the settings and every input file
    last: str  # the settings only: names the entry holding (model key, input digests) of the last model


def model_keys(site_dir: Path, options: BuildOptions, base_url: str | None, inputs: dict[str, str]) -> ModelKeys:
    settings = ("site model", builder_version(), str(site_dir), repr((options.drafts, options.future, base_url)))
    files = [f"{path}\t{value}" for path, value in sorted(inputs.items()) if not path.startswith(_NOT_INPUTS)]
    return ModelKeys(digest(*settings, *files), digest("last", *settings))


Window = tuple[datetime | None, datetime | None]
# Source -> (what it was read as, without its Markdown; the item its body made; its ``@/`` links).
Edits = dict[str, tuple[RawItem, Item, list[IdentityLink]]]


@dataclass(frozen=True)
class BodyPatch:
    """How a patched model differs from the one it was made from."""

    contexts: str  # ``contexts_key`` of the model patched: the last build's, when it used that model
    sources: frozenset[str]  # the articles and pages given new bodies


def contexts_still_holding(last: str | None, contexts: str | None, patch: BodyPatch | None
                           ) -> Callable[[Iterable[str] | None], bool] | None:
    """Which page contexts made from the model named ``last`` a model named ``contexts`` (patched
    as ``patch`` says) gives again, by the sources each context held (None: unknown): all when it
    is the same model on the same day, those holding no edited item when it is that model with
    new bodies; None when none do."""
    if last is None:
        return None
    if contexts == last:
        return lambda uses: True
    if patch is not None and patch.contexts == last:
        return lambda uses: uses is not None and patch.sources.isdisjoint(uses)
    return None


@dataclass(frozen=True)
class Model:
    site: Site
    remembered: bool  # True when it came from the cache (loaded or patched)
    contexts: str | None  # what every page context is made from besides the page (``contexts_key``)
    patch: BodyPatch | None = None  # when patched from the last model kept


def remembered_site(cache: BuildCache, keys: ModelKeys, inputs: dict[str, str], options: BuildOptions,
                    diagnostics: Diagnostics, load: Callable[[], Site]) -> Model:
    """The site, from the cache when it holds it; ``load()`` makes it when it does not.

    A model missing from the cache is also made from the last one kept when
    only article and page bodies changed since (``_patched``).
    """
    with phase("model from the cache"):
        found = _load(cache, keys.model, options)
        if found is not None:
            _remember_last(cache, keys, inputs)
    patch = None
    if found is None:
        with phase("model patched from the last one"):
            patched = _patched(cache, keys.last, inputs, options)
        if patched is not None:
            found, patch, base, edits = patched
            with phase("model kept in the cache"):  # as its base and the edits made to it
                _remember_last(cache, keys, inputs, base, edits)
    if found is not None:
        site, warnings, window = found
        for problem in warnings:
            diagnostics.warn(problem.path, problem.line, problem.message)
        diagnostics.raise_if_failed()  # under --strict the warnings are errors
        return Model(site, True, contexts_key(keys.model, window, site), patch)
    before = len(diagnostics.warnings)
    site = load()
    with phase("model kept in the cache"):
        window = _save(cache, keys, inputs, site, diagnostics.warnings[before:])
    return Model(site, False, contexts_key(keys.model, window, site))


def contexts_key(model: str, window: Window, site: Site) -> str:
    """A name for what page contexts are made from: the model (by its key and the window of moments
    publishing the same articles) and the day, which events are upcoming or past by.

    Two builds with the same name give every page the same context (builder.page_reuse).
    """
    return digest("page contexts", model, repr(window), event_day(site).isoformat())


def _patched(cache: BuildCache, last: str, inputs: dict[str, str], options: BuildOptions
             ) -> tuple[tuple[Site, list[Problem], Window], BodyPatch, str, Edits] | None:
    """The last model, with the new bodies of the articles and pages whose body alone changed; how it
    differs from the last model; the base it is made from and the edits made to that base.

    A one-article edit then costs one Markdown conversion instead of reading,
    checking and modelling every content file (1.6 s at 3,000 articles). Any
    other change (a field, a new or deleted file, an entry, a broken ``@/``
    link, which the full load reports) gives None: the caller loads the site.
    """
    found = cache.get(NAMESPACE, last)
    try:
        key, previous, base, edits = pickle.loads(found) if found is not None else (None, {}, None, {})
    except Exception:
        return None
    changed = {path for path in previous.keys() | inputs.keys()
               if not path.startswith(_NOT_INPUTS) and previous.get(path) != inputs.get(path)}
    if key is None or base is None or \
            not all(path in previous and path in inputs and path.endswith(".md") for path in changed):
        return None
    model = _load(cache, base, options)
    if model is None:
        return None
    site, _, window = model
    for raw, item, links in edits.values():
        put_body(site, raw, item, links)
    # Named before the bodies change: the day comes from the build moment, the window from the dates.
    patch = BodyPatch(contexts_key(key, window, site), frozenset(changed))
    edits = dict(edits)
    for path in sorted(changed):
        raw = site.raws.get(path)
        edited = read_body_edit(site.config, raw) if raw is not None else None
        item = replace_body(site, edited) if edited is not None else None
        if item is None:
            return None
        edits[path] = (replace(edited, markdown=""), item, [link for link in site.links if link.source == path])
    return model, patch, base, edits


def _load(cache: BuildCache, key: str, options: BuildOptions) -> tuple[Site, list[Problem], Window] | None:
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
    return site, warnings, (first, last)


def _save(cache: BuildCache, keys: ModelKeys, inputs: dict[str, str], site: Site,
          warnings: list[Problem]) -> Window:
    """Keep the model, as the last one, which the next build may patch; returns its window."""
    # A patch needs each source's fields and head, not its Markdown (the HTML is in the model).
    site.raws = {source: replace(raw, markdown="") for source, raw in site.raws.items()}
    site._memo.clear()
    window = _same_articles(site)
    cache.put_streamed(NAMESPACE, keys.model, lambda file: pickle.dump((site, warnings, window), file,
                                                                         protocol=pickle.HIGHEST_PROTOCOL))
    _remember_last(cache, keys, inputs)
    return window


def _remember_last(cache: BuildCache, keys: ModelKeys, inputs: dict[str, str], base: str | None = None,
                   edits: Edits | None = None) -> None:
    """Name ``keys.model`` the last model of these settings: the model ``base`` (``keys.model``
    itself by default) with ``edits``. The base it replaces is forgotten.

    A model is found again by its key (the same inputs) or made from the
    last one, so a base no longer the last one's is seldom read again; kept,
    the preview left one per edit (370 MB each at 30,000 articles) until a
    build pruned the cache.
    """
    base = base or keys.model
    found = cache.get(NAMESPACE, keys.last)
    try:
        replaced = pickle.loads(found)[2] if found is not None else None
    except Exception:
        replaced = None
    cache.put(NAMESPACE, keys.last, pickle.dumps((keys.model, inputs, base, edits or {}),
                                                 protocol=pickle.HIGHEST_PROTOCOL))
    if isinstance(replaced, str) and replaced != base:
        cache.discard(NAMESPACE, replaced)


def _same_articles(site: Site) -> Window:
    """The moments from which and until which a build publishes the same articles, marked the same."""
    assert site.now is not None
    moments = [item.date for item in site.items.values() if item.kind == "article"]  # type: ignore[attr-defined]
    past = [moment for moment in moments if moment <= site.now]
    coming = [moment for moment in moments if moment > site.now]
    if site.schedule.next_publication is not None:
        coming.append(site.schedule.next_publication)
    return (max(past) if past else None), (min(coming) if coming else None)

