"""The EU's 14 industrial ecosystems, with labels shipped in the builder."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

_DATA = Path(__file__).parent / "data" / "ecosystems.yaml"


@lru_cache(maxsize=1)
def ecosystem_labels() -> dict[str, dict[str, str]]:
    """id -> {locale: label} for the locales the builder ships (en, nl, nb)."""
    with _DATA.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def ecosystem_label(ecosystem_id: str, locale: str) -> str:
    labels = ecosystem_labels().get(ecosystem_id, {})
    return labels.get(locale) or labels.get(locale.split("_")[0]) or labels.get("en", ecosystem_id)
