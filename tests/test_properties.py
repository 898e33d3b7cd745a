"""Property-based tests: slugs, the front matter reader, and URLs under base_url."""
from __future__ import annotations

import tempfile
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from builder.content import _checked
from builder.errors import BuildError, BuildFailed
from builder.fields import ARTICLE, ENTRY, PAGE
from builder.schema import Field, check_value
from builder.slugs import segment_problem, slugify
from builder.sources import read_text, split_front_matter
from builder.yamlread import load_yaml
from conftest import FIXED_NOW, FIXTURE_SITE, copy_site

# No per-example deadline: the suite shares two cores with other work, and slowness is not a bug here.
settings.register_profile("builder")
settings.load_profile("builder")

LANGUAGES = st.sampled_from(["nl", "no", "en", "de", ""])
SLUG_FIELD = Field("slug", "slug")
FIELD_NAMES = sorted({f.name for f in ARTICLE + PAGE + ENTRY} | {"titel", "dato", ""})
YAML_PIECES = list("ab1 :-[]{},'\"#&*!|>%@`\\\t\n.?/~") + ["2019-02-29", "no", "true", "null", "&x ", "*x", "<<: "]
YAMLISH = st.lists(st.sampled_from(YAML_PIECES), max_size=30).map("".join)


def assert_single_segment(slug: str) -> None:
    assert segment_problem(slug) is None
    assert PurePosixPath(slug).parts == (slug,)
    assert slug not in (".", "..") and "/" not in slug and "\\" not in slug


@given(st.text(), LANGUAGES)
def test_slugify_gives_a_safe_single_segment_or_nothing(text, lang):
    slug = slugify(text, lang)
    if slug:
        assert_single_segment(slug)
        assert slug == slug.lower() and slug.isascii()


@given(st.text(), LANGUAGES)
def test_slugify_is_idempotent(text, lang):
    once = slugify(text, lang)
    assert slugify(once, lang) == once


@given(st.text())
def test_a_slug_field_is_refused_or_a_safe_single_segment(text):
    try:
        slug = check_value(SLUG_FIELD, text, "x.md", 1, [])
    except BuildError:
        return
    assert_single_segment(slug)


def assert_one_line_problems(exc: BuildError) -> None:
    """Each problem prints as one ``path:line: message`` line, with a line inside the file."""
    for each in getattr(exc, "all", [exc]):
        assert "\n" not in each.problem.message, each.problem
        assert each.problem.line >= 1


def read_article(text: str) -> dict:
    doc = split_front_matter(text, "content/en/news/x.md")
    return _checked(doc.meta, ARTICLE, "content/en/news/x.md")


@st.composite
def front_matter(draw) -> str:
    lines = draw(st.lists(st.tuples(st.sampled_from(FIELD_NAMES), YAMLISH), max_size=8))
    fields = "\n".join(f"{key}: {value}" for key, value in lines)
    closing = draw(st.sampled_from(["---\n", "", "--- \n", "...\n"]))
    return f"---\n{fields}\n{closing}{draw(st.text(max_size=50))}"


@given(st.one_of(st.text(), front_matter()))
@settings(max_examples=300, deadline=None)
def test_front_matter_reader_returns_data_or_raises_build_error(text):
    try:
        fields = read_article(text)
    except BuildError as exc:
        assert_one_line_problems(exc)
        return
    assert isinstance(fields, dict)


@given(st.binary(max_size=200) | front_matter().map(lambda t: t.encode("utf-8")))
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_reading_any_bytes_returns_data_or_raises_build_error(tmp_path, data):
    path = tmp_path / "x.md"
    path.write_bytes(data)
    try:
        read_article(read_text(path, "content/en/news/x.md"))
    except BuildError as exc:
        assert_one_line_problems(exc)


@given(YAMLISH)
@settings(max_examples=300, deadline=None)
def test_yaml_reader_returns_data_or_raises_build_error(text):
    try:
        load_yaml(text, "x.yaml")
    except BuildError as exc:
        assert_one_line_problems(exc)


class UrlCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls.extend(value for name, value in attrs if name in ("href", "src", "action") and value)


def urls_in(output: Path) -> list[tuple[str, str]]:
    found = []
    for page in sorted(output.rglob("*.html")):
        collector = UrlCollector()
        collector.feed(page.read_text(encoding="utf-8"))
        found.extend((page.relative_to(output).as_posix(), url) for url in collector.urls)
    return found


def assert_under_base(url: str, base_url: str, where: str) -> None:
    base = urlsplit(base_url)
    parts = urlsplit(url)
    if not parts.scheme and not parts.netloc and not parts.path:
        return  # "#fragment" on the same page
    if parts.scheme or parts.netloc:
        assert (parts.scheme, parts.netloc) == (base.scheme, base.netloc), f"{where}: {url}"
    assert parts.path.startswith(base.path), f"{where}: {url} not under {base.path}"
    assert ".." not in unquote(parts.path).split("/"), f"{where}: {url}"


SEGMENT = st.lists(st.sampled_from(list("abcXYZ019-_~") + ["ø", "é", "%20", "."]), min_size=1, max_size=8).map(
    "".join).filter(lambda segment: segment.strip("."))
SLUG = st.lists(st.sampled_from(list("abcXYZ019-_~") + ["ø", "é", "."]), min_size=1, max_size=8).map("".join)
PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs"))
TITLE = st.text(alphabet=PRINTABLE, max_size=30).map(lambda text: f"{text} story")


def write_article(site: Path, lang: str, name: str, title: str, slug: str | None) -> None:
    quoted = title.replace("'", "''")
    slug_line = f"slug: '{slug}'\n" if slug is not None else ""
    folder = site / f"content/{lang}/news"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.md").write_text(f"---\ntitle: '{quoted}'\ndate: 2019-05-01\n{slug_line}---\n"
                                       "See the [cluster](@/directory/offshore-cluster).\n", encoding="utf-8")


@given(base=st.lists(SEGMENT, max_size=3), titles=st.lists(TITLE, min_size=1, max_size=3),
       slug=st.none() | SLUG, theme=TITLE)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_every_url_the_builder_produces_lies_under_base_url(base, titles, slug, theme):
    from builder.build import build
    from builder.site import BuildOptions

    base_url = "https://example.org/" + "".join(f"{segment}/" for segment in base)
    with tempfile.TemporaryDirectory() as tmp:
        site = copy_site(FIXTURE_SITE, Path(tmp) / "site")
        config = (site / "site.yaml").read_text(encoding="utf-8")
        (site / "site.yaml").write_text(config.replace("https://example.org/", base_url), encoding="utf-8")
        for index, title in enumerate(titles):
            write_article(site, ["en", "nl", "no"][index], "generated", title, slug if index == 0 else None)
        with (site / "content/en/themes.yaml").open("a", encoding="utf-8") as handle:
            handle.write(f"generated-theme: '{theme.replace(chr(39), chr(39) * 2)}'\n")
        try:
            build(site, site / "public", BuildOptions(now=datetime.fromisoformat(FIXED_NOW)))
        except BuildFailed as failed:  # e.g. a title without letters gives no slug: a clear error
            assert all(p.path and p.message for p in failed.problems)
            assume(False)
        urls = urls_in(site / "public")
        assert urls
        for where, url in urls:
            assert_under_base(url, base_url, where)


@given(st.integers(min_value=0, max_value=8), YAMLISH)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_damaged_site_yaml_loads_or_raises_build_failed(tmp_path, line, replacement):
    from builder.config import load_config

    lines = (FIXTURE_SITE / "site.yaml").read_text(encoding="utf-8").splitlines()
    lines[line % len(lines)] = replacement
    (tmp_path / "site.yaml").write_text("\n".join(lines), encoding="utf-8")
    try:
        load_config(tmp_path)
    except BuildFailed as failed:
        assert all("\n" not in p.message and p.line >= 1 for p in failed.problems)
