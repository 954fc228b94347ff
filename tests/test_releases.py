"""Release identity against a real server and a real warehouse: one release per canonical
article, multi-page articles joined, reprints linked (never dropped), and `recheck` keeping
every version of an edited page and marking removed pages instead of deleting them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import duckdb

from pipeline import jobs
from pipeline.crawl import Crawler, CrawlStats
from pipeline.extract import extract_figures
from pipeline.fetch.archive import RawArchive
from pipeline.fetch.http import HttpClient
from pipeline.settings import Settings
from pipeline.sources.spec import parse_source
from tests.conftest import Reply, ScriptedServer

HTML = {"Content-Type": "text/html; charset=utf-8"}


def en_spec(srv: ScriptedServer) -> Any:
    return parse_source(
        {
            "name": "en_t",
            "language": "en",
            "allowed_hosts": [srv.host],
            "rate_limit_per_second": 1000,
            "listing": {
                "start_urls": [srv.base_url + "/news/index.htm"],
                "item": "ul.newsList li",
                "link": "a",
                "date": "span.date",
            },
            "article": {"title": "h1", "date": "div.info", "body": "#Content"},
            "article_id_pattern": r"/(c_\d+)(?:_\d+)?\.htm",
        }
    )


def en_listing(links: list[tuple[str, str]]) -> bytes:
    items = "".join(
        f'<li><a href="{href}">Procuratorates release figures</a><span class="date">{day}</span>'
        "</li>"
        for href, day in links
    )
    return f'<ul class="newsList">{items}</ul>'.encode()


def en_page(paragraphs: list[str], pager: str = "", title: str = "Figures") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<html><body><h1>{title}</h1><div class="info">Xinhua| March 9, 2025</div>'
        f'<div id="Content">{body}</div><div class="pager">{pager}</div></body></html>'
    ).encode()


def crawl(srv: ScriptedServer, settings: Settings, spec: Any) -> CrawlStats:
    client = HttpClient(spec.allowed_hosts, 1000, retries=1, backoff_factor=0.0)
    archive = RawArchive(settings.archive)
    stats = Crawler(spec, archive, client, retry_backoff=timedelta(0)).run()
    jobs.load(settings, {spec.name: spec})
    return stats


def recheck(srv: ScriptedServer, settings: Settings, spec: Any) -> CrawlStats:
    client = HttpClient(spec.allowed_hosts, 1000, retries=1, backoff_factor=0.0)
    stats = Crawler(spec, RawArchive(settings.archive), client).recheck()
    jobs.load(settings, {spec.name: spec})
    return stats


def query(settings: Settings, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(settings.db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


PAGE1 = ["Prosecutors approved the arrest of 12,345 suspects in 2024.", "Page one ends here."]
PAGE2 = ["They also prosecuted 23,456 people in 2024."]
PAGE3 = ["A total of 3,456 people were not prosecuted in 2024."]


def test_a_multi_page_article_is_one_release_with_every_page(
    server: ScriptedServer, settings: Settings
) -> None:
    pager = (
        '<a href="c_100.htm">1</a><a href="c_100_2.htm">2</a><a href="c_100_3.htm">3</a>'
        '<a href="c_100_2.htm">Next</a>'
    )
    server.route("/news/index.htm", Reply(200, en_listing([("/2025-03/09/c_100.htm", "")]), HTML))
    server.route("/2025-03/09/c_100.htm", Reply(200, en_page(PAGE1, pager), HTML))
    server.route("/2025-03/09/c_100_2.htm", Reply(200, en_page(PAGE2, pager), HTML))
    server.route("/2025-03/09/c_100_3.htm", Reply(200, en_page(PAGE3, pager), HTML))
    stats = crawl(server, settings, en_spec(server))
    assert stats.articles == 1 and stats.errors == 0
    [(key, body)] = query(settings, "select article_key, body from releases")
    assert key == "c_100"
    assert body == "\n\n".join(PAGE1 + PAGE2 + PAGE3)
    kinds = query(settings, "select kind, count(*) from fetch_log group by 1 order by 1")
    assert kinds == [("article", 1), ("article_page", 2), ("listing", 1)]
    # the crawled release yields what `crimestats extract` yields on its text
    from datetime import date

    expected = {f.value for f in extract_figures(body, date(2025, 3, 9), lang="en")}
    assert {v for (v,) in query(settings, "select value from figures")} == expected
    assert {12345.0, 23456.0} <= expected
    assert query(settings, "select version, pages from release_versions") == [(1, 3)]


def test_an_article_whose_second_page_fails_is_retried_whole(
    server: ScriptedServer, settings: Settings
) -> None:
    pager = '<a href="c_200_2.htm">2</a>'
    server.route("/news/index.htm", Reply(200, en_listing([("/2025-03/09/c_200.htm", "")]), HTML))
    server.route("/2025-03/09/c_200.htm", Reply(200, en_page(PAGE1, pager), HTML))
    server.route("/2025-03/09/c_200_2.htm", Reply(500, b"oops"))
    first = crawl(server, settings, en_spec(server))
    assert first.articles == 0 and first.errors == 2
    assert query(settings, "select count(*) from releases") == [(0,)]  # no half article
    server.route("/2025-03/09/c_200_2.htm", Reply(200, en_page(PAGE2, pager), HTML))
    second = crawl(server, settings, en_spec(server))
    assert second.articles == 1
    assert query(settings, "select body from releases") == [("\n\n".join(PAGE1 + PAGE2),)]


def test_link_forms_of_one_article_are_one_release_and_reprints_are_linked(
    server: ScriptedServer, settings: Settings
) -> None:
    text = ["Prosecutors approved the arrest of 777 suspects in 2024."]
    links = [
        ("/2025-03/09/c_300.htm#1", "2025-03-09"),
        ("//2025-03/09/c_300.htm", "2025-03-09"),
        ("/2025-03/09//c_300.htm", "2025-03-09"),
        ("/2025-03/10/c_301.htm", "2025-03-10"),  # a reprint: same text, another article
    ]
    server.route("/news/index.htm", Reply(200, en_listing(links), HTML))
    server.route("/2025-03/09/c_300.htm", Reply(200, en_page(text), HTML))
    reprint = en_page(["\u3000" + text[0] + "  "], title="Reprinted")  # other spacing
    server.route("/2025-03/10/c_301.htm", Reply(200, reprint, HTML))
    stats = crawl(server, settings, en_spec(server))
    assert stats.articles == 2 and server.hits("/2025-03/09/c_300.htm") == 1
    ids = dict(query(settings, "select article_key, release_id from releases"))
    assert set(ids) == {"c_300", "c_301"}  # both kept
    assert query(settings, "select release_id, original_release_id from release_reprints") == [
        (ids["c_301"], ids["c_300"])
    ]


def test_recheck_keeps_both_versions_and_marks_removed_pages(
    server: ScriptedServer, settings: Settings
) -> None:
    links = [
        ("/2025-03/09/c_400.htm", ""),
        ("/2025-03/09/c_401.htm", ""),
        ("/2025-03/09/c_402.htm", ""),
    ]
    server.route("/news/index.htm", Reply(200, en_listing(links), HTML))
    first = ["Prosecutors approved the arrest of 100 suspects in 2024."]
    server.route("/2025-03/09/c_400.htm", Reply(200, en_page(first), HTML))
    server.route("/2025-03/09/c_401.htm", Reply(200, en_page(PAGE2), HTML))
    seen: dict[str, str] = {}

    def with_etag(handler: Any) -> Reply:
        seen["inm"] = handler.headers.get("If-None-Match", "")
        if seen["inm"] == '"v1"':
            return Reply(304, b"")
        return Reply(200, en_page(PAGE3), {**HTML, "ETag": '"v1"'})

    server.route("/2025-03/09/c_402.htm", with_etag)
    spec = en_spec(server)
    crawl(server, settings, spec)
    assert query(settings, "select count(*) from releases") == [(3,)]
    edited = ["Prosecutors approved the arrest of 150 suspects in 2024 (corrected)."]
    server.route("/2025-03/09/c_400.htm", Reply(200, en_page(edited), HTML))
    server.route("/2025-03/09/c_401.htm", Reply(404, b"gone"))
    stats = recheck(server, settings, spec)
    assert (stats.changed, stats.removed) == (1, 1)
    assert seen["inm"] == '"v1"'  # unchanged page answered 304
    rows = dict(query(settings, "select article_key, body from releases"))
    assert rows["c_400"] == edited[0] and len(rows) == 3  # nothing deleted
    versions = query(
        settings,
        "select r.article_key, v.version from release_versions v join releases r using"
        " (release_id) order by 1, 2",
    )
    assert versions == [("c_400", 1), ("c_400", 2), ("c_401", 1), ("c_402", 1)]
    removed = query(settings, "select article_key from releases where removed_at is not null")
    assert removed == [("c_401",)]
    archive = RawArchive(settings.archive)
    shas = [s for (s,) in query(settings, "select raw_sha256 from release_versions")]
    assert all(archive.has(s) for s in shas)
    # it comes back: no longer removed
    server.route("/2025-03/09/c_401.htm", Reply(200, en_page(PAGE2), HTML))
    recheck(server, settings, spec)
    assert query(settings, "select count(*) from releases where removed_at is not null") == [(0,)]
