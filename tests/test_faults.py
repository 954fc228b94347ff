"""Every fault of issue 4 against a real misbehaving server on 127.0.0.1 (tests/faultsite.py), a
real archive and a real DuckDB warehouse. For each: the run finishes, what could be fetched is
loaded, the rest is in fetch_log, and a second run after the fault clears fills the gap with no
duplicates."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline import jobs
from pipeline.crawl import Crawler, CrawlStats
from pipeline.fetch.archive import RawArchive
from pipeline.fetch.http import HttpClient
from pipeline.settings import Settings
from tests.faultsite import FaultSite, make_articles

READ_TIMEOUT = 0.3


@pytest.fixture
def site() -> Iterator[FaultSite]:
    with FaultSite(articles=6, per_page=3) as running:
        yield running


def run_once(site: FaultSite, settings: Settings) -> CrawlStats:
    """One incremental crawl with tiny backoffs, then the load (the nightly run minus build)."""
    spec = site.spec()
    client = HttpClient(
        spec.allowed_hosts,
        10000,
        retries=3,
        backoff_factor=0.01,
        timeout=(1.0, READ_TIMEOUT),
        max_retry_after=2.0,
    )
    try:
        stats = Crawler(
            spec, RawArchive(settings.archive), client, retry_backoff=timedelta(0)
        ).run()
    finally:
        client.close()
    jobs.load(settings, {spec.name: spec})
    return stats


def query(settings: Settings, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(settings.db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def loaded_keys(settings: Settings) -> list[str]:
    return sorted(k for (k,) in query(settings, "select article_key from releases"))


def fetches(settings: Settings, path: str) -> list[tuple[str, int]]:
    return query(
        settings,
        "select outcome, attempts from fetch_log where url like ? order by fetched_at",
        f"%{path}",
    )


def assert_complete_without_duplicates(site: FaultSite, settings: Settings) -> None:
    keys = loaded_keys(settings)
    assert keys == sorted(a.key for a in site.articles)  # one release each, none twice
    ok = query(settings, "select count(*) from releases where parse_status = 'ok'")[0][0]
    assert ok == len(site.articles)
    (dupes,) = query(
        settings,
        "select count(*) from (select release_id, span_start, count(*) c from figures"
        " group by all having c > 1)",
    )[0]
    assert dupes == 0
    arrests = {
        int(v) for (v,) in query(settings, "select value from figures where metric = 'arrested'")
    }
    assert arrests == {a.n for a in site.articles}  # the right text, not mojibake


TRANSIENT = [
    pytest.param("status", {"status": 500, "times": 2}, id="500-burst"),
    pytest.param("status", {"status": 503, "times": 3}, id="503-burst"),
    pytest.param("status", {"status": 429, "times": 1, "retry_after": 0}, id="429"),
    pytest.param("reset", {"times": 2}, id="connection-reset"),
    pytest.param("slow", {"times": 1, "delay": 0.6}, id="slower-than-read-timeout"),
    pytest.param("stall_body", {"times": 1, "delay": 0.6}, id="body-stalls"),
    pytest.param("truncate", {"times": 2}, id="truncated-body"),
]


@pytest.mark.parametrize(("kind", "options"), TRANSIENT)
def test_transient_faults_cost_no_release(
    site: FaultSite, settings: Settings, kind: str, options: dict[str, Any]
) -> None:
    target = site.articles[1].path
    site.inject(target, kind, **options)
    stats = run_once(site, settings)
    assert stats.errors == 0 and stats.source_down is None
    assert_complete_without_duplicates(site, settings)
    [(outcome, attempts)] = fetches(settings, target)
    assert outcome == "ok" and attempts >= 2  # retried within the run, the body read included


PERSISTENT = [
    pytest.param("status", {"status": 500}, "gave_up", id="500-forever"),
    pytest.param("status", {"status": 503}, "gave_up", id="503-forever"),
    pytest.param("status", {"status": 429, "retry_after": 0}, "gave_up", id="429-forever"),
    pytest.param("reset", {}, "gave_up", id="connection-reset"),
    pytest.param("slow", {"delay": 0.5}, "timeout", id="slower-than-read-timeout"),
    pytest.param("stall_body", {"delay": 0.5}, "timeout", id="body-stalls"),
    pytest.param("truncate", {}, "gave_up", id="truncated-body"),
    pytest.param("redirect", {"location": "http://evil.example/x"}, "off_host", id="off-host"),
    pytest.param("redirect", {}, "redirect_loop", id="redirect-loop"),
    pytest.param("huge", {}, "too_large", id="50MB-body"),
    pytest.param("status", {"status": 404}, "not_found", id="listed-article-404"),
    pytest.param("undecodable", {}, "decode_error", id="undecodable"),
    pytest.param("challenge", {"status": 521}, "challenge", id="challenge-521"),
    pytest.param("challenge", {"status": 200}, "challenge", id="challenge-200-script"),
]


@pytest.mark.parametrize(("kind", "options", "outcome"), PERSISTENT)
def test_lasting_faults_are_logged_and_the_next_run_fills_the_gap(
    site: FaultSite, settings: Settings, kind: str, options: dict[str, Any], outcome: str
) -> None:
    broken = site.articles[4]  # on listing page 2
    site.inject(broken.path, kind, **options)
    first = run_once(site, settings)
    assert first.errors == 1 and first.source_down is None  # the run finished
    assert loaded_keys(settings) == sorted(a.key for a in site.articles if a != broken)
    [(logged, attempts)] = fetches(settings, broken.path)
    assert logged == outcome
    if outcome in ("gave_up", "timeout"):
        assert attempts >= 4  # at least 3 retries before giving up
    site.clear()
    site.requests.clear()
    second = run_once(site, settings)
    assert second.articles == 1 and second.errors == 0
    assert_complete_without_duplicates(site, settings)
    assert [o for o, _ in fetches(settings, broken.path)] == [outcome, "ok"]
    # nothing new: robots, listing page 1, page 2 (it held the failure) and the retried URL
    assert site.hits(broken.path) == 1
    assert len(site.requests) <= 4, site.requests


@pytest.mark.parametrize(
    ("kind", "options"),
    [
        pytest.param("charset", {"header": "utf-8"}, id="wrong-charset"),
        pytest.param("charset", {"header": None}, id="missing-charset"),
        pytest.param("malformed", {}, id="malformed-html"),
    ],
)
def test_bad_markup_and_charsets_still_load_the_right_text(
    site: FaultSite, settings: Settings, kind: str, options: dict[str, Any]
) -> None:
    for article in site.articles:
        site.inject(article.path, kind, **options)
    stats = run_once(site, settings)
    assert stats.errors == 0
    assert_complete_without_duplicates(site, settings)
    bodies = [b for (b,) in query(settings, "select body from releases")]
    assert all("全国检察机关共批准逮捕各类犯罪嫌疑人" in b for b in bodies)


def test_a_failing_listing_page_is_walked_again_next_run(
    site: FaultSite, settings: Settings
) -> None:
    site.inject(site.listing_path(1), "status", status=503)
    first = run_once(site, settings)
    assert first.listing_failures == 1 and first.source_down is None
    assert len(loaded_keys(settings)) == 3
    assert fetches(settings, site.listing_path(1))[0][0] == "gave_up"
    site.clear()
    run_once(site, settings)
    assert_complete_without_duplicates(site, settings)


def test_a_source_whose_first_listing_page_fails_is_down_then_recovers(
    site: FaultSite, settings: Settings
) -> None:
    site.inject(site.listing_path(0), "reset")
    down = run_once(site, settings)
    assert down.source_down and "gave_up" in down.source_down
    assert loaded_keys(settings) == []
    site.clear()
    run_once(site, settings)
    assert_complete_without_duplicates(site, settings)


def test_a_listing_that_changes_between_runs(site: FaultSite, settings: Settings) -> None:
    run_once(site, settings)
    before = list(site.articles)
    newer = make_articles(9)[:3]  # ids above the old ones, newer days
    newer = [a.__class__(a.path.replace("_7", "_9"), a.day, a.title, a.n + 100) for a in newer]
    site.articles = newer + before[:2] + before[3:]  # three new on top, one taken down
    site.requests.clear()
    second = run_once(site, settings)
    assert second.articles == 3
    fetched = [p for p in site.requests if p.endswith(".shtml") and "index" not in p]
    assert sorted(fetched) == sorted(a.path for a in newer)  # old articles not fetched again
    keys = loaded_keys(settings)
    assert keys == sorted({a.key for a in before + newer})  # the one taken down is kept
    assert len(keys) == len(set(keys)) == 9


def test_failed_url_backoff_is_per_url_and_counted_across_runs(
    site: FaultSite, settings: Settings
) -> None:
    broken = site.articles[0]
    site.inject(broken.path, "status", status=404)
    spec = site.spec()
    archive = RawArchive(settings.archive)

    def crawl(backoff: timedelta) -> CrawlStats:
        client = HttpClient(spec.allowed_hosts, 10000, retries=0, backoff_factor=0.0)
        return Crawler(spec, archive, client, retry_backoff=backoff).run()

    crawl(timedelta(0))
    crawl(timedelta(0))  # failed twice: due again after 2 x backoff
    site.requests.clear()
    quiet = crawl(timedelta(hours=1))
    assert quiet.deferred == 1 and site.hits(broken.path) == 0
    assert len(site.requests) <= 3  # robots, listing page 1 (and nothing else)
    attempts = [r for r in archive.records() if r.article_key == broken.key]
    assert [r.outcome for r in attempts] == ["not_found", "not_found"]


def test_two_sources_on_one_host_share_the_concurrency_cap(site: FaultSite, tmp_path: Path) -> None:
    import threading

    for article in site.articles:
        site.inject(article.path, "slow", delay=0.15)
    clients = [
        HttpClient((site.host,), 10000, max_concurrent_per_host=2, timeout=(1.0, 2.0))
        for _ in range(2)
    ]
    threads = [
        threading.Thread(target=clients[i % 2].get, args=(site.base_url + a.path,))
        for i, a in enumerate(site.articles)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert site.max_inflight == 2
