"""Backfill progress and resumption, and a run killed with SIGKILL, against a real server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline.crawl import Crawler, CrawlStats
from pipeline.fetch.archive import RawArchive
from pipeline.fetch.http import HttpClient
from tests.conftest import REPO
from tests.faultsite import FaultSite


@pytest.fixture
def site() -> Iterator[FaultSite]:
    with FaultSite(articles=12, per_page=3) as running:
        yield running


class Interrupted(Exception):
    pass


def backfill(site: FaultSite, archive: RawArchive, stop_at_page: int | None = None) -> CrawlStats:
    lines: list[str] = []

    def progress(stats: CrawlStats, message: str) -> None:
        lines.append(stats.describe())
        if stop_at_page and stats.pages == stop_at_page and not message.startswith("page"):
            raise Interrupted(stats.describe())  # Ctrl-C in the middle of a listing page

    spec = site.spec()
    client = HttpClient(spec.allowed_hosts, 10000, retries=0)
    crawler = Crawler(spec, archive, client, progress, retry_backoff=timedelta(0))
    stats = crawler.run(since=date(2024, 12, 1), backfill=True)
    stats.error_messages.extend(lines)  # keep the progress lines for the assertions
    return stats


def test_an_interrupted_backfill_resumes_without_refetching(
    site: FaultSite, tmp_path: Path
) -> None:
    archive = RawArchive(tmp_path)
    with pytest.raises(Interrupted) as stopped:
        backfill(site, archive, stop_at_page=3)
    assert "ETA" in str(stopped.value)  # progress shows pages, articles, errors and an ETA
    fetched_before = [p for p in site.requests if "/t2024" in p]
    assert len(fetched_before) == 7  # pages 1-2 (6 articles) and the first of page 3
    site.requests.clear()
    resumed = backfill(site, archive)
    assert resumed.resumed_from_page == 3
    assert "/l/index.shtml" not in site.requests and "/l/index_1.shtml" not in site.requests
    refetched = [p for p in site.requests if "/t2024" in p]
    assert not set(refetched) & set(fetched_before)  # nothing archived is fetched again
    assert resumed.articles == 5 and resumed.skipped_known == 1
    assert archive.read_state("backfill-faulty") is None  # the walk finished: checkpoint gone
    keys = {r.article_key for r in archive.records() if r.kind == "article" and r.outcome == "ok"}
    assert keys == {a.key for a in site.articles}


def test_progress_eta_comes_from_listing_dates() -> None:
    stats = CrawlStats("s", "r", since=date(2024, 1, 1))
    stats.newest, stats.oldest = date(2024, 12, 31), date(2024, 12, 1)
    stats.started = time.monotonic() - 10  # 30 of 365 days in 10 s
    eta = stats.eta_seconds()
    assert eta is not None and 100 < eta < 125
    assert "ETA" in stats.describe() and "back to 2024-12-01" in stats.describe()


CHILD = """
import sys
from datetime import timedelta
from pathlib import Path
from pipeline import jobs
from pipeline.crawl import Crawler
from pipeline.fetch.archive import RawArchive
from pipeline.fetch.http import HttpClient
from pipeline.settings import Settings
from tests.faultsite import site_spec

base_url, host, root = sys.argv[1:4]
settings = Settings.from_env(db=Path(root) / "w.duckdb", archive=Path(root) / "raw")
spec = site_spec(base_url, host)
client = HttpClient(spec.allowed_hosts, 10000, retries=1, backoff_factor=0.0)
Crawler(spec, RawArchive(settings.archive), client, retry_backoff=timedelta(0)).run()
jobs.load(settings, {spec.name: spec})
"""


def child(site: FaultSite, root: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-c", CHILD, site.base_url, site.host, str(root)]
    return subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """releases and figures, every column but timestamps, in key order."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        found = {}
        for table, key in (("releases", "release_id"), ("figures", "figure_id")):
            columns = [
                name
                for name, kind in con.execute(
                    "select column_name, data_type from duckdb_columns() where table_name = ?",
                    [table],
                ).fetchall()
                if "TIMESTAMP" not in kind
            ]
            found[table] = con.execute(
                f"select {', '.join(columns)} from {table} order by {key}"
            ).fetchall()
        return found
    finally:
        con.close()


def test_a_run_killed_mid_way_and_restarted_equals_an_uninterrupted_run(
    tmp_path: Path,
) -> None:
    with FaultSite(articles=40, per_page=10) as site:
        for article in site.articles:
            site.inject(article.path, "slow", delay=0.03)
        reference = tmp_path / "reference"
        assert child(site, reference).wait(60) == 0
        expected = snapshot(reference / "w.duckdb")
        assert len(expected["releases"]) == 40 and len(expected["figures"]) >= 80

        site.requests.clear()
        killed_root = tmp_path / "killed"
        process = child(site, killed_root)
        deadline = time.monotonic() + 30
        while sum("/t2024" in p for p in site.requests) < 15 and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
        assert process.returncode == -signal.SIGKILL
        fetched = sum("/t2024" in p for p in site.requests)
        assert 15 <= fetched < 40  # killed in the middle of the crawl
        site.requests.clear()
        restarted = child(site, killed_root)
        assert restarted.wait(60) == 0, restarted.stderr.read() if restarted.stderr else ""
        refetched = sum("/t2024" in p for p in site.requests)
        assert refetched <= 40 - fetched + 1  # only what was not archived (and the one in flight)
        assert snapshot(killed_root / "w.duckdb") == expected
