"""docs/authoring.md cannot drift: its examples are built, its commands run, its errors compared.

Conventions of the guide, which these tests read:
- a fenced block whose info string has ``title="PATH"`` is a file of the site;
  all of them together (later ones replacing earlier ones) must build, and
  every article among them must get a page;
- such a block marked ``broken`` is a file with a mistake: it is built on its
  own, and the ``text`` block right after it lists lines the build must print;
- ``console`` blocks hold commands after ``$ ``: every ``builder`` command must
  parse, and every ``builder new`` command is run, in order, and must create
  a file the guide shows;
- an ``image:`` named in an example is created as a placeholder under assets/.
"""
from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import REPO, build_site, run_cli
from builder.cli import _parser

GUIDE = REPO / "docs/authoring.md"
GUIDE_NOW = "2026-01-01T12:00:00+01:00"
_FENCE = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```\s*$", re.S | re.M)


@dataclass
class Block:
    language: str
    title: str | None
    broken: bool
    text: str


def blocks() -> list[Block]:
    found = []
    for match in _FENCE.finditer(GUIDE.read_text(encoding="utf-8")):
        info = match.group(2)
        title = re.search(r'title="([^"]+)"', info)
        found.append(Block(match.group(1), title.group(1) if title else None, "broken" in info.split(),
                           match.group(3)))
    return found


def files(good: bool = True) -> list[Block]:
    return [b for b in blocks() if b.title and b.broken != good]


def commands() -> list[list[str]]:
    return [shlex.split(line[2:]) for b in blocks() if b.language == "console"
            for line in b.text.splitlines() if line.startswith("$ ")]


@pytest.fixture
def guide_site(tmp_path: Path) -> Path:
    """A copy of the repository's own site, the one authors work on."""
    target = tmp_path / "site"
    target.mkdir()
    shutil.copy(REPO / "site.yaml", target)
    for name in ("content", "templates", "assets", "locales"):
        shutil.copytree(REPO / name, target / name)
    return target


def write_example(site: Path, block: Block) -> None:
    path = site / block.title
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(block.text, encoding="utf-8")
    front = block.text.split("---")[1] if block.text.startswith("---") else block.text
    image = (yaml.safe_load(front) or {}).get("image") if not block.broken else None
    if image:
        (site / "assets" / image).parent.mkdir(parents=True, exist_ok=True)
        (site / "assets" / image).write_bytes(b"placeholder image")


def test_the_guide_has_examples_of_every_kind():
    kinds = {Path(b.title).parent.name for b in files()}
    assert {"news", "directory"} <= kinds
    assert files(good=False) and commands()


def test_every_example_file_in_the_guide_builds_and_gets_a_page(guide_site):
    for block in files():
        write_example(guide_site, block)
    result = build_site(guide_site, "--now", GUIDE_NOW)
    assert result.code == 0, result.err
    public = guide_site / "public"
    pages = "\n".join(p.read_text(encoding="utf-8") for p in public.rglob("index.html"))
    for block in files():
        if block.title.endswith(".md"):
            title = re.search(r"^title: (.*)$", block.text, re.M).group(1)
            assert f"<h1>{title}</h1>" in pages, block.title


@pytest.mark.parametrize("index", range(len(files(good=False))))
def test_every_broken_example_prints_the_error_the_guide_shows(guide_site, index):
    everything = blocks()
    broken = files(good=False)[index]
    expected = everything[everything.index(broken) + 1]
    assert expected.language == "text", "a broken example must be followed by the output it gives"
    for block in files():
        if block.title != broken.title:
            write_example(guide_site, block)
    write_example(guide_site, broken)
    result = build_site(guide_site, "--now", GUIDE_NOW)
    assert result.code == 1
    for line in expected.text.strip().splitlines():
        assert line in result.err.splitlines()


def test_every_builder_command_in_the_guide_exists():
    parser = _parser()
    for words in commands():
        if words[0] == "builder":
            args = parser.parse_args(words[1:])
            assert getattr(args, "run", None), words
        else:
            assert words[:1] == ["make"] and words[1] in ("serve", "site"), words


def test_the_new_commands_of_the_guide_create_the_files_it_shows(guide_site):
    shown = {b.title for b in files()}
    for words in commands():
        if words[:2] != ["builder", "new"]:
            continue
        result = run_cli(*words[1:], "--site", str(guide_site))
        assert result.code == 0, (words, result.err)
        created = Path(result.out.strip().removeprefix("created ")).relative_to(guide_site).as_posix()
        assert created in shown, f"`{' '.join(words)}` creates {created}, which the guide does not show"
    assert build_site(guide_site, "--drafts").code == 0


def test_the_guide_names_the_fields_the_builder_knows():
    from builder.fields import ARTICLE

    text = GUIDE.read_text(encoding="utf-8")
    table = {m.group(1) for m in re.finditer(r"^\| `(\w+)`", text, re.M)}
    documented = {name for cell in table for name in cell.split("`, `")} | {"image_alt"}
    assert documented <= {f.name for f in ARTICLE}
