"""A fault-injecting procuratorate site on 127.0.0.1 for the crawler tests.

`FaultSite` serves a generated TRS-style site (listing pages index.shtml, index_1.shtml ...,
articles /l/<yyyymm>/t<yyyymmdd>_<id>.shtml with one arrest figure each) and misbehaves on chosen
paths the way real government servers do: bursts of 500/503, 429 with Retry-After, connection
resets, answers slower than the read timeout, bodies cut mid-read, wrong or missing charsets,
redirects off-host and in loops, a 50 MB body, malformed HTML, 404s and bot challenges.

A fault fires `times` times (None: until `clear()`), so a test can check both that a run survives
it and that the next run, once it cleared, fills the gap.

Example::

    with FaultSite(articles=6) as site:
        site.inject(site.article_path(2), "status", status=503, times=3)
        ...  # crawl site.spec(); the article costs 3 retries, no release
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from pipeline.sources import SourceSpec
from pipeline.sources.spec import parse_source

ARTICLE = (
    '<html><head><meta charset="{charset}"><title>{title}_中华人民共和国最高人民检察院</title>'
    '</head><body><div class="detail_tit">{title}</div>'
    '<div class="detail_extend1">时间：{day}</div><div id="fontzoom">'
    "<p>\u3000\u3000{year}年{month}月，全国检察机关共批准逮捕各类犯罪嫌疑人{n}人，同比上升{pct}%。</p>"
    "<p>\u3000\u3000共决定起诉{m}人。</p></div></body></html>"
)
MALFORMED = (  # unquoted attributes, unclosed and stray tags, no </body></html>
    "<html><head><title>{title}_最高人民检察院</title><body><div class=detail_tit>{title}"
    "<div class=detail_extend1>时间：{day}</span></td></div><div id=fontzoom><font><p>"
    "\u3000\u3000{year}年{month}月，全国检察机关共批准逮捕各类犯罪嫌疑人{n}人，同比上升{pct}%。"
    "<p>\u3000\u3000共决定起诉{m}人。<b><i></b></i></div></div></td>"
)


@dataclass
class Fault:
    kind: str
    times: int | None = None  # None: until cleared
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Article:
    path: str  # /l/202412/t20241201_700.shtml
    day: str
    title: str
    n: int

    @property
    def key(self) -> str:
        return self.path.rsplit("/", 1)[1].split(".")[0]


def site_spec(base_url: str, host: str, name: str = "faulty") -> SourceSpec:
    """The source file of a FaultSite served at `base_url` (also usable in a child process)."""
    return parse_source(
        {
            "name": name,
            "language": "zh",
            "allowed_hosts": [host],
            "rate_limit_per_second": 10000,
            "listing": {
                "start_urls": [base_url + "/l/index.shtml"],
                "page_url_template": base_url + "/l/index_{n}.shtml",
                "item": "div.commonList_con li",
                "link": "a",
                "date": ":scope > span",
            },
            "article": {
                "title": ["div.detail_tit", "title"],
                "date": "div.detail_extend1",
                "body": "#fontzoom",
                "title_suffixes": ["_中华人民共和国最高人民检察院", "_最高人民检察院"],
            },
            "article_id_pattern": r"/(t\d{8}_\d+)\.shtml",
        }
    )


def make_articles(count: int, first_id: int = 700) -> list[Article]:
    """`count` articles, newest first, one per day going back from 2024-12-28."""
    found = []
    for i in range(count):
        day = time.gmtime(1735344000 - i * 86400)  # 2024-12-28 minus i days
        ymd = time.strftime("%Y%m%d", day)
        ident = first_id + count - i
        found.append(
            Article(
                path=f"/l/{ymd[:6]}/t{ymd}_{ident}.shtml",
                day=time.strftime("%Y-%m-%d", day),
                title=f"检察机关主要办案数据{ident}",
                n=1000 + ident,
            )
        )
    return found


class FaultSite:
    def __init__(self, articles: int = 6, per_page: int = 3) -> None:
        self.articles = make_articles(articles)
        self.per_page = per_page
        self.faults: dict[str, Fault] = {}
        self.requests: list[str] = []
        self.inflight = 0
        self.max_inflight = 0
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with owner._lock:
                    owner.requests.append(self.path)
                    owner.inflight += 1
                    owner.max_inflight = max(owner.max_inflight, owner.inflight)
                try:
                    owner._serve(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client hung up (it cut a body off): expected
                finally:
                    with owner._lock:
                        owner.inflight -= 1

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.host = f"127.0.0.1:{self.httpd.server_address[1]}"
        self.base_url = f"http://{self.host}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> FaultSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # -- what the tests use ------------------------------------------------------------------
    def spec(self, name: str = "faulty") -> SourceSpec:
        return site_spec(self.base_url, self.host, name)

    def inject(self, path: str, kind: str, times: int | None = None, **options: Any) -> None:
        self.faults[path] = Fault(kind, times, options)

    def clear(self) -> None:
        self.faults.clear()

    def hits(self, path: str) -> int:
        return sum(1 for p in self.requests if p == path)

    def listing_path(self, index: int) -> str:
        return "/l/index.shtml" if index == 0 else f"/l/index_{index}.shtml"

    def pages(self) -> list[list[Article]]:
        step = self.per_page
        return [self.articles[i : i + step] for i in range(0, len(self.articles), step)] or [[]]

    # -- serving -----------------------------------------------------------------------------
    def _content(self, path: str) -> tuple[bytes, str] | None:
        pages = self.pages()
        for index, chunk in enumerate(pages):
            if path == self.listing_path(index):
                items = "".join(
                    f'<li><a href=".{a.path[2:]}#1">{a.title}</a><span>{a.day}</span></li>'
                    for a in chunk
                )
                pager = f'<script>createPageHTML({len(pages)}, {index}, "index", "shtml");</script>'
                html = f'<html><body><div class="commonList_con"><ul>{items}</ul></div>{pager}'
                return (html + "</body></html>").encode(), "text/html; charset=utf-8"
        for a in self.articles:
            if path == a.path:
                return self.article_html(a).encode(), "text/html; charset=utf-8"
        if path == "/robots.txt":
            return b"User-agent: *\nDisallow: /private/\n", "text/plain"
        return None

    def article_html(self, a: Article, template: str = ARTICLE, charset: str = "utf-8") -> str:
        year, month = a.day[:4], int(a.day[5:7])
        return template.format(
            charset=charset,
            title=a.title,
            day=a.day,
            year=year,
            month=month,
            n=a.n,
            m=a.n * 2,
            pct=a.n % 50 / 10,
        )

    def _serve(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path.split("#")[0]
        fault = self.faults.get(path)
        if fault is not None and fault.times is not None:
            if fault.times <= 0:
                fault = None
            else:
                fault.times -= 1
        content = self._content(path)
        if fault is None:
            if content is None:
                return _send(h, 404, b"<html><body>404 Not Found</body></html>", "text/html")
            return _send(h, 200, content[0], content[1])
        _FAULTS[fault.kind](self, h, path, content, **fault.options)


def _send(
    h: BaseHTTPRequestHandler,
    status: int,
    body: bytes,
    content_type: str | None = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> None:
    h.send_response(status)
    if content_type:
        h.send_header("Content-Type", content_type)
    h.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        h.send_header(name, value)
    h.end_headers()
    h.wfile.write(body)


def _status(site: FaultSite, h: Any, path: str, content: Any, status: int = 503, **kw: Any) -> None:
    headers = {"Retry-After": str(kw["retry_after"])} if "retry_after" in kw else {}
    _send(h, status, kw.get("body", b"<html>busy</html>"), headers=headers)


def _reset(site: FaultSite, h: Any, path: str, content: Any) -> None:
    """Close with SO_LINGER 0: the client sees a TCP reset, not a clean end."""
    h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    h.connection.close()
    h.close_connection = True


def _slow(site: FaultSite, h: Any, path: str, content: Any, delay: float = 1.0) -> None:
    time.sleep(delay)  # longer than the client's read timeout
    _send(h, 200, content[0], content[1])


def _stall_body(site: FaultSite, h: Any, path: str, content: Any, delay: float = 1.0) -> None:
    """Headers and half the body at once, then nothing for longer than the read timeout."""
    body = content[0]
    h.send_response(200)
    h.send_header("Content-Type", content[1])
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body[: len(body) // 2])
    h.wfile.flush()
    time.sleep(delay)
    h.wfile.write(body[len(body) // 2 :])


def _truncate(site: FaultSite, h: Any, path: str, content: Any) -> None:
    body = content[0]
    h.send_response(200)
    h.send_header("Content-Type", content[1])
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body[: len(body) // 3])
    h.wfile.flush()
    h.close_connection = True


def _article_of(site: FaultSite, path: str) -> Article:
    return next(a for a in site.articles if a.path == path)


def _charset(site: FaultSite, h: Any, path: str, content: Any, header: str | None = None) -> None:
    """A GBK page whose header says `header` (None: no charset at all) and whose meta says
    nothing useful: only detection gets it right."""
    html = site.article_html(_article_of(site, path), charset="")
    html = html.replace('<meta charset="">', "")
    content_type = f"text/html; charset={header}" if header else "text/html"
    _send(h, 200, html.encode("gbk"), content_type)


def _undecodable(site: FaultSite, h: Any, path: str, content: Any) -> None:
    body = bytes(range(0x80, 0x100)) * 64 + b"\x00\xff\xfe" * 100
    _send(h, 200, body, "text/html; charset=utf-8")


def _redirect(site: FaultSite, h: Any, path: str, content: Any, location: str = "") -> None:
    _send(h, 302, b"", None, {"Location": location or path})


def _huge(site: FaultSite, h: Any, path: str, content: Any, size: int = 50 * 1024 * 1024) -> None:
    """50 MB of HTML, no Content-Length (close-delimited), so only the streamed cap stops it."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    h.end_headers()
    chunk = b"<p>" + b"x" * (1024 * 1024 - 7) + b"</p>\n\n"
    for _ in range(size // len(chunk)):
        h.wfile.write(chunk)
    h.close_connection = True


def _malformed(site: FaultSite, h: Any, path: str, content: Any) -> None:
    html = site.article_html(_article_of(site, path), template=MALFORMED)
    _send(h, 200, html.encode(), "text/html; charset=utf-8")


def _challenge(site: FaultSite, h: Any, path: str, content: Any, status: int = 521) -> None:
    _send(h, status, b"<html><script>var _0x2a=['cookie'];document.location.reload();</script>")


_FAULTS: dict[str, Any] = {
    "status": _status,
    "reset": _reset,
    "slow": _slow,
    "stall_body": _stall_body,
    "truncate": _truncate,
    "charset": _charset,
    "undecodable": _undecodable,
    "redirect": _redirect,
    "huge": _huge,
    "malformed": _malformed,
    "challenge": _challenge,
}
