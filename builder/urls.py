"""Where each item lives: localised URLs under the base path, and their output files."""
from __future__ import annotations

from builder.config import SiteConfig


def home_url(config: SiteConfig, lang: str) -> str:
    return f"{config.base_path}{lang}/"


def section_url(config: SiteConfig, lang: str, section: str, *parts: str) -> str:
    """``/base/<lang>/<localised section>/<parts>/``."""
    segment = config.language(lang).sections[section]
    tail = "".join(f"{part}/" for part in parts)
    return f"{config.base_path}{lang}/{segment}/{tail}"


def page_url(config: SiteConfig, lang: str, slug: str) -> str:
    return f"{config.base_path}{lang}/{slug}/"


def root_url(config: SiteConfig) -> str:
    return config.base_path


def output_path(config: SiteConfig, url: str) -> str:
    """Output file (relative to the output folder) serving ``url``."""
    assert url.startswith(config.base_path), url
    rel = url[len(config.base_path):]
    if rel == "" or rel.endswith("/"):
        return rel + "index.html"
    return rel


def absolute(config: SiteConfig, url: str) -> str:
    """Full URL (for sitemap, feeds, canonical): scheme and host from base_url."""
    host = config.base_url[: len(config.base_url) - len(config.base_path)]
    return host + url
