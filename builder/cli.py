"""Command line: parse arguments, call the stages, print problems as path:line: message."""
from __future__ import annotations

import argparse
import errno
import sys
from datetime import datetime
from pathlib import Path

from builder import __version__
from builder.errors import BuildError, BuildFailed, Problem
from builder import timings
from builder.performance_options import add_performance_options, performance_options


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return args.run(args) or 0
    except BuildFailed as failed:
        for problem in failed.problems:
            print(problem, file=sys.stderr)
        count = len(failed.problems)
        print(f"build failed: {count} error{'s' if count != 1 else ''}", file=sys.stderr)
        return 1
    except BuildError as exc:  # a stage that raised one error instead of collecting it
        print(exc, file=sys.stderr)
        print("build failed: 1 error", file=sys.stderr)
        return 1
    except OSError as exc:  # the disk, not the input: say what failed without a traceback
        print(f"builder: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="builder", description="Build the multilingual cluster site.")
    parser.add_argument("--version", action="version", version=f"builder {__version__}")
    commands = parser.add_subparsers(title="commands")

    build = commands.add_parser("build", help="build the site into the output folder")
    _site_option(build)
    build.add_argument("--out", type=Path, default=None, help="output folder (default: SITE/public)")
    build.add_argument("--drafts", action="store_true", help="include articles marked draft: true")
    build.add_argument("--future", action="store_true", help="include articles dated in the future")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--base-url", help="override base_url of site.yaml (e.g. for a preview host)")
    build.add_argument("--force", action="store_true",
                       help="replace an output folder that holds files the builder did not write")
    build.add_argument("--no-search", action="store_true", help="skip the Pagefind search index")
    build.add_argument("--now", type=datetime.fromisoformat, help=argparse.SUPPRESS)  # tests fix time
    build.add_argument("--schedule-file", type=Path, default=None,
                       help="where to write the next scheduled publication as JSON, for CI "
                            "(default: SITE/.builder-schedule.json)")
    add_performance_options(build)
    build.set_defaults(run=_run_build)

    translations = commands.add_parser("translations", help="show missing and outdated translations")
    _site_option(translations)
    translations.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    translations.add_argument("--fail-on", action="append", choices=("missing", "outdated"), default=[],
                              help="exit 1 when any translation is missing / outdated (repeatable)")
    translations.set_defaults(run=_run_translations)

    i18n = commands.add_parser("i18n", help="manage the UI string catalogs under locales/")
    i18n_commands = i18n.add_subparsers(title="i18n commands")
    extract = i18n_commands.add_parser("extract", help="write locales/messages.pot from the templates")
    _site_option(extract)
    extract.set_defaults(run=_run_extract)
    update = i18n_commands.add_parser("update", help="merge new template strings into every catalog")
    _site_option(update)
    update.set_defaults(run=_run_update)

    schema = commands.add_parser("schema", help="write JSON Schemas of entries and front matter for editors")
    _site_option(schema)
    schema.add_argument("--out", type=Path, default=None, help="folder (default: SITE/schemas)")
    schema.set_defaults(run=_run_schema)
    _add_authoring_commands(commands)
    return parser


def _add_authoring_commands(commands) -> None:
    """serve, new and check: the authors' workflow (builder/serve.py, scaffold.py, check.py)."""
    from builder.check import add_check_command
    from builder.scaffold import add_new_command
    from builder.serve import DEFAULT_HOST, DEFAULT_PORT

    serve = commands.add_parser("serve", help="preview the site with live reload (drafts and future news shown)")
    _site_option(serve)
    serve.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    serve.add_argument("--host", default=DEFAULT_HOST,
                       help=f"address to listen on (default {DEFAULT_HOST}: this computer only)")
    serve.add_argument("--out", type=Path, default=None, help="preview folder (default: SITE/.cache/preview)")
    serve.add_argument("--now", type=datetime.fromisoformat, help=argparse.SUPPRESS)
    serve.set_defaults(run=_run_serve)
    add_new_command(commands, _site_option)
    add_check_command(commands, _site_option)


def _run_serve(args: argparse.Namespace) -> int:
    from builder.serve import serve

    try:
        serve(args.site, host=args.host, port=args.port, out_dir=args.out, now=args.now)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(f"builder: port {args.port} is in use (another preview?); stop that one or choose another "
                  f"with --port, for example --port {args.port + 1}", file=sys.stderr)
        elif exc.errno == errno.EACCES:
            print(f"builder: port {args.port} is reserved for the system on this computer; choose one above "
                  f"1023 with --port, for example the default --port 8000", file=sys.stderr)
        else:
            raise
        return 1
    return 0


def _port(text: str) -> int:
    """A TCP port: tornado would take 99999 and serve on another port than the one printed."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError("must be a port number from 1 to 65535, such as 8000")
    return value


def _site_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site", type=Path, default=Path("."), help="site folder (default: .)")


def _run_build(args: argparse.Namespace) -> int:
    from builder.build import build
    from builder.buildtime import pinned_past_publication
    from builder.schedule import SCHEDULE_FILE, write_schedule_file
    from builder.site import BuildOptions

    now = args.now
    options = BuildOptions(drafts=args.drafts, future=args.future, now=now, search=not args.no_search,
                           **performance_options(args))
    out = args.out if args.out is not None else args.site / "public"
    result = build(args.site, out, options, strict=args.strict, base_url=args.base_url, force=args.force)
    if args.timings:
        print(timings.report(), file=sys.stderr)
    for warning in result.warnings:
        print(_warning(warning), file=sys.stderr)
    held_back = pinned_past_publication(now, result.schedule.next_publication)
    if held_back:
        print(_warning(held_back), file=sys.stderr)
    write_schedule_file(args.schedule_file or args.site / SCHEDULE_FILE, result.schedule)
    print(result.summary())
    return 0


def _warning(problem: Problem) -> str:
    return f"{problem.path}:{problem.line}: warning: {problem.message}"


def _run_translations(args: argparse.Namespace) -> int:
    from builder.translation_status import report

    return report(args.site, args.format, args.fail_on)


def _run_extract(args: argparse.Namespace) -> int:
    from builder.i18n import extract_messages, write_template

    path = write_template(args.site, extract_messages(args.site))
    print(f"wrote {path.relative_to(args.site)}")
    return 0


def _run_update(args: argparse.Namespace) -> int:
    from builder.config import load_config
    from builder.i18n import update_catalogs

    config = load_config(args.site.resolve())
    for path in update_catalogs(args.site.resolve(), [lang.locale for lang in config.languages]):
        print(f"wrote {path.relative_to(args.site.resolve())}")
    return 0


def _run_schema(args: argparse.Namespace) -> int:
    from builder.json_schema import write_schemas

    for path in write_schemas(args.out if args.out is not None else args.site / "schemas"):
        print(f"wrote {path.as_posix()}")
    return 0
