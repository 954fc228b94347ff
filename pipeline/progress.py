"""Progress for long work: a live bar on a terminal, plain log lines otherwise."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import Progress as RichProgress
from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

from pipeline.crawl import CrawlStats, Progress

log = logging.getLogger("crimestats")


@contextmanager
def crawl_progress() -> Iterator[Progress]:
    """A callback `(stats, message)` that shows pages, articles and errors as a crawl goes."""
    if not sys.stderr.isatty():
        last: dict[str, int] = {}

        def plain(stats: CrawlStats, message: str) -> None:
            if stats.pages != last.get(stats.source):  # one line per listing page
                last[stats.source] = stats.pages
                log.info("%s: %s (%s)", stats.source, stats.describe(), message)

        yield plain
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with RichProgress(*columns, console=Console(stderr=True), transient=False) as bar:
        tasks: dict[str, object] = {}

        def live(stats: CrawlStats, message: str) -> None:
            if stats.source not in tasks:
                tasks[stats.source] = bar.add_task(stats.source)
            bar.update(
                tasks[stats.source],  # type: ignore[arg-type]
                description=f"{stats.source}: {stats.describe()}  {message}",
            )

        yield live
