"""The benchmark corpus as a Hugo site (the baseline), with shared/bench's Hugo templates.

Articles keep their bodies, dates, translation keys and themes (as tags);
directory entries become pages; ``@/`` links become plain site links.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Iterator

HUGO_CONFIG = """baseURL = "https://example.org/"
title = "Bench"
defaultContentLanguage = "en"
defaultContentLanguageInSubdir = true
disableKinds = ["RSS", "sitemap", "robotsTXT", "404"]
[pagination]
  pagerSize = 20
[taxonomies]
  tag = "tags"
[markup.goldmark.renderer]
  unsafe = true
[languages]
  [languages.en]
    contentDir = "content/en"
    label = "English"
    weight = 1
  [languages.nl]
    contentDir = "content/nl"
    label = "Nederlands"
    weight = 2
  [languages.no]
    contentDir = "content/no"
    label = "Norsk"
    weight = 3
"""
BASEOF = """<!doctype html>
<html lang="{{ site.Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title></head>
<body><nav>{{ range .AllTranslations }}<a href="{{ .RelPermalink }}">{{ .Language.Label }}</a> {{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"""
SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<time>{{ .Date | time.Format ":date_long" }}</time>
<ul class="tags">{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ with .Translations }}<ul class="tr">{{ range . }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.Label }}</a></li>{{ end }}</ul>{{ end }}
<div class="toc">{{ .TableOfContents }}</div>
{{ .Content }}</article>{{ end }}
"""
LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date | time.Format ":date_medium" }}</time><p>{{ .Summary }}</p></li>{{ end }}
</ul>{{ template "_internal/pagination.html" . }}{{ end }}
"""
_FIELD = re.compile(r"^(title|date|translation_key|summary|themes): ?(.*)$")


def emit_hugo(site: Path, out: Path) -> None:
    """Write a Hugo site at ``out`` from our corpus at ``site``."""
    if out.exists():
        shutil.rmtree(out)
    write_file(out / "hugo.toml", HUGO_CONFIG)
    write_file(out / "layouts/_default/baseof.html", BASEOF)
    write_file(out / "layouts/_default/single.html", SINGLE)
    write_file(out / "layouts/_default/list.html", LIST)
    for page, text in corpus_as_pages(site):
        write_file(out / "content" / page, text)


def corpus_as_pages(site: Path) -> Iterator[tuple[str, str]]:
    """(``<lang>/news/<name>.md`` or ``<lang>/clusters/<name>.md``, Markdown with front matter) per item."""
    for lang_dir in sorted((site / "content").iterdir()):
        for path in sorted((lang_dir / "news").rglob("*.md")):
            yield f"{lang_dir.name}/news/{path.name}", article_front_matter(path.read_text(encoding="utf-8"))
        for path in sorted((lang_dir / "directory").glob("*.yaml")):
            yield f"{lang_dir.name}/clusters/{path.stem}.md", entry_as_page(path.read_text(encoding="utf-8"))


def article_front_matter(text: str) -> str:
    _, front, body = text.split("---\n", 2)
    fields = ["---"]
    for line in front.splitlines():
        match = _FIELD.match(line)
        if match:
            name, value = match.groups()
            name = {"translation_key": "translationKey", "themes": "tags"}.get(name, name)
            fields.append(f"{name}: {value}")
    return "\n".join(fields) + "\n---\n" + body.replace("](@/", "](/")


def entry_as_page(text: str) -> str:
    name = re.search(r"^name: (.*)$", text, re.M).group(1)  # type: ignore[union-attr]
    description = text.split("description: |\n", 1)[1]
    body = "\n".join(line[2:] for line in description.splitlines())
    return f"---\ntitle: {name}\ndate: 2020-01-01\n---\n{body}\n"


def write_file(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
