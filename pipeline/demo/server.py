"""Serve the demo site on 127.0.0.1 the way the real procuratorate servers answer.

* ``.shtml``/``.htm`` pages are ``text/html``; UTF-8 pages say ``; charset=utf-8`` in the header,
  GBK pages send no charset (only their ``<meta>`` says gb2312/gbk), as many government sites do.
* An article is reachable with and without the ``/spp`` prefix (``/spp/xwfbh/wsfbt/...`` and
  ``/xwfbh/wsfbt/...``), as on www.spp.gov.cn.
* ``/robots.txt`` allows everything but ``/search/``; anything missing is a 404.

Example::

    with serve_site() as base_url:
        requests.get(f"{base_url}/spp/xwfbh/wsfbt/index.shtml")
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit

SITE_DIR = Path(__file__).resolve().parent / "site"

_GBK_META = re.compile(rb"""charset\s*=\s*["']?\s*(gb2312|gbk|gb18030)\b""", re.IGNORECASE)
_TYPES = {
    ".shtml": "text/html",
    ".htm": "text/html",
    ".html": "text/html",
    ".txt": "text/plain",
    ".css": "text/css",
    ".js": "application/javascript",
}


def content_type(path: Path, data: bytes) -> str:
    """Content-Type header for a site file; GBK pages get none of charset in the header."""
    mime = _TYPES.get(path.suffix.lower(), "application/octet-stream")
    if not mime.startswith("text/"):
        return mime
    if mime == "text/html" and _GBK_META.search(data[:2048]):
        return mime
    return f"{mime}; charset=utf-8"


class _SiteHandler(BaseHTTPRequestHandler):
    root: ClassVar[Path] = SITE_DIR
    server_version = "crimestats-demo"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def _locate(self) -> Path | None:
        url_path = unquote(urlsplit(self.path).path)
        if not url_path.startswith("/"):
            return None
        candidates = [url_path]
        if not url_path.startswith(("/spp/", "/en/")) and url_path != "/robots.txt":
            candidates.append("/spp" + url_path)  # the same article without the /spp prefix
        for candidate in candidates:
            names = [candidate]
            if candidate.endswith("/"):
                names = [candidate + "index.shtml", candidate + "index.htm"]
            for name in names:
                file = (self.root / name.lstrip("/")).resolve()
                if file.is_relative_to(self.root) and file.is_file():
                    return file
        return None

    def _respond(self, with_body: bool) -> None:
        file = self._locate()
        if file is None:
            body = b"<html><body><h1>404 Not Found</h1></body></html>\n"
            self.send_response(HTTPStatus.NOT_FOUND)
            self.send_header("Content-Type", "text/html; charset=utf-8")
        else:
            body = file.read_bytes()
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", content_type(file, body))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def do_GET(self) -> None:
        self._respond(with_body=True)

    def do_HEAD(self) -> None:
        self._respond(with_body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: the demo and the tests do not want an access log on stderr."""


@contextmanager
def serve_site(root: Path | None = None) -> Iterator[str]:
    """Serve ``root`` (default: the bundled site) on a free port; yield ``http://127.0.0.1:PORT``."""
    site_root = (root or SITE_DIR).resolve()
    if not site_root.is_dir():
        raise FileNotFoundError(
            f"demo site not found at {site_root}; run python -m pipeline.demo.sitegen"
        )
    handler = type("SiteHandler", (_SiteHandler,), {"root": site_root})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="demo-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
