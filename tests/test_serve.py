"""`builder serve`: debounce, error page and path safety without sockets, then once end to end."""
from __future__ import annotations

import asyncio
import http.client
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import FIXED_NOW, REPO
from builder.cli import _parser
from builder.errors import BuildError, BuildFailed
from builder.serve import Debouncer, PreviewApp, PreviewState, error_page, resolve_request, serve


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def make_state(site: Path, rebuild, clock: FakeClock) -> PreviewState:
    return PreviewState(rebuild, site, clock=clock, quiet=0.2)


def test_a_burst_of_changes_causes_one_rebuild_after_a_quiet_period(site):
    clock, calls = FakeClock(), []
    state = make_state(site, lambda: calls.append(clock.now), clock)
    for name in ("a.md", "b.md", "c.md"):  # an editor saving three files, 0.1 s apart
        (site / "content/en/news" / name).write_text("---\ntitle: x\n---\n", encoding="utf-8")
        assert state.poll() is False
        clock.now += 0.1
    assert calls == []
    clock.now += 0.15
    assert state.poll() is True
    assert calls == [clock.now]
    clock.now += 5
    assert state.poll() is False and len(calls) == 1


def test_a_change_goes_to_the_quick_path_at_once_and_the_full_rebuild_follows_after_calm(site):
    clock, calls, seen = FakeClock(), [], []

    def quick(changed):
        seen.append(changed)
        return ["en/news/story/index.html"]

    state = PreviewState(lambda: calls.append(clock.now), site, clock=clock, quiet=0.2, quick=quick)
    article = site / "content/en/news/wind-farm.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    assert state.poll() is True  # reload now, with the page the quick path wrote
    assert seen == [[article]] and calls == []
    clock.now += 0.3
    assert state.poll() is False and calls == []  # browsers fetch the new page before the rebuild
    clock.now += 1.0
    assert state.poll() is True and len(calls) == 1  # then everything else
    assert len(seen) == 1


def test_a_quick_path_that_writes_nothing_or_fails_waits_for_the_rebuild(site):
    clock, calls = FakeClock(), []

    def broken(changed):
        raise RuntimeError("a bug")

    for quick in (lambda changed: [], broken):
        state = PreviewState(lambda: calls.append(1), site, clock=clock, quiet=0.2, quick=quick)
        with open(site / "content/en/news/wind-farm.md", "a", encoding="utf-8") as handle:
            handle.write("\nMore.\n")
        assert state.poll() is False
        clock.now += 1
        assert state.poll() is True
    assert calls == [1, 1]


def test_changes_to_templates_assets_locales_and_site_yaml_are_watched(site):
    clock = FakeClock()
    for path in ("templates/base.html", "assets/css/site.css", "locales/nl/LC_MESSAGES/messages.po", "site.yaml"):
        calls = []
        state = make_state(site, lambda: calls.append(1), clock)
        with open(site / path, "a", encoding="utf-8") as handle:
            handle.write("\n")
        state.poll()
        clock.now += 1
        assert state.poll() is True and calls == [1], path


def test_files_outside_the_watched_folders_do_not_trigger_a_rebuild(site):
    clock, calls = FakeClock(), []
    state = make_state(site, lambda: calls.append(1), clock)
    (site / "notes.txt").write_text("scratch", encoding="utf-8")
    (site / ".cache").mkdir()
    (site / ".cache" / "x.html").write_text("out", encoding="utf-8")
    state.poll()
    clock.now += 1
    assert state.poll() is False and calls == []


def test_a_background_rebuild_leaves_polls_free_and_a_save_meanwhile_gets_the_quick_path_after_it(site):
    import threading

    clock, started, release, rebuilds, quick_calls = FakeClock(), threading.Event(), threading.Event(), [], []

    def rebuild():
        rebuilds.append(clock.now)
        started.set()
        assert release.wait(10)
        return None

    def quick(changed):
        quick_calls.append(changed)
        return ["page"]

    state = PreviewState(rebuild, site, clock=clock, quiet=0.2, quick=quick, background=True)
    first, second = site / "content/en/news/wind-farm.md", site / "content/en/pages/about.md"
    with open(first, "a", encoding="utf-8") as handle:
        handle.write("\nMore.\n")
    assert state.poll() is True and quick_calls == [[first]]
    clock.now += 2
    assert state.poll() is False  # the rebuild starts, and the poll returns at once
    assert started.wait(10) and len(rebuilds) == 1
    with open(second, "a", encoding="utf-8") as handle:
        handle.write("\nMore.\n")
    assert state.poll() is False and quick_calls == [[first]]  # no quick path on a model being rebuilt
    release.set()
    deadline = time.monotonic() + 10
    while not state.poll():
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert quick_calls == [[first], [second]] and len(rebuilds) == 1
    clock.now += 2
    state.poll()  # then the rebuild for the file saved meanwhile
    deadline = time.monotonic() + 10
    while len(rebuilds) < 2:
        assert time.monotonic() < deadline
        time.sleep(0.01)


def test_debouncer_waits_for_calm_then_fires_once():
    clock = FakeClock()
    debouncer = Debouncer(clock, quiet=0.25)
    assert not debouncer.take()
    debouncer.notice()
    clock.now += 0.2
    debouncer.notice()
    clock.now += 0.2
    assert not debouncer.take()
    clock.now += 0.05
    assert debouncer.take()
    assert not debouncer.take()


def failing_build():
    raise BuildFailed([BuildError("content/en/news/wind-farm.md", 2, "unknown field 'titel'; did you "
                                  "mean 'title'?").problem])


def call(app: PreviewApp, path: str) -> tuple[str, dict, bytes]:
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app({"PATH_INFO": path, "REQUEST_METHOD": "GET"}, start_response))
    return seen["status"], seen["headers"], body


def test_a_failing_build_shows_file_line_and_message_in_the_page(site, tmp_path):
    article = site / "content/en/news/wind-farm.md"
    article.write_text(article.read_text(encoding="utf-8").replace("title:", "titel:"), encoding="utf-8")
    state = make_state(site, failing_build, FakeClock())
    state.run()
    status, headers, body = call(PreviewApp(tmp_path, state), "/en/")
    page = body.decode("utf-8")
    assert status.startswith("500") and headers["Content-Type"].startswith("text/html")
    assert "content/en/news/wind-farm.md, line 2" in page
    assert "unknown field &#x27;titel&#x27;; did you mean &#x27;title&#x27;?" in page
    assert "<code>titel: New offshore wind farm</code>" in page  # the line itself, quoted
    assert "</head>" in page  # livereload adds its script there, so fixing the file reloads the page


def test_fixing_the_file_brings_the_site_back(site, tmp_path):
    (tmp_path / "index.html").write_text("<html><head></head>site</html>", encoding="utf-8")
    outcomes = [failing_build, lambda: "ok"]
    clock = FakeClock()
    state = make_state(site, lambda: outcomes.pop(0)(), clock)
    state.run()
    app = PreviewApp(tmp_path, state)
    assert call(app, "/")[0].startswith("500")
    (site / "content/en/news/wind-farm.md").write_text("fixed", encoding="utf-8")
    state.poll()
    clock.now += 1
    assert state.poll() is True
    assert call(app, "/")[2] == b"<html><head></head>site</html>"


def test_a_crash_of_the_builder_keeps_the_server_running_and_shows_the_traceback(site, tmp_path):
    state = make_state(site, lambda: 1 / 0, FakeClock())
    state.run()
    assert "ZeroDivisionError" in error_page(state)
    assert call(PreviewApp(tmp_path, state), "/")[0].startswith("500")


@pytest.fixture
def served(tmp_path) -> tuple[Path, PreviewApp]:
    root = tmp_path / "preview"
    (root / "en").mkdir(parents=True)
    (root / "en/index.html").write_text("english", encoding="utf-8")
    (root / "404.html").write_text("not found page", encoding="utf-8")
    (root / ".builder-output").write_text("marker", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    state = PreviewState(lambda: None, tmp_path)
    return root, PreviewApp(root, state)


@pytest.mark.parametrize("path", ["/../secret.txt", "/en/../../secret.txt", "/..%2fsecret.txt",
                                  "/%2e%2e/secret.txt", "/..\\secret.txt", "//etc/passwd",
                                  "/en/%00", "/.builder-output", "/./en/index.html"])
def test_requests_for_paths_outside_the_output_folder_get_404(served, path):
    root, app = served
    from urllib.parse import unquote
    for form in {path, unquote(path)}:  # as sent, and as WSGI servers decode it
        status, _, body = call(app, form)
        assert status.startswith("404"), form
        assert b"secret" not in body and b"root:" not in body


def test_absolute_file_paths_are_looked_up_inside_the_output_folder(served, tmp_path):
    root, _ = served
    assert resolve_request(root, str(tmp_path / "secret.txt")) is None
    assert resolve_request(root, "/etc/passwd") is None
    assert resolve_request(root, "/en/") == (root / "en/index.html").resolve()


def test_symbolic_links_out_of_the_output_folder_are_refused(served, tmp_path):
    root, app = served
    (root / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (root / "leakdir").symlink_to(tmp_path)
    assert call(app, "/leak.txt")[0].startswith("404")
    assert call(app, "/leakdir/secret.txt")[0].startswith("404")


def test_folders_redirect_to_their_slash_and_serve_index_html(served):
    _, app = served
    status, headers, _ = call(app, "/en")
    assert status.startswith("302") and headers["Location"] == "/en/"
    assert call(app, "/en/")[2] == b"english"


def test_the_site_is_served_under_the_base_path_of_site_yaml(served):
    root, _ = served
    app = PreviewApp(root, PreviewState(lambda: None, root), base_path=lambda: "/sub/")
    assert call(app, "/sub/en/")[2] == b"english"
    assert call(app, "/en/")[0].startswith("404")
    assert call(app, "/")[1]["Location"] == "/sub/"


def test_the_server_binds_to_loopback_unless_told_otherwise(site, tmp_path):
    assert _parser().parse_args(["serve"]).host == "127.0.0.1"
    assert _parser().parse_args(["serve", "--host", "0.0.0.0"]).host == "0.0.0.0"
    seen = {}

    class FakeServer:
        def __init__(self, app, state, ready):
            self.ready = ready

        def serve(self, **kwargs):
            seen.update(kwargs)
            self.ready()

    serve(site, out_dir=tmp_path / "preview", server_factory=FakeServer)
    assert seen["host"] == "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(fetch, accept, timeout: float = 60.0):
    """Poll until accept(fetch()) holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = fetch()
            if accept(last):
                return last
        except (urllib.error.URLError, ConnectionError, http.client.HTTPException) as exc:
            last = exc
        time.sleep(0.05)  # polling interval, not a timed assertion
    raise AssertionError(f"gave up waiting; last result: {last!r}")


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def raw_get(port: int, target: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", target)  # sent as written: no client-side normalising
    status = connection.getresponse().status
    connection.close()
    return status


async def expect_reload(port: int, change) -> None:
    """Connect as livereload.js does, make the change, and wait for the server's reload message."""
    from tornado.websocket import websocket_connect

    socket_ = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
    await socket_.write_message(json.dumps({"command": "hello", "protocols": [
        "http://livereload.com/protocols/official-7"]}))
    assert json.loads(await socket_.read_message())["command"] == "hello"
    await socket_.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}/"}))
    change()
    while True:
        message = await asyncio.wait_for(socket_.read_message(), timeout=60)
        assert message is not None, "the server closed the connection"
        if json.loads(message)["command"] == "reload":
            break
    socket_.close()


def test_serve_end_to_end_shows_edits_and_errors_and_stays_inside_the_output(site):
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
    proc = subprocess.Popen([sys.executable, "-m", "builder", "serve", "--site", str(site), "--port", str(port),
                             "--now", FIXED_NOW], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/en/news/new-offshore-wind-farm/"
    article = site / "content/en/news/wind-farm.md"
    try:
        status, page = wait_for(lambda: fetch(url), lambda r: r[0] == 200)
        assert "livereload.js" in page and "New offshore wind farm" in page
        asyncio.run(expect_reload(port, lambda: article.write_text(
            article.read_text(encoding="utf-8").replace("works with", "teams up with"), encoding="utf-8")))
        wait_for(lambda: fetch(url), lambda r: "teams up with" in r[1])
        good = article.read_text(encoding="utf-8")
        article.write_text(good.replace("title:", "titel:"), encoding="utf-8")
        status, page = wait_for(lambda: fetch(url), lambda r: r[0] == 500)
        assert "content/en/news/wind-farm.md, line 2" in page and "livereload.js" in page
        article.write_text(good, encoding="utf-8")
        wait_for(lambda: fetch(url), lambda r: r[0] == 200 and "teams up with" in r[1])
        for target in ("/../site.yaml", "/%2e%2e/site.yaml", "/en/%2e%2e/%2e%2e/site.yaml", "//etc/passwd",
                       "/.builder-output"):
            assert raw_get(port, target) == 404, target
        assert (site / ".cache/preview/en/index.html").is_file() and not (site / "public").exists()
    finally:
        proc.terminate()
        output = proc.communicate(timeout=30)[0].decode("utf-8", "replace")
    # The error was printed once, with its file and line; requests for the error page add no log lines.
    assert output.count("content/en/news/wind-farm.md:2: missing required field 'title'") == 1, output
    assert "500 GET" not in output and "Serving on" not in output, output


def with_listen(tmp_path: Path, imports: str, body: str) -> Path:
    """A folder whose sitecustomize.py makes tornado's listen() run ``body`` (``listen``: the real one);
    put it on PYTHONPATH of a `builder serve` child."""
    folder = tmp_path / "listen-hook"
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(
        f"{imports}import tornado.web\nlisten = tornado.web.Application.listen\n"
        f"def hooked(self, *args, **kwargs):\n    {body}\n"
        "tornado.web.Application.listen = hooked\n", encoding="utf-8")
    return folder


def test_serve_says_it_is_serving_only_once_its_port_takes_connections(site, tmp_path):
    # A browser opened on the printed address (and the benchmark's serve test, which failed so on a
    # busy machine) found the port closed: the line came before livereload bound its socket. Here
    # binding is made slow on purpose; the line must still come after it.
    slow = with_listen(tmp_path, "import time\n", "time.sleep(1.5)\n    return listen(self, *args, **kwargs)")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": f"{slow}{os.pathsep}{REPO}", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "builder", "serve", "--site", str(site), "--port", str(port),
                             "--now", FIXED_NOW], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    try:
        assert proc.stdout is not None
        before = []
        for line in proc.stdout:
            if line.startswith("Serving the preview"):
                break
            before.append(line)
        else:
            pytest.fail("builder serve ended without saying it serves")
        socket.create_connection(("127.0.0.1", port), timeout=5).close()  # refused if not listening yet
        # livereload's own "Serving on …" came before binding, in a log format authors need not read.
        assert not any("Serving on" in line for line in before), before
    finally:
        proc.terminate()
        proc.communicate(timeout=30)


def test_serve_on_a_port_in_use_says_so_and_how_to_choose_another(site):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run([sys.executable, "-m", "builder", "serve", "--site", str(site), "--port", str(port),
                              "--now", FIXED_NOW], env={**os.environ, "PYTHONPATH": str(REPO)},
                             capture_output=True, text=True, timeout=300)
    assert run.returncode == 1
    assert f"port {port} is in use" in run.stderr and f"--port {port + 1}" in run.stderr
    assert "Serving the preview" not in run.stdout


@pytest.mark.parametrize("port", ["99999", "0", "eighty"])
def test_serve_refuses_a_port_that_is_not_one(site, port):
    # Tornado took 99999 and served elsewhere than the address printed.
    run = subprocess.run([sys.executable, "-m", "builder", "serve", "--site", str(site), "--port", port],
                         env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert "--port: must be a port number from 1 to 65535, such as 8000" in run.stderr
    assert "Serving the preview" not in run.stdout


def test_serve_on_a_port_reserved_for_the_system_says_which_to_choose(site, tmp_path):
    # Ports below 1024 need administrator rights; tests run as any user, so the refusal is staged.
    refuse = with_listen(tmp_path, "import errno\n", "raise PermissionError(errno.EACCES, 'Permission denied')")
    run = subprocess.run([sys.executable, "-m", "builder", "serve", "--site", str(site), "--port", "80",
                          "--now", FIXED_NOW], env={**os.environ, "PYTHONPATH": f"{refuse}{os.pathsep}{REPO}"},
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "port 80 is reserved for the system on this computer" in run.stderr and "--port 8000" in run.stderr
