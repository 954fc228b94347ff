"""Shared fixtures: settings in a temp dir and a scriptable HTTP server on 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import hypothesis
import pytest

from pipeline.settings import Settings

REPO = Path(__file__).resolve().parents[1]

# Property tests judge behaviour, never timing: a loaded CI machine must not fail them.
hypothesis.settings.register_profile(
    "crimestats",
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.too_slow, hypothesis.HealthCheck.data_too_large],
)
hypothesis.settings.load_profile("crimestats")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.from_env(
        db=tmp_path / "warehouse.duckdb",
        archive=tmp_path / "raw",
        sources_dir=REPO / "pipeline" / "sources",
    )


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


Route = Callable[[BaseHTTPRequestHandler], Reply]


class ScriptedServer:
    """A real HTTP server whose routes are Python callables; records every request path."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.requests.append(self.path)
                route = owner.routes.get(self.path.split("#")[0])
                reply = route(self) if route else Reply(404, b"not found")
                self.send_response(reply.status)
                headers = {"Content-Length": str(len(reply.body)), **reply.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(reply.body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.host = f"127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def route(self, path: str, reply: Reply | Route) -> None:
        self.routes[path] = reply if callable(reply) else (lambda _h, r=reply: r)

    def hits(self, path: str) -> int:
        return sum(1 for p in self.requests if p.split("#")[0] == path)


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    srv = ScriptedServer()
    srv.thread.start()
    try:
        yield srv
    finally:
        srv.httpd.shutdown()
        srv.httpd.server_close()
