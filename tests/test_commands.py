"""Every command of the CLI works on any site folder: --site DIR, default the current folder."""
from __future__ import annotations

import argparse
from pathlib import Path

from builder.cli import _parser


def leaf_commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()):
    """(words, parser) for every command that runs something."""
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers:
        yield prefix, parser
    for action in subparsers:
        for name, child in action.choices.items():
            yield from leaf_commands(child, prefix + (name,))


def test_every_command_takes_site_defaulting_to_the_current_folder():
    found = dict(leaf_commands(_parser()))
    assert {("build",), ("serve",), ("check",), ("new", "article"), ("new", "translation"),
            ("new", "cluster"), ("i18n", "extract"), ("i18n", "update")} <= set(found)
    for words, parser in found.items():
        options = {o for action in parser._actions for o in action.option_strings}
        assert "--site" in options, words
        defaults = {action.dest: action.default for action in parser._actions}
        assert defaults["site"] == Path("."), words
