"""The HTTP client against a real server on 127.0.0.1 that misbehaves on purpose."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.fetch.http import USER_AGENT, HttpClient
from tests.conftest import Reply, ScriptedServer


def client(srv: ScriptedServer, **kwargs: object) -> HttpClient:
    options: dict = {"backoff_factor": 0.01, "timeout": (2.0, 2.0)} | kwargs
    return HttpClient((srv.host,), rate_limit_per_second=1000, **options)


def flaky(failures: int, status: int = 503) -> object:
    calls = {"n": 0}

    def route(_handler: object) -> Reply:
        calls["n"] += 1
        if calls["n"] <= failures:
            return Reply(status, b"busy", {"Retry-After": "0"})
        return Reply(200, "<p>批准逮捕</p>".encode(), {"Content-Type": "text/html; charset=utf-8"})

    return route


def test_transient_5xx_and_429_are_retried_and_counted(server: ScriptedServer) -> None:
    server.route("/a", flaky(2, 503))
    server.route("/b", flaky(1, 429))
    http = client(server)
    a = http.get(server.base_url + "/a")
    assert a.ok and a.attempts == 3 and "批准逮捕" in a.body.decode()
    b = http.get(server.base_url + "/b")
    assert b.ok and b.attempts == 2


def test_persistent_failure_gives_up_after_bounded_attempts(server: ScriptedServer) -> None:
    server.route("/down", Reply(502, b"bad gateway"))
    answer = client(server, retries=2).get(server.base_url + "/down")
    assert answer.outcome == "gave_up" and answer.status == 502
    assert server.hits("/down") == 3 and answer.attempts == 3


def test_user_agent_names_crimestats(server: ScriptedServer) -> None:
    seen = {}

    def route(handler: object) -> Reply:
        seen["ua"] = handler.headers["User-Agent"]  # type: ignore[attr-defined]
        return Reply(200, b"ok")

    server.route("/ua", route)
    client(server).get(server.base_url + "/ua")
    assert seen["ua"] == USER_AGENT and "crimestats" in USER_AGENT and "http" in USER_AGENT


@pytest.mark.parametrize(
    ("path", "reply", "outcome"),
    [
        ("/gone", Reply(404, b"no"), "not_found"),
        ("/js", Reply(521, b"<script>x</script>"), "challenge"),
        ("/precond", Reply(412, b"<script>x</script>"), "challenge"),
        ("/away", Reply(302, b"", {"Location": "https://example.com/x"}), "off_host"),
        ("/loop", Reply(302, b"", {"Location": "/loop"}), "redirect_loop"),
    ],
)
def test_failures_are_outcomes(
    server: ScriptedServer, path: str, reply: Reply, outcome: str
) -> None:
    server.route(path, reply)
    answer = client(server).get(server.base_url + path)
    assert answer.outcome == outcome and answer.error


def test_redirect_within_allowed_hosts_is_followed(server: ScriptedServer) -> None:
    server.route("/old", Reply(301, b"", {"Location": "/new"}))
    server.route("/new", Reply(200, b"moved here"))
    answer = client(server).get(server.base_url + "/old")
    assert answer.ok and answer.body == b"moved here"
    assert answer.final_url == server.base_url + "/new"


def test_oversized_bodies_are_cut_off(server: ScriptedServer) -> None:
    server.route("/big", Reply(200, b"x" * 5000))
    answer = client(server, max_bytes=1000).get(server.base_url + "/big")
    assert answer.outcome == "too_large" and answer.body == b""


def test_off_host_urls_and_robots_denials_make_no_request(server: ScriptedServer) -> None:
    server.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /private/\n"))
    server.route("/private/x", Reply(200, b"secret"))
    http = client(server)
    assert http.get("http://127.0.0.2:1/x").outcome == "off_host"
    assert http.get(server.base_url + "/private/x").outcome == "robots_denied"
    assert server.hits("/private/x") == 0
    assert server.hits("/robots.txt") == 1


def test_a_body_cut_off_mid_read_is_fetched_again(server: ScriptedServer) -> None:
    calls = {"n": 0}

    def truncated_once(_handler: object) -> Reply:
        calls["n"] += 1
        if calls["n"] == 1:  # promises 5000 bytes, sends 11, hangs up
            return Reply(200, b"<p>partial", {"Content-Length": "5000"})
        return Reply(200, b"<p>complete body</p>")

    server.route("/cut", truncated_once)
    answer = client(server).get(server.base_url + "/cut")
    assert answer.ok and answer.body == b"<p>complete body</p>"
    assert answer.attempts == 2


def test_retry_after_is_honoured_and_capped(server: ScriptedServer) -> None:
    import time

    calls = {"n": 0}

    def busy_then_ok(_handler: object) -> Reply:
        calls["n"] += 1
        wait = "1" if calls["n"] == 1 else "3600"
        return (
            Reply(429, b"slow down", {"Retry-After": wait})
            if calls["n"] <= 2
            else Reply(200, b"ok")
        )

    server.route("/busy", busy_then_ok)
    started = time.monotonic()
    answer = client(server, max_retry_after=1.2).get(server.base_url + "/busy")
    elapsed = time.monotonic() - started
    assert answer.ok and answer.attempts == 3
    assert 2.1 <= elapsed < 3.5  # waited the 1 s asked, then the 1.2 s cap instead of an hour


def test_sources_on_one_host_share_the_slowest_rate(server: ScriptedServer) -> None:
    import time

    server.route("/r", Reply(200, b"ok"))
    slow = HttpClient((server.host,), rate_limit_per_second=20, timeout=(2.0, 2.0))
    fast = HttpClient((server.host,), rate_limit_per_second=10000, timeout=(2.0, 2.0))
    started = time.monotonic()
    for i in range(10):
        (slow if i % 2 else fast).get(server.base_url + "/r")
    assert time.monotonic() - started >= 9 / 20 - 0.05  # 20/s holds for both clients


SHARED_CLIENT = """
import sys
from pathlib import Path
from pipeline.fetch.http import HostLimiter, HttpClient
host, base, shared, name = sys.argv[1:5]
HostLimiter.share_through(Path(shared))
client = HttpClient((host,), rate_limit_per_second=5, obey_robots=False)
for i in range(4):
    assert client.get(f"{base}/{name}/{i}").ok
"""


def test_two_processes_on_one_host_share_its_rate_limit(
    server: ScriptedServer, tmp_path: Path
) -> None:
    """Two crawler processes (two Airflow fetch tasks) at 5 requests/s each on one host: the
    host still sees at most 5 requests/s, because the slots are booked in a shared file."""
    import itertools
    import subprocess
    import sys
    import time

    arrivals: list[float] = []

    def stamp(_handler: object) -> Reply:
        arrivals.append(time.monotonic())
        return Reply(200, b"ok")

    for name in ("a", "b"):
        for i in range(4):
            server.route(f"/{name}/{i}", stamp)
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                SHARED_CLIENT,
                server.host,
                server.base_url,
                str(tmp_path / "hosts"),
                name,
            ]
        )
        for name in ("a", "b")
    ]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    arrivals.sort()
    gaps = [later - earlier for earlier, later in itertools.pairwise(arrivals)]
    assert len(arrivals) == 8
    assert min(gaps) > 0.15  # 1/5 s apart, less a little network jitter
