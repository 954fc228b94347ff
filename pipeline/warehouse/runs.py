"""Recording what the crawler counted per run and source (`crawl_runs`).

fetch_log knows every fetch but not how many article links a listing page held, and that is
what tells a broken selector (pages, no items) from a quiet source (items, all known).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import duckdb


class CrawlCounts(Protocol):
    """What `pipeline.crawl.CrawlStats` provides (kept structural: no import of the crawler)."""

    source: str
    run_id: str
    pages: int
    articles: int
    skipped_known: int
    errors: int
    listing_failures: int

    @property
    def source_down(self) -> str | None: ...


def record_crawls(con: duckdb.DuckDBPyConnection, crawls: Iterable[CrawlCounts]) -> int:
    """Upsert one crawl_runs row per (run, source); rerunning with the same stats is a no-op."""
    rows = {
        (c.run_id, c.source): (
            c.run_id,
            c.source,
            c.pages,
            c.articles + c.skipped_known,
            c.articles,
            c.errors,
            c.listing_failures,
            c.source_down,
        )
        for c in crawls
    }
    if rows:
        con.executemany(
            "insert or replace into crawl_runs (run_id, source, pages, listing_items,"
            " new_articles, errors, listing_failures, source_down)"
            " values (?, ?, ?, ?, ?, ?, ?, ?)",
            list(rows.values()),
        )
    return len(rows)
