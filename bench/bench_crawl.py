"""The crawler against a generated site of 2,000+ releases on 127.0.0.1 (bench/crawl_site.py).

    .venv/bin/python bench/bench_crawl.py [--releases 2000]

1. Full backfill with the rate limit lifted, then one load: pages per second and where the time
   goes (network wait = time inside HTTP fetches; parsing = listing and article HTML; extraction
   = extract_figures; loading = the rest of the load: archive reads, decoding, DuckDB writes).
2. The nightly run with nothing new: requests made and time taken (crawl and load).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import crawl_site

from pipeline import crawl as crawl_module
from pipeline import jobs
from pipeline.crawl import Crawler
from pipeline.fetch.archive import RawArchive
from pipeline.fetch.http import HttpClient
from pipeline.settings import Settings
from pipeline.sources import load_source
from pipeline.warehouse import load as load_module

SPENT: dict[str, float] = defaultdict(float)


def timed(module: Any, name: str, bucket: str) -> None:
    """Wrap module.name so the time spent in it adds to SPENT[bucket]."""
    original: Callable[..., Any] = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            SPENT[bucket] += time.perf_counter() - started

    setattr(module, name, wrapper)


def spec_for(base_url: str, host: str) -> Any:
    """The bundled sample source (the generated site has its TRS markup), rate limit lifted."""
    sample = Path(__file__).resolve().parents[1] / "pipeline" / "sources" / "sample.yaml"
    spec = load_source(sample, base_url=base_url, host=host)
    listing = replace(spec.listing, max_pages=1000)
    return replace(spec, name="bench", rate_limit_per_second=1e9, listing=listing)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--releases", type=int, default=2000)
    args = parser.parse_args()
    timed(crawl_module, "parse_listing", "parsing")
    timed(load_module, "parse_article", "parsing")
    timed(load_module, "join_pages", "parsing")
    timed(load_module, "extract_figures", "extraction")
    with tempfile.TemporaryDirectory() as tmp, crawl_site.serve(args.releases) as served:
        base_url, host, counter = served
        settings = Settings.from_env(db=Path(tmp) / "w.duckdb", archive=Path(tmp) / "raw")
        spec = spec_for(base_url, host)
        archive = RawArchive(settings.archive)

        def crawl(**kwargs: Any) -> Any:
            client = HttpClient(spec.allowed_hosts, 1e9, max_concurrent_per_host=2)
            try:
                crawler = Crawler(spec, archive, client, retry_backoff=timedelta(hours=1))
                return crawler.run(**kwargs)
            finally:
                client.close()

        started = time.perf_counter()
        stats = crawl(since=date(2000, 1, 1), backfill=True)
        crawl_s = time.perf_counter() - started
        network = sum(r.elapsed_ms for r in archive.records()) / 1000
        crawl_parsing = SPENT["parsing"]
        started = time.perf_counter()
        loaded = jobs.load(settings, {spec.name: spec})
        load_s = time.perf_counter() - started
        load_parsing = SPENT["parsing"] - crawl_parsing
        pages = stats.pages + stats.articles
        print(f"site: {args.releases} releases, {stats.pages} listing pages (127.0.0.1)")
        print(
            f"full backfill: {pages} pages in {crawl_s:.1f} s = {pages / crawl_s:.0f} pages/s; "
            f"{stats.articles} articles, {stats.errors} errors"
        )
        print(
            f"  crawl {crawl_s:.1f} s: network wait {network:.1f} s, listing parsing "
            f"{crawl_parsing:.2f} s, archive/decode/other {crawl_s - network - crawl_parsing:.1f} s"
        )
        print(
            f"  load {load_s:.1f} s ({loaded.releases} releases, {loaded.figures} figures): "
            f"article parsing {load_parsing:.1f} s, extraction {SPENT['extraction']:.1f} s, "
            f"loading {load_s - load_parsing - SPENT['extraction']:.1f} s"
        )
        counter["requests"] = 0
        started = time.perf_counter()
        quiet = crawl()
        quiet_crawl = time.perf_counter() - started
        requests = counter["requests"]
        started = time.perf_counter()
        jobs.load(settings, {spec.name: spec})
        quiet_load = time.perf_counter() - started
        print(
            f"nightly run, nothing new: {requests} requests ({quiet.pages} listing page, "
            f"{quiet.articles} articles) in {quiet_crawl:.2f} s; load {quiet_load:.2f} s"
        )


if __name__ == "__main__":
    main()
