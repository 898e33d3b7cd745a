"""The benchmark corpus as a MkDocs site: the Python baseline the issue names.

MkDocs has no notion of languages, so the three languages become three
sections of one site, as a team would publish them with it. Articles and
directory entries keep their bodies and titles (the same conversion as the
Hugo site); ``@/`` links become site-absolute links, which MkDocs leaves
alone. The configuration is MkDocs's default (its own theme, its built-in
search) with the Markdown extensions our builder uses, so MkDocs converts the
same Markdown and writes a search index too. One setting departs from the
default: the navigation names the home page only. By default every page lists
every other one, which took MkDocs 235 s at 3,000 articles instead of 20 s;
its pages not named in ``nav`` are still built.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from hugo_site import corpus_as_pages, write_file

MKDOCS_CONFIG = """site_name: Bench
site_url: https://example.org/
nav:
  - index.md
markdown_extensions:
  - tables
  - footnotes
  - attr_list
  - toc:
      permalink: false
validation:
  links:
    absolute_links: ignore
    unrecognized_links: ignore
    anchors: ignore
"""


def emit_mkdocs(site: Path, out: Path) -> None:
    """Write a MkDocs project at ``out`` (``mkdocs.yml`` and ``docs/``) from our corpus at ``site``."""
    if out.exists():
        shutil.rmtree(out)
    write_file(out / "mkdocs.yml", MKDOCS_CONFIG)
    write_file(out / "docs" / "index.md", "# Bench\n")
    for page, text in corpus_as_pages(site):
        write_file(out / "docs" / page, text)
