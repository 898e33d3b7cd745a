"""`builder new`: start an article, a translation or a directory entry from one command.

Every file written here builds as it is (tests/test_scaffold.py builds each
one), and nothing is ever overwritten.
"""
from __future__ import annotations

import argparse
import json
import re
from datetime import datetime
from pathlib import Path

from builder.config import SiteConfig, load_config
from builder.content import CONTENT_DIR, RawItem, load_content
from builder.errors import BuildError, BuildFailed, Diagnostics
from builder.fields import ARTICLE, ENTRY, INHERITED, PAGE
from builder.schema import Field
from builder.slugs import slugify

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TODO = "TODO translate"


def add_new_command(commands, site_option) -> None:
    new = commands.add_parser("new", help="create a new article, page, translation or directory entry")
    kinds = new.add_subparsers(title="what to create")
    article = kinds.add_parser("article", help="a news article: builder new article --lang nl \"Titel\"")
    site_option(article)
    article.add_argument("--lang", required=True, help="language code, such as nl, no, en")
    article.add_argument("title", help="the article's title")
    article.add_argument("--now", type=datetime.fromisoformat, help=argparse.SUPPRESS)
    article.set_defaults(run=lambda a: _report(new_article(a.site, a.lang, a.title, a.now)))
    page = kinds.add_parser("page", help="a standalone page: builder new page --lang en \"About us\"")
    site_option(page)
    page.add_argument("--lang", required=True, help="language code, such as nl, no, en")
    page.add_argument("title", help="the page's title")
    page.set_defaults(run=lambda a: _report(new_page(a.site, a.lang, a.title)))
    translation = kinds.add_parser("translation", help="a translation of an article, entry or page")
    site_option(translation)
    translation.add_argument("key", help="translation_key of the article (or id of the entry, name of the page)")
    translation.add_argument("--to", required=True, help="language code of the new version")
    translation.set_defaults(run=lambda a: _report(new_translation(a.site, a.key, a.to)))
    cluster = kinds.add_parser("cluster", help="a directory entry with every field explained")
    site_option(cluster)
    cluster.add_argument("id", help="the entry's id: lower-case letters, digits and '-'")
    cluster.add_argument("--lang", required=True, help="language code, such as nl, no, en")
    cluster.set_defaults(run=lambda a: _report(new_cluster(a.site, a.id, a.lang)))


def _report(path: Path) -> int:
    print(f"created {path}")
    return 0


def new_article(site_dir: Path, lang: str, title: str, now: datetime | None = None) -> Path:
    """content/<lang>/news/<slug>.md with title, date (now, site timezone) and translation_key."""
    config = _config(site_dir, lang)
    slug, rel = _named_by_title(site_dir, config, "article", lang, title)
    moment = (now or datetime.now(config.tz)).astimezone(config.tz).replace(microsecond=0)
    text = (f"---\ntitle: {_quote(title)}\ndate: {moment.isoformat()}\ntranslation_key: {slug}\n"
            "# summary: One or two sentences for lists and search engines\n"
            "# themes: [offshore-wind]\n# clusters: [cluster-id]\n---\n"
            "Write the article here. A blank line starts a new paragraph.\n")
    return _create(site_dir, rel, text)


def new_page(site_dir: Path, lang: str, title: str) -> Path:
    """content/<lang>/pages/<slug>.md with its title; its file name links it to its translations."""
    config = _config(site_dir, lang)
    slug = slugify(title, lang)
    section = next((name for name, segment in sorted(config.language(lang).sections.items()) if segment == slug),
                   None)
    if section is not None:
        raise _failed("site.yaml", f"the title '{title}' gives the address /{lang}/{slug}/, which is the "
                      f"{section} section's in '{lang}'; choose another title")
    _, rel = _named_by_title(site_dir, config, "page", lang, title)
    text = (f"---\ntitle: {_quote(title)}\n"
            "# summary: One or two sentences for search engines and link previews\n---\n"
            "Write the page here. A blank line starts a new paragraph.\n")
    return _create(site_dir, rel, text)


def _named_by_title(site_dir: Path, config: SiteConfig, kind: str, lang: str, title: str) -> tuple[str, str]:
    """(slug, path in the site) of a new article or page named by its title; BuildFailed when the
    title gives no name, or one another item has (see _refuse_taken_names)."""
    folder = "news" if kind == "article" else "pages"
    slug = slugify(title, lang)
    if not slug:
        raise _failed(f"{CONTENT_DIR}/{lang}/{folder}", f"the title '{title}' gives an empty file name; "
                      "use a title with letters or digits")
    rel = f"{CONTENT_DIR}/{lang}/{folder}/{slug}.md"
    if not (site_dir / rel).exists():  # that refusal comes from _create, and says so first
        _refuse_taken_names(config, kind, lang, title, slug)
    return slug, rel


def _refuse_taken_names(config: SiteConfig, kind: str, lang: str, title: str, slug: str) -> None:
    """BuildFailed when an article (or page, by ``kind``) already has the new one's address in
    ``lang``, or its translation_key (a page's: its file name) in another language.

    Either would make the new file fail the build (two pages at one address), or
    quietly join another item's translations.
    """
    name = "translation_key" if kind == "article" else "file name"
    content = load_content(config, Diagnostics())  # problems elsewhere do not matter here
    for raw in (raw for raw in content.items if raw.kind == kind):
        if raw.key == slug and raw.lang != lang:
            raise _failed(raw.source, f"the {name} '{slug}' that the title '{title}' gives is this "
                          f"{kind}'s; to translate it, run: builder new translation {slug} --to {lang}; "
                          f"for a new {kind}, choose another title")
        address = raw.fields.get("slug") or slugify(raw.fields.get("title", ""), lang)
        if raw.lang == lang and slug in (raw.key, address):
            raise _failed(raw.source, f"the title '{title}' gives the address or {name} '{slug}', "
                          f"which this {kind} already has; choose another title (once the file exists, "
                          f"you can change the title back and give the {kind} a 'slug' of its own)")


def new_translation(site_dir: Path, key: str, to: str) -> Path:
    """A version of an existing item in language ``to``: inherited fields left out, text marked."""
    config = _config(site_dir, to)
    versions = _versions(config, key)
    if not versions:
        raise _failed(CONTENT_DIR, f"nothing has the translation_key or id '{key}'; for an article it is "
                      "the translation_key in its front matter, or its file name without .md")
    if to in versions:
        raise _failed(versions[to].source, f"'{key}' already has a version in '{to}'")
    source = _preferred(config, versions)
    rel = Path(source.source).relative_to(f"{CONTENT_DIR}/{source.lang}")
    target = f"{CONTENT_DIR}/{to}/{rel.as_posix()}"
    if source.kind == "entry":
        return _create(site_dir, target, _entry_translation(source))
    return _create(site_dir, target, _markdown_translation(source, key))


def _versions(config: SiteConfig, key: str) -> dict[str, RawItem]:
    """Every language version of the item called ``key`` (articles first, then entries, pages)."""
    content = load_content(config, Diagnostics())  # problems elsewhere do not matter here
    for kind in ("article", "entry", "page"):
        found = {raw.lang: raw for raw in content.items if raw.kind == kind and raw.key == key}
        if found:
            return found
    return {}


def _preferred(config: SiteConfig, versions: dict[str, RawItem]) -> RawItem:
    order = [config.default_language] + [code for code in config.codes if code != config.default_language]
    return next(versions[code] for code in order if code in versions)


def _markdown_translation(source: RawItem, key: str) -> str:
    spec = ARTICLE if source.kind == "article" else PAGE
    lines = ["---", f"# {TODO}: this is a copy of {source.source}. Translate the title, the",
             "# summary and the text, then delete the 'draft' line and these comments."]
    for field in spec:
        if field.name in ("draft", "slug", "translation_key") or field.name not in source.fields:
            continue
        if field.name not in INHERITED[source.kind]:  # inherited ones come from the other version
            lines.append(f"{field.name}: {_yaml(source.fields[field.name])}")
    if source.kind == "article":
        lines.append(f"translation_key: {_quote(key)}")
    lines += ["draft: true", "---", f"<!-- {TODO} from {source.lang} -->", "", source.markdown.strip(), ""]
    return "\n".join(lines)


def _entry_translation(source: RawItem) -> str:
    lines = [f"# {TODO}: this is a copy of {source.source}. Translate the name, the region and the",
             "# description; every other field comes from the other language version."]
    for field in ENTRY:
        if field.name in INHERITED["entry"] or field.name not in source.fields:
            continue
        if field.kind == "markdown":
            lines.append(f"{field.name}: |")
            lines += [f"  {line}" if line else "" for line in source.fields[field.name].splitlines()]
        else:
            lines.append(f"{field.name}: {_yaml(source.fields[field.name])}")
    return "\n".join(lines) + "\n"


def new_cluster(site_dir: Path, entry_id: str, lang: str) -> Path:
    """content/<lang>/directory/<id>.yaml naming and explaining every field of a directory entry."""
    config = _config(site_dir, lang)
    if not _ID.match(entry_id):
        raise _failed(f"{CONTENT_DIR}/{lang}/directory", f"'{entry_id}' is not an id: use lower-case "
                      "letters, digits and '-', such as port-of-antwerp")
    others = {code: raw for code, raw in _entry_versions(config, entry_id).items() if code != lang}
    if others:
        code, raw = sorted(others.items())[0]
        raise _failed(raw.source, f"'{entry_id}' already exists in '{code}'; to add a version in "
                      f"'{lang}', run: builder new translation {entry_id} --to {lang}")
    return _create(site_dir, f"{CONTENT_DIR}/{lang}/directory/{entry_id}.yaml", entry_template(entry_id, lang))


def _entry_versions(config: SiteConfig, entry_id: str) -> dict[str, RawItem]:
    content = load_content(config, Diagnostics())
    return {raw.lang: raw for raw in content.items if raw.kind == "entry" and raw.key == entry_id}


def entry_template(entry_id: str, lang: str) -> str:
    """Every field of builder.fields.ENTRY, required ones filled in, optional ones commented out."""
    lines = [f"# Directory entry '{entry_id}' in '{lang}'. Lines starting with # are comments.",
             "# Remove the # in front of an optional field to use it.", ""]
    for field in ENTRY:
        lines += _field_lines(field, entry_id)
    return "\n".join(lines) + "\n"


def _field_lines(field: Field, entry_id: str) -> list[str]:
    required = "required" if field.required else "optional"
    inherited = "; the same in every language" if field.inherited else "; in this language"
    choices = f" One of: {', '.join(field.choices)}." if field.choices else ""
    doc = [f"# {field.name} ({required}{inherited}): {field.doc}.{choices}"]
    if field.kind == "markdown":
        value = ["|", "  TODO: describe the cluster: what it does, for whom, and where."]
        body = [f"{field.name}: {value[0]}", value[1]]
    else:
        body = [f"{field.name}: {_example(field, entry_id)}"]
    if not field.required:
        body = [f"# {line}" for line in body]
    return doc + body + [""]


def _example(field: Field, entry_id: str) -> str:
    if field.name == "name":
        return _quote(f"TODO: full name of {entry_id}")
    if field.choices:
        return field.choices[0]
    if field.kind == "list_of":
        return "[{" + ", ".join(f"{f.name}: {_example(f, entry_id)}" for f in field.spec) + "}]"
    examples = {"country": "BE", "year_or_date": "2010", "url": "https://example.org/",
                "email": "info@example.org", "ids": "[]", "integer": "25", "text": "TODO",
                "date": "2019-03-25"}
    return "other-entry-id" if field.name == "target" else examples.get(field.kind, "TODO")


def _config(site_dir: Path, lang: str) -> SiteConfig:
    config = load_config(site_dir.resolve())
    if lang not in config.codes:
        raise _failed("site.yaml", f"'{lang}' is not a language of this site ({', '.join(config.codes)})")
    return config


def _create(site_dir: Path, rel: str, text: str) -> Path:
    path = site_dir / rel
    if path.exists():
        raise _failed(rel, "already exists; nothing was changed (choose another title or id, "
                      "or edit the existing file)")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as handle:  # 'x': never overwrite
        handle.write(text)
    return path


def _failed(path: str, message: str) -> BuildFailed:
    return BuildFailed([BuildError(path, 1, message).problem])


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _yaml(value: object) -> str:
    if isinstance(value, str):
        return _quote(value)
    return json.dumps(value, ensure_ascii=False, default=str)
