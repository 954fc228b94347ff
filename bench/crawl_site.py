"""A generated TRS-style procuratorate site for the crawl benchmark, served from memory on
127.0.0.1: `releases` articles, 20 per listing page (index.shtml, index_1.shtml ...), listing
pages with ETags (a quiet night answers 304), articles with several figures each.

    with serve(2000) as (base_url, host, counter):
        ...  # counter["requests"] counts every request
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PER_PAGE = 20
OFFENCES = ("电信网络诈骗", "帮助信息网络犯罪活动", "危险驾驶", "盗窃", "故意伤害", "走私")


def article_path(i: int, day: date) -> str:
    return f"/spp/xwfbh/wsfbt/{day:%Y%m}/t{day:%Y%m%d}_{100000 + i}.shtml"


def article_html(i: int, day: date) -> bytes:
    offence = OFFENCES[i % len(OFFENCES)]
    paragraphs = [
        f"{day.year}年1至{day.month}月，全国检察机关共批准逮捕各类犯罪嫌疑人{20000 + i * 7}人，"
        f"同比下降{i % 9 + 1}.{i % 7}%；不批准逮捕{9000 + i}人。",
        f"共决定起诉{50000 + i * 11}人，同比上升{i % 5 + 2}.{i % 3}%；"
        f"决定不起诉{12000 + i * 3}人。",
        f"其中，起诉{offence}犯罪{3000 + i}人，同比上升{i % 40 + 1}%。",
        "检察机关坚持依法能动履职，持续加强法律监督，促进社会治理。" * 3,
    ]
    body = "".join(f"<p>\u3000\u3000{p}</p>" for p in paragraphs)
    return (
        f"<html><head><meta charset='utf-8'><title>检察机关主要办案数据{i}"
        "_中华人民共和国最高人民检察院</title></head><body>"
        f"<div class='detail_tit'>检察机关主要办案数据{i}</div>"
        f"<div class='detail_extend1'>时间：{day.isoformat()}</div><div id='fontzoom'>{body}"
        "</div><div id='pageBreak'></div></body></html>"
    ).encode()


class Site:
    def __init__(self, releases: int, newest: date = date(2025, 12, 31)) -> None:
        # one release every ~1.5 days going back from `newest`, newest first
        self.items = [(i, newest - timedelta(days=i * 3 // 2)) for i in range(releases)]
        self.pages = (releases + PER_PAGE - 1) // PER_PAGE
        self.by_path = {article_path(i, d): (i, d) for i, d in self.items}

    def listing(self, index: int) -> bytes:
        chunk = self.items[index * PER_PAGE : (index + 1) * PER_PAGE]
        rows = "".join(
            f"<li><a href='.{article_path(i, d)[16:]}'>检察机关主要办案数据{i}</a>"
            f"<span>{d.isoformat()}</span></li>"
            for i, d in chunk
        )
        pager = f"<script>createPageHTML({self.pages}, {index}, 'index', 'shtml');</script>"
        return f"<div class='commonList_con'><ul>{rows}</ul></div>{pager}".encode()

    def answer(self, path: str, headers: Any) -> tuple[int, bytes, dict[str, str]]:
        html = {"Content-Type": "text/html; charset=utf-8"}
        if path.startswith("/spp/xwfbh/wsfbt/index"):
            name = path.rsplit("/", 1)[1]
            index = 0 if name == "index.shtml" else int(name[6:].split(".")[0])
            if index >= self.pages:
                return 404, b"", html
            etag = f'"p{index}-{len(self.items)}"'
            if headers.get("If-None-Match") == etag:
                return 304, b"", {"ETag": etag}
            return 200, self.listing(index), {**html, "ETag": etag}
        if path in self.by_path:
            return 200, article_html(*self.by_path[path]), html
        if path == "/robots.txt":
            return 200, b"User-agent: *\nDisallow: /search/\n", {"Content-Type": "text/plain"}
        return 404, b"not found", html


@contextmanager
def serve(releases: int) -> Iterator[tuple[str, str, dict[str, int]]]:
    site = Site(releases)
    counter = {"requests": 0}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body in separate writes: no 40 ms stall

        def do_GET(self) -> None:
            counter["requests"] += 1
            status, body, headers = site.answer(self.path.split("#")[0], self.headers)
            self.send_response(status)
            for name, value in {**headers, "Content-Length": str(len(body))}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    host = f"127.0.0.1:{httpd.server_address[1]}"
    try:
        yield f"http://{host}", host, counter
    finally:
        httpd.shutdown()
        httpd.server_close()
