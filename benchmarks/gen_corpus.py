#!/usr/bin/env python3
"""Deterministic synthetic site in OUR content format, for `make bench`.

Adapted from shared/bench/gen_corpus.py: the same filler text, body sizes and
translation ratio (about 70% of article indices exist in nl, no and en under
one translation key, the rest in one language only), written as the content
contract describes:

    site.yaml
    content/<lang>/news/<year>/<key>.md    articles (translation_key, themes, clusters, @/ links)
    content/<lang>/directory/<id>.yaml     directory entries with relations and Markdown descriptions
    content/<lang>/pages/about.md          one page per language
    content/<lang>/themes.yaml             theme labels per language

Same arguments => byte-identical files. Standard library only.
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from text import COUNTRIES, LANGS, SHARED_FRACTION, Text, q  # noqa: E402

SEED = 20261122
THEMES = {
    "offshore-wind": {"en": "Offshore wind", "nl": "Wind op zee", "no": "Havvind"},
    "hydrogen": {"en": "Hydrogen", "nl": "Waterstof", "no": "Hydrogen"},
    "circular-economy": {"en": "Circular economy", "nl": "Circulaire economie", "no": "Sirkulærøkonomi"},
    "maritime": {"en": "Maritime", "nl": "Maritiem", "no": "Maritim"},
    "digital": {"en": "Digital", "nl": "Digitaal", "no": "Digitalisering"},
    "batteries": {"en": "Batteries", "nl": "Batterijen", "no": "Batterier"},
    "food": {"en": "Food", "nl": "Voedsel", "no": "Sjømat og mat"},
    "funding": {"en": "Funding", "nl": "Financiering", "no": "Finansiering"},
    "talent": {"en": "Talent", "nl": "Talent", "no": "Kompetanse"},
    "export": {"en": "Export", "nl": "Export", "no": "Eksport"},
    "green-industry": {"en": "Green industry", "nl": "Groene industrie", "no": "Grønn industri"},
    "carbon-capture": {"en": "Carbon capture", "nl": "CO₂-afvang", "no": "Karbonfangst"},
}
ECOSYSTEMS = ["aerospace-defence", "agri-food", "construction", "digital", "electronics",
              "energy-intensive-industries", "renewable-energy", "health", "mobility-transport-automotive",
              "tourism"]
ENTRY_TYPES = ["cluster_organisation", "industrial_cluster", "programme"]
SITE_YAML = """title: {nl: Clusternieuws, no: Klyngenytt, en: Cluster News}
base_url: https://clusters.example.org/
default_language: en
languages:
  nl: {name: Nederlands, locale: nl, sections: {news: nieuws, directory: clusters, themes: themas}}
  no: {name: Norsk, locale: nb, sections: {news: nyheter, directory: klynger, themes: tema}}
  en: {name: English, locale: en, sections: {news: news, directory: clusters, themes: themes}}
news_per_page: 20
timezone: Europe/Brussels
"""
ABOUT = {"en": ("About us", "We follow industrial clusters across Europe."),
         "nl": ("Over ons", "Wij volgen industriële clusters in Europa."),
         "no": ("Om oss", "Vi følger industriklynger i Europa.")}


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def cluster_id(j: int) -> str:
    return f"cluster-{j:05d}"


def article_key(i: int, lang: str, shared: bool) -> str:
    return f"story-{i:05d}" if shared else f"{lang}-only-{i:05d}"


def is_shared(i: int, seed: int) -> bool:
    return random.Random(f"{seed}:idx:{i}").random() < SHARED_FRACTION


def links_paragraph(r: random.Random, i: int, n: int, m: int, seed: int) -> str:
    """Identity links: an entry, an earlier article (maybe in one language only), a theme, the about page."""
    other = r.randrange(n)
    other_key = article_key(other, r.choice(LANGS), is_shared(other, seed))
    theme = r.choice(sorted(THEMES))
    return (f"See [the cluster](@/directory/{cluster_id(r.randrange(m))}), "
            f"[an earlier story](@/news/{other_key}), [the theme](@/themes/{theme}) "
            f"and [about us](@/pages/about).")


def article_text(i: int, lang: str, n: int, m: int, seed: int) -> tuple[str, str]:
    """(year folder, file text) of article ``i`` in ``lang``."""
    shared = is_shared(i, seed)
    ir = random.Random(f"{seed}:idx:{i}")
    ir.random()
    base = datetime(2015, 1, 1, 8, 0, tzinfo=timezone.utc)
    moment = base + timedelta(minutes=ir.randint(0, 11 * 365 * 24 * 60))
    themes = ir.sample(sorted(THEMES), ir.randint(1, 3))
    clusters = sorted({cluster_id(ir.randrange(m)) for _ in range(ir.randint(0, 3))})
    r = random.Random(f"{seed}:{lang}:{i}")
    t = Text(r, lang)
    key = article_key(i, lang, shared)
    if not shared:
        moment = base + timedelta(minutes=r.randint(0, 11 * 365 * 24 * 60))
    lines = ["---", f"title: {q(t.title() + f' {i}')}", f"translation_key: {key}"]
    if lang == "en" or not shared or i % 2:  # shared fields: sometimes given once, inherited
        lines += [f"date: {moment.strftime('%Y-%m-%dT%H:%M:%S+00:00')}",
                  f"themes: [{', '.join(themes)}]", f"clusters: [{', '.join(clusters)}]"]
    if r.random() < 0.5:
        lines.append(f"summary: {q(t.sentence(12, 25, inline=False))}")
    lines += [f"author: {q(t.title())}", "---", ""]
    body = t.body(r.randint(600, 1500), want_table=r.random() < 0.30, want_code=r.random() < 0.08)
    return str(moment.year), "\n".join(lines) + body + "\n" + links_paragraph(r, i, n, m, seed) + "\n"


def entry_text(j: int, lang: str, m: int, seed: int) -> str:
    r = random.Random(f"{seed}:cluster:{j}")
    country = r.choice(sorted(COUNTRIES))
    name = f"{r.choice(['Noord', 'Vest', 'Blue', 'Green', 'Delta', 'Fjord'])} " \
           f"{r.choice(['Cluster', 'Klynge', 'Netwerk', 'Valley', 'Hub'])} {j}"
    fields = [f"name: {q(name)}", f"type: {r.choice(ENTRY_TYPES)}", f"country: {country}",
              f"region: {q(r.choice(COUNTRIES[country]))}", f"founded: {r.randint(1985, 2024)}",
              f"website: https://{cluster_id(j)}.example.org/", f"members: {r.randint(5, 900)}",
              f"ecosystems: [{', '.join(r.sample(ECOSYSTEMS, r.randint(1, 3)))}]",
              f"themes: [{', '.join(r.sample(sorted(THEMES), r.randint(1, 3)))}]"]
    if m > 1 and r.random() < 0.5:
        target = (j + r.randint(1, m - 1)) % m
        fields += ["relations:", f"  - {{type: partner, target: {cluster_id(target)}}}"]
    t = Text(random.Random(f"{seed}:cluster:{j}:{lang}"), lang)
    description = "\n\n".join(t.paragraph() for _ in range(r.randint(1, 3)))
    fields.append("description: |")
    fields += [("  " + line) if line else "" for line in description.split("\n")]
    return "\n".join(fields) + "\n"


def themes_yaml(lang: str) -> str:
    return "".join(f"{tid}: {q(labels[lang])}\n" for tid, labels in sorted(THEMES.items()))


def generate(out: Path, articles_per_lang: int, clusters: int, seed: int = SEED) -> dict[str, int]:
    """Write the whole site into ``out`` (replacing it); return counts."""
    if out.exists():
        shutil.rmtree(out)
    write(out / "site.yaml", SITE_YAML)
    counts = {"articles": 0, "entries": 0, "body_bytes": 0}
    for lang in LANGS:
        write(out / "content" / lang / "themes.yaml", themes_yaml(lang))
        title, text = ABOUT[lang]
        write(out / "content" / lang / "pages" / "about.md", f"---\ntitle: {q(title)}\n---\n{text}\n")
        for j in range(clusters):
            write(out / "content" / lang / "directory" / f"{cluster_id(j)}.yaml", entry_text(j, lang, clusters, seed))
            counts["entries"] += 1
    for i in range(articles_per_lang):
        shared = is_shared(i, seed)
        for lang in LANGS:
            year, text = article_text(i, lang, articles_per_lang, clusters, seed)
            write(out / "content" / lang / "news" / year / f"{article_key(i, lang, shared)}.md", text)
            counts["articles"] += 1
            counts["body_bytes"] += len(text.encode())
    return counts


def copy_shared_folders(out: Path, repo: Path) -> None:
    """The repository's templates, assets and catalogs (copies: the benchmark edits a template)."""
    for name in ("templates", "assets", "locales"):
        if not (out / name).exists():
            shutil.copytree(repo / name, out / name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles-per-lang", type=int, default=1000)
    parser.add_argument("--clusters", type=int, default=500)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--repo", type=Path, default=None,
                        help="copy this repository's templates/, assets/, locales/ into the site")
    args = parser.parse_args(argv)
    counts = generate(args.out, args.articles_per_lang, args.clusters, args.seed)
    if args.repo:
        copy_shared_folders(args.out, args.repo.resolve())
    print(f"articles={counts['articles']} entries={counts['entries']} "
          f"article_MB={counts['body_bytes'] / 1e6:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
