"""`builder serve`: a live preview around an injected ``rebuild()``.

The parts that decide something are plain objects, testable without sockets:
``Debouncer`` turns a burst of changes into one rebuild, ``PreviewState``
runs a rebuild and remembers its errors, ``PreviewApp`` is the WSGI app that
serves the preview folder (and nothing outside it) or the error page.
livereload supplies the HTTP server, the websocket and the script injection.
"""
from __future__ import annotations

import html
import logging
import mimetypes
import threading
import time
import traceback
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from builder.errors import BuildFailed, Problem
from builder.watching import WATCHED, ScannedChanges, watch_changes

logger = logging.getLogger(__name__)

QUIET_SECONDS = 0.2  # a burst of saves (an editor, a git checkout) ends after this much calm
POLL_MS = 100  # unless the source of changes says how often it can be asked
QUICK_GRACE = 1.0  # after a quick edit, the full rebuild waits this much longer
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

@dataclass
class Debouncer:
    """One rebuild per burst: due once no change was seen for ``quiet`` seconds."""

    clock: Callable[[], float]
    quiet: float = QUIET_SECONDS
    last_change: float | None = None

    def notice(self, grace: float = 0.0) -> None:
        """A change now; ``grace`` seconds more of waiting on top of the quiet period."""
        self.last_change = self.clock() + grace

    def take(self) -> bool:
        """True (once) when a burst has ended and a rebuild should run now."""
        if self.last_change is None or self.clock() - self.last_change < self.quiet:
            return False
        self.last_change = None
        return True


@dataclass
class PreviewState:
    """Runs rebuilds; remembers whether the last one failed and why."""

    rebuild: Callable[[], object]
    site_dir: Path
    clock: Callable[[], float] = time.monotonic
    quiet: float = QUIET_SECONDS
    problems: list[Problem] = field(default_factory=list)
    crash: str | None = None
    # Called with the changed files as soon as a change is seen, before the quiet period: writes
    # the page of a body-only edit at once and returns what it wrote (PreviewBuilder.quick_edit).
    quick: Callable[[list[Path]], list[str]] | None = None
    # The files changed since the last call (builder.watching); by default a scan of every watched file.
    changes: Callable[[], list[Path]] | None = None
    # True in `builder serve`: rebuilds run in a thread, so pages are served while one runs
    # (at 30,000 articles a rebuild takes a minute or more).
    background: bool = False

    def __post_init__(self) -> None:
        self.debouncer = Debouncer(self.clock, self.quiet)
        if self.changes is None:
            self.changes = ScannedChanges(self.site_dir)
        self._running: Future | None = None
        self._changed_meanwhile: set[Path] = set()

    @property
    def failed(self) -> bool:
        return bool(self.problems) or self.crash is not None

    def run(self) -> object | None:
        """One rebuild; errors are kept for the error page, never raised."""
        self.problems, self.crash = [], None
        try:
            return self.rebuild()
        except BuildFailed as failed:
            self.problems = list(failed.problems)
        except Exception:  # a bug in the builder must not stop the preview
            self.crash = traceback.format_exc()
        return None

    def poll(self) -> bool:
        """Look for changes; rebuild when a burst has ended. True: browsers should reload."""
        if self._running is not None:
            return self._poll_while_running()
        changed = self.changes()
        written: list[str] = []
        if changed:
            self.debouncer.notice()
            written = self._quick(changed)
            if written:  # let browsers fetch the new page before the full rebuild
                self.debouncer.notice(grace=QUICK_GRACE)
        if not self.debouncer.take():
            return bool(written)
        if self.background:
            self._running = _in_background(self.run)
            return bool(written)
        _log_outcome(self, self.run())
        return True

    def _poll_while_running(self) -> bool:
        """A rebuild runs in the background: note changes, and report it once it is done.

        Files saved meanwhile get the quick path as soon as the rebuild has
        finished (it needs the rebuilt model), then the next rebuild after calm.
        """
        changed = self.changes()
        if changed:
            self.debouncer.notice()
            self._changed_meanwhile.update(changed)
        if not self._running.done():
            return False
        report, self._running = self._running.result(), None
        _log_outcome(self, report)
        if self._changed_meanwhile:
            if self._quick(sorted(self._changed_meanwhile)):
                self.debouncer.notice(grace=QUICK_GRACE)
            self._changed_meanwhile.clear()
        return True

    def _quick(self, changed: list[Path]) -> list[str]:
        if self.quick is None or self.failed:
            return []
        try:
            return self.quick(changed)
        except Exception:  # the full rebuild that follows shows what went wrong
            logger.debug("quick edit failed", exc_info=True)
            return []


def _in_background(work: Callable[[], object]) -> Future:
    """``work()`` in a daemon thread: Ctrl+C stops the preview without waiting for a rebuild."""
    future: Future = Future()

    def run() -> None:
        try:
            future.set_result(work())
        except BaseException as exc:  # run() keeps build errors; this is a bug, shown by result()
            future.set_exception(exc)
    threading.Thread(target=run, name="preview-rebuild", daemon=True).start()
    return future


def _log_outcome(state: PreviewState, report: object | None) -> None:
    if state.crash:
        print(state.crash, flush=True)
    for problem in state.problems:
        print(problem, flush=True)
    if report is not None:
        print(getattr(report, "summary", lambda: "rebuilt")(), flush=True)


def error_page(state: PreviewState) -> str:
    """The page shown instead of the site while the build fails."""
    items = "\n".join(_problem_item(state.site_dir, p) for p in state.problems)
    crash = f"<pre>{html.escape(state.crash)}</pre>" if state.crash else ""
    count = len(state.problems)
    heading = f"The site could not be built: {count} error{'s' if count != 1 else ''}" if count \
        else "The builder stopped with an internal error"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<title>Build failed</title>\n<style>body{font-family:sans-serif;margin:2rem;max-width:60rem}"
        "li{margin-bottom:1rem}code,pre{background:#f4f4f4;padding:.2rem .4rem}"
        ".where{font-weight:bold}</style>\n</head>\n<body>\n"
        f"<h1>{html.escape(heading)}</h1>\n"
        "<p>Fix the file and save it: this page reloads by itself.</p>\n"
        f"<ol class=\"problems\">\n{items}\n</ol>\n{crash}\n</body>\n</html>\n"
    )


def _problem_item(site_dir: Path, problem: Problem) -> str:
    where = f"{problem.path}, line {problem.line}"
    quoted = _source_line(site_dir, problem)
    excerpt = f"<br><code>{html.escape(quoted)}</code>" if quoted else ""
    return (f"<li><span class=\"where\">{html.escape(where)}</span>: "
            f"{html.escape(problem.message)}{excerpt}</li>")


def _source_line(site_dir: Path, problem: Problem) -> str:
    path = (site_dir / problem.path).resolve()
    if not path.is_relative_to(site_dir.resolve()) or not path.is_file():
        return ""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    return lines[problem.line - 1].strip() if 0 < problem.line <= len(lines) else ""


def resolve_request(root: Path, url_path: str) -> Path | None:
    """The file under ``root`` a decoded URL path names, or None if it leads anywhere else."""
    if "\x00" in url_path or "\\" in url_path:
        return None
    parts = [part for part in url_path.split("/") if part]
    if any(part.startswith(".") for part in parts):  # '..', '.', hidden files
        return None
    real_root = root.resolve()
    candidate = real_root.joinpath(*parts).resolve()  # follows symbolic links
    if not candidate.is_relative_to(real_root):
        return None
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() and candidate.resolve().is_relative_to(real_root) else None


class PreviewApp:
    """WSGI app: the preview folder under the site's base path, or the error page."""

    def __init__(self, root: Path, state: PreviewState, base_path: Callable[[], str] = lambda: "/") -> None:
        self.root = root
        self.state = state
        self.base_path = base_path

    def __call__(self, environ: dict, start_response: Callable) -> list[bytes]:
        if self.state.failed:
            return _respond(start_response, "500 Internal Server Error", "text/html; charset=utf-8",
                            error_page(self.state).encode("utf-8"))
        # WSGI hands over the decoded path as latin-1; the file names are UTF-8.
        raw = environ.get("PATH_INFO", "/")
        path = raw.encode("latin-1", "replace").decode("utf-8", "replace")
        base = self.base_path()
        if path + "/" == base or (path == "/" and base != "/"):
            return _redirect(start_response, base)
        if not path.startswith(base):
            return self._not_found(start_response)
        target = resolve_request(self.root, path[len(base):])
        if target is None:
            return self._not_found(start_response)
        if not path.endswith("/") and target.name == "index.html" and not path.endswith("index.html"):
            return _redirect(start_response, path + "/")
        return _respond(start_response, "200 OK", _content_type(target), target.read_bytes())

    def _not_found(self, start_response: Callable) -> list[bytes]:
        page = self.root / "404.html"
        body = page.read_bytes() if page.is_file() else b"<!DOCTYPE html><html><head></head><body>Not found</body></html>"
        return _respond(start_response, "404 Not Found", "text/html; charset=utf-8", body)


def _content_type(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") or kind.endswith(("xml", "json")) else kind


def _respond(start_response: Callable, status: str, content_type: str, body: bytes) -> list[bytes]:
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body))),
                            ("Cache-Control", "no-store")])
    return [body]


def _redirect(start_response: Callable, location: str) -> list[bytes]:
    start_response("302 Found", [("Location", location), ("Content-Length", "0")])
    return [b""]


def serve(site_dir: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, out_dir: Path | None = None,
          now=None, server_factory=None) -> None:
    """Build the preview, then serve it and rebuild on every change until interrupted."""
    from builder.preview import PREVIEW_DIR, PreviewBuilder
    from builder.cache import DEFAULT_FOLDER
    from builder.site import BuildOptions
    from builder.workers import default_jobs

    site_dir = site_dir.resolve()
    out = (out_dir or site_dir / PREVIEW_DIR).resolve()
    builder = PreviewBuilder(site_dir, out, BuildOptions(drafts=True, future=True, now=now,
                                                         cache_dir=site_dir / DEFAULT_FOLDER, jobs=default_jobs()))
    state = PreviewState(builder.rebuild, site_dir, quick=builder.quick_edit, changes=watch_changes(site_dir),
                         background=True)
    _log_outcome(state, state.run())
    app = PreviewApp(out, state, base_path=lambda: _base_path(site_dir))

    def ready() -> None:  # called once the port takes connections: a browser opened at once finds it
        print(f"Serving the preview on http://{host}:{port}{_base_path(site_dir)} (Ctrl+C stops)", flush=True)
        if host not in (DEFAULT_HOST, "localhost", "::1"):
            print(f"Note: --host {host} lets other computers on the network see the preview", flush=True)

    server = (server_factory or _livereload_server)(app, state, ready)
    server.serve(host=host, port=port, debug=False, restart_delay=0)


def _base_path(site_dir: Path) -> str:
    from builder.config import load_config

    try:
        return load_config(site_dir).base_path
    except BuildFailed:
        return "/"


def _livereload_server(app: PreviewApp, state: PreviewState, ready: Callable[[], None]):
    """livereload's Server with our watcher: we poll, debounce and ask browsers to reload.

    ``ready()`` runs as the server's loop starts, which livereload does only after
    binding its sockets.
    """
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from livereload.watcher import Watcher
    from tornado import ioloop

    class SiteWatcher(Watcher):
        def start(self, callback) -> bool:
            # Our own timer instead of livereload's, which would skip reloads less than
            # three seconds apart (a quick fix after an error would then not show).
            ioloop.PeriodicCallback(self._tick, getattr(state.changes, "interval_ms", POLL_MS)).start()
            return True

        def _tick(self) -> None:
            if state.poll():
                LiveReloadHandler.reload_waiters()

        def examine(self):
            return None, None

    watcher = SiteWatcher()
    for name in WATCHED:
        watcher.watch(str(state.site_dir / name))
    ioloop.IOLoop.current().add_callback(ready)
    # livereload logs its own "Serving on …" (before it binds) and every browser connecting; ours
    # says where the preview is once it is there. Its warnings and errors still show. Tornado's
    # access log marks each request for a page with a build error "[E …] 500 GET": the error was
    # printed once already, and the page shows it. Crashes are still logged, by tornado.application.
    for name, only in (("livereload", _only_problems), ("tornado.access", _nothing)):
        log = logging.getLogger(name)
        if only not in log.filters:
            log.addFilter(only)
    return Server(app=app, watcher=watcher)


def _only_problems(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.WARNING


def _nothing(record: logging.LogRecord) -> bool:
    return False
