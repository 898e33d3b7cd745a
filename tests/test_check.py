"""`builder check`: build validation plus internal and (local-only) external link checks."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import FIXED_NOW, run_cli
from builder.links_external import check_external

STORY = "---\ntitle: Links\ndate: 2023-05-01\n---\n{body}\n"


def check(site: Path, *args: str):
    return run_cli("check", "--site", str(site), "--now", FIXED_NOW, *args)


def test_check_passes_on_a_good_site_and_publishes_nothing(site):
    result = check(site)
    assert result.code == 0, result.err
    assert result.out.startswith("checked ") and "0 broken links" in result.out
    assert not (site / "public").exists()


def test_check_reports_each_broken_internal_link_with_its_page_and_line(site):
    body = ("[gone](/en/news/no-such-story/)\n[anchor](#nowhere)\n[cluster](@/directory/offshore-cluster#missing)\n"
            "[fine](/en/clusters/) [mail](mailto:a@example.org)\n\n## Here {#here}\n\n[self](#here)")
    (site / "content/en/news/links.md").write_text(STORY.format(body=body), encoding="utf-8")
    result = check(site)
    assert result.code == 1
    page = "content/en/news/links.md:{} (/en/news/links/)"  # the body starts at line 5
    broken = [line for line in result.err.splitlines() if "broken link" in line]
    assert broken == [
        f"{page.format(5)}: broken link to /en/news/no-such-story/ (no such page)",
        f"{page.format(6)}: broken link to #nowhere (no element with id 'nowhere')",
        # an @/ link's address is known only once resolved: its line is found by its #fragment
        f"{page.format(7)}: broken link to /en/clusters/offshore-cluster/#missing (no element with id 'missing')",
    ]
    assert "3 broken links" in result.out


def test_check_reports_build_errors_like_the_build(site):
    (site / "content/en/news/bad.md").write_text("---\ntitel: x\n---\n", encoding="utf-8")
    result = check(site)
    assert result.code == 1
    assert "content/en/news/bad.md:2: unknown field 'titel'; did you mean 'title'?" in result.err


class _Recorder(BaseHTTPRequestHandler):
    """Answers /ok with 200, anything else with 404; records how many requests overlap."""

    requests: list[str] = []
    active = 0
    most_active = 0
    lock = threading.Lock()
    release = threading.Event()

    def do_HEAD(self) -> None:
        cls = type(self)
        with cls.lock:
            cls.requests.append(self.path)
            cls.active += 1
            cls.most_active = max(cls.most_active, cls.active)
            if cls.active > 1:
                cls.release.set()
        # Hold each request until a second one arrives (or briefly), so parallel requests overlap.
        cls.release.wait(0.2)
        with cls.lock:
            cls.active -= 1
        self.send_response(200 if self.path.split("?")[0] == "/ok" else 404)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def local_server():
    _Recorder.requests, _Recorder.active, _Recorder.most_active = [], 0, 0
    _Recorder.release = threading.Event()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    _Recorder.release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)


def test_external_links_report_which_page_links_where_and_are_cached_for_a_day(local_server, tmp_path):
    cache = tmp_path / ".cache/links.json"
    links = {f"{local_server}/ok": {"content/en/news/a.md (/en/news/a/)"},
             f"{local_server}/gone": {"content/en/news/a.md (/en/news/a/)", "/en/"}}
    clock = [1_000_000.0]
    broken = check_external(links, cache, timeout=5, clock=lambda: clock[0])
    assert [str(b) for b in broken] == [
        f"/en/: broken link to {local_server}/gone (HTTP 404 Not Found)",
        f"content/en/news/a.md (/en/news/a/): broken link to {local_server}/gone (HTTP 404 Not Found)",
    ]
    assert sorted(json.loads(cache.read_text(encoding="utf-8"))) == sorted(links)
    asked = len(_Recorder.requests)
    clock[0] += 23 * 3600
    assert len(check_external(links, cache, timeout=5, clock=lambda: clock[0])) == 2
    assert len(_Recorder.requests) == asked  # within a day: answered from the cache
    clock[0] += 2 * 3600
    check_external(links, cache, timeout=5, clock=lambda: clock[0])
    assert len(_Recorder.requests) == 2 * asked  # a day later: asked again


def test_external_checks_send_one_request_per_host_at_a_time(local_server, tmp_path):
    links = {f"{local_server}/ok?{n}": {"/b/"} for n in range(4)}
    assert check_external(links, tmp_path / "links.json", timeout=10) == []
    assert len(_Recorder.requests) == 4
    assert _Recorder.most_active == 1


def test_an_unreachable_host_is_reported_after_the_timeout(tmp_path):
    import socket

    with socket.socket() as sock:  # a port on 127.0.0.1 that refuses connections
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    broken = check_external({f"http://127.0.0.1:{port}/": {"/en/"}}, tmp_path / "links.json", timeout=2)
    assert len(broken) == 1 and broken[0].reason.startswith("cannot connect")


def test_check_external_from_the_command_line_uses_the_site_cache(site, local_server):
    body = f"[ok]({local_server}/ok) [bad]({local_server}/bad)"
    (site / "content/en/news/links.md").write_text(STORY.format(body=body), encoding="utf-8")
    result = run_cli("check", "--site", str(site), "--now", FIXED_NOW, "--external",
                     env={"NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"})
    assert result.code == 1
    assert (f"content/en/news/links.md:5 (/en/news/links/): broken link to {local_server}/bad "
            "(HTTP 404 Not Found)") in result.err
    assert f"{local_server}/ok" not in result.err
    assert (site / ".cache/links.json").is_file()
