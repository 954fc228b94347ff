"""The crawl loop against a real server on 127.0.0.1: incremental paging, conditional GET,
failed articles retried, challenge pages, and what makes a source count as down."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from pipeline.crawl import Crawler
from pipeline.fetch.archive import RawArchive
from pipeline.fetch.http import HttpClient
from pipeline.sources.spec import parse_source
from tests.conftest import Reply, ScriptedServer

ARTICLE = (
    "<html><head><title>{title}_中华人民共和国最高人民检察院</title></head><body>"
    '<div class="detail_tit">{title}</div><div class="detail_extend1">时间：{day}</div>'
    '<div id="fontzoom"><p>\u3000\u3000检察机关共批准逮捕犯罪嫌疑人{n}人。</p></div></body></html>'
)


def listing(entries: list[tuple[str, str]], pages: int, index: int) -> bytes:
    items = "".join(
        f'<li><a href="./{href}">最高人民检察院发布检察机关主要办案数据</a><span>{day}</span></li>'
        for href, day in entries
    )
    pager = f'<script>createPageHTML({pages}, {index}, "index", "shtml");</script>'
    return f'<div class="commonList_con"><ul>{items}</ul></div>{pager}'.encode()


def spec_for(srv: ScriptedServer):
    return parse_source(
        {
            "name": "t",
            "language": "zh",
            "allowed_hosts": [srv.host],
            "rate_limit_per_second": 1000,
            "listing": {
                "start_urls": [srv.base_url + "/l/index.shtml"],
                "page_url_template": srv.base_url + "/l/index_{n}.shtml",
                "item": "div.commonList_con li",
                "link": "a",
                "date": ":scope > span",
            },
            "article": {
                "title": "div.detail_tit",
                "date": "div.detail_extend1",
                "body": "#fontzoom",
            },
            "article_id_pattern": r"/(t\d{8}_\d+)\.shtml",
        }
    )


def site(srv: ScriptedServer, per_page: int = 2, total: int = 6) -> list[str]:
    """`total` articles, newest first, `per_page` per listing page."""
    paths = [f"2024{12 - i:02d}/t2024{12 - i:02d}01_{700 - i}.shtml" for i in range(total)]
    pages = [paths[i : i + per_page] for i in range(0, total, per_page)]
    for index, chunk in enumerate(pages):
        name = "index.shtml" if index == 0 else f"index_{index}.shtml"
        entries = [(p, f"2024-{p[4:6]}-01") for p in chunk]
        srv.route(
            f"/l/{name}",
            Reply(
                200,
                listing(entries, len(pages), index),
                {"Content-Type": "text/html; charset=utf-8", "ETag": f'"p{index}"'},
            ),
        )
    for n, p in enumerate(paths):
        body = ARTICLE.format(title=f"发布{n}", day=f"2024-{p[4:6]}-01", n=100 + n).encode()
        srv.route(f"/l/{p}", Reply(200, body, {"Content-Type": "text/html; charset=utf-8"}))
    return paths


def crawl(
    srv: ScriptedServer, archive: RawArchive, backoff: timedelta = timedelta(0), **kwargs: object
):
    spec = spec_for(srv)
    client = HttpClient(spec.allowed_hosts, 1000, backoff_factor=0.0, retries=1)
    crawler = Crawler(spec, archive, client, retry_backoff=backoff)
    return crawler.run(**kwargs)  # type: ignore[arg-type]


def test_first_crawl_walks_every_page_then_incremental_stops_early(
    server: ScriptedServer, tmp_path: Path
) -> None:
    paths = site(server)
    archive = RawArchive(tmp_path)
    first = crawl(server, archive)
    assert (first.pages, first.articles, first.errors) == (3, 6, 0)
    assert first.source_down is None
    # a new release appears on top: page 1 changes, the rest is known
    server.requests.clear()
    newest = "202501/t20250105_800.shtml"
    server.route(
        "/l/index.shtml",
        Reply(200, listing([(newest, "2025-01-05"), (paths[0], "2024-12-01")], 3, 0)),
    )
    server.route(
        f"/l/{newest}", Reply(200, ARTICLE.format(title="新", day="2025-01-05", n=5).encode())
    )
    second = crawl(server, archive)
    assert (second.pages, second.articles) == (2, 1)  # page 2 holds nothing new: stop there
    assert server.hits(f"/l/{paths[0]}") == 0  # archived articles are not fetched again


def test_conditional_get_ends_a_quiet_run_after_one_request(
    server: ScriptedServer, tmp_path: Path
) -> None:
    site(server)
    archive = RawArchive(tmp_path)
    crawl(server, archive)
    seen: dict[str, str] = {}

    def not_modified(handler: object) -> Reply:
        seen["etag"] = handler.headers.get("If-None-Match", "")  # type: ignore[attr-defined]
        return Reply(304, b"")

    server.route("/l/index.shtml", not_modified)
    server.requests.clear()
    quiet = crawl(server, archive)
    assert seen["etag"] == '"p0"'
    assert [p for p in server.requests if p != "/robots.txt"] == ["/l/index.shtml"]
    assert quiet.errors == 0 and quiet.source_down is None


def test_failed_article_is_recorded_and_retried_next_run(
    server: ScriptedServer, tmp_path: Path
) -> None:
    paths = site(server, per_page=3, total=3)
    server.route(f"/l/{paths[1]}", Reply(500, b"oops"))
    archive = RawArchive(tmp_path)
    first = crawl(server, archive)
    assert first.articles == 2 and first.errors == 1 and first.source_down is None
    failed = [r for r in archive.records() if r.outcome == "gave_up"]
    assert len(failed) == 1 and failed[0].attempts == 2 and failed[0].sha256 is None
    server.route(
        f"/l/{paths[1]}", Reply(200, ARTICLE.format(title="x", day="2024-11-01", n=1).encode())
    )
    second = crawl(server, archive)
    assert second.articles == 1 and second.errors == 0


def test_challenge_pages_are_recorded_never_archived(
    server: ScriptedServer, tmp_path: Path
) -> None:
    paths = site(server, per_page=2, total=2)
    server.route(
        f"/l/{paths[0]}", Reply(200, b"<html><script>var _0x=1;location.reload()</script></html>")
    )
    archive = RawArchive(tmp_path)
    stats = crawl(server, archive)
    outcomes = {
        r.url.rsplit("/", 1)[1]: r.outcome for r in archive.records() if r.kind == "article"
    }
    assert outcomes[paths[0].split("/")[1]] == "challenge"
    assert stats.articles == 1


def test_a_source_whose_listing_fails_is_down(server: ScriptedServer, tmp_path: Path) -> None:
    server.route("/l/index.shtml", Reply(503, b"down"))
    stats = crawl(server, RawArchive(tmp_path))
    assert stats.source_down is not None and "every listing page failed" in stats.source_down
    assert "gave_up" in stats.source_down


def test_since_until_bound_the_crawl_by_listing_date(
    server: ScriptedServer, tmp_path: Path
) -> None:
    site(server, per_page=2, total=6)  # Dec, Nov | Oct, Sep | Aug, Jul 2024
    stats = crawl(server, RawArchive(tmp_path), since=date(2024, 9, 1), until=date(2024, 10, 31))
    assert stats.articles == 2
    assert stats.pages == 3  # page 3 (Aug, Jul) is all older than since: paging stops there
