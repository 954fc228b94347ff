"""What the Airflow DAGs share: the warehouse pool, task defaults, and each task's one call into
the pipeline.

Nothing here imports Airflow, and the pipeline itself is imported inside the functions, so a DAG
file that imports this module parses in milliseconds and the functions run (and are tested)
without Airflow. Settings come from the environment of the task process (CRIMESTATS_DB,
CRIMESTATS_ARCHIVE, CRIMESTATS_ANALYTICS, CRIMESTATS_SOURCES), read when the task runs.

Example::

    stats = fetch("spp")            # one source into the raw archive; raises SourceDown
    load()                          # archive -> warehouse (the single writer)
    build()                         # models rebuilt, analytics.duckdb published
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline.settings import Settings

log = logging.getLogger(__name__)

# Tasks that open the warehouse for writing run in this pool. Create it with one slot
# (`airflow pools set crimestats_warehouse 1 "..."`, done by docker/docker-compose.yml): DuckDB
# allows one writer, and a second one would fail with WarehouseBusy and burn a retry.
WAREHOUSE_POOL = "crimestats_warehouse"
# The Asset a successful load produces; crimestats_rebuild is scheduled on it, so the summaries
# are rebuilt once per load, whether the nightly run or a manual backfill loaded.
FIGURES_ASSET = "crimestats_figures"
# An Airflow Variable holding a webhook URL: when set, task failures are posted there as JSON.
ALERT_WEBHOOK_VARIABLE = "crimestats_alert_webhook"
WAREHOUSE_POOL_SLOTS = 1
WAREHOUSE_POOL_DESCRIPTION = "crimestats: one DuckDB warehouse writer at a time"

DEFAULT_RETRIES = 2
DEFAULT_RETRY_DELAY = timedelta(minutes=5)
MAX_RETRY_DELAY = timedelta(hours=1)


class SourceDown(RuntimeError):
    """No listing page of a source could be fetched in this run: the site is down, blocking us,
    or its start URL moved. Failing articles alone do not raise (they are retried next run)."""


def task_defaults(environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """`default_args` of every crimestats DAG: 2 retries, 5 then 10 minutes apart (capped at 1 h).

    CRIMESTATS_TASK_RETRIES and CRIMESTATS_RETRY_DELAY_SECONDS override them where the DAG is
    parsed; the tests set them to 0 so a failing source fails at once."""
    retries = int(environ.get("CRIMESTATS_TASK_RETRIES", DEFAULT_RETRIES))
    delay_env = environ.get("CRIMESTATS_RETRY_DELAY_SECONDS")
    delay = timedelta(seconds=float(delay_env)) if delay_env else DEFAULT_RETRY_DELAY
    return {
        "owner": "crimestats",
        "on_failure_callback": notify_failure,
        "retries": retries,
        "retry_delay": delay,
        "retry_exponential_backoff": 2.0,
        "max_retry_delay": MAX_RETRY_DELAY,
    }


# A warehouse task waits this long for a writer outside Airflow (a CLI run) before failing.
LOCK_WAIT_SECONDS = 900.0


def settings() -> Settings:
    """The pipeline settings for a task, from the task process's environment; warehouse tasks
    wait for the writer lock (CRIMESTATS_LOCK_WAIT, default 15 minutes) instead of failing."""
    from pipeline.settings import Settings

    wait = float(os.environ.get("CRIMESTATS_LOCK_WAIT") or LOCK_WAIT_SECONDS)
    return Settings.from_env(lock_wait_seconds=wait)


def enabled_source_names() -> list[str]:
    """Names of the enabled sources in the sources directory, sorted: one fetch task each."""
    from pipeline import jobs

    return jobs.enabled_sources(settings())


def parse_date(value: str | None, name: str) -> date | None:
    """A Param's ISO date string as a date; None stays None."""
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


def fetch(
    source: str,
    *,
    since: str | None = None,
    until: str | None = None,
    backfill: bool = False,
) -> dict[str, object]:
    """Crawl one source into the raw archive and return its CrawlStats as a dict (for XCom).

    Raises SourceDown when every listing page fetched in this run failed, so the task (and the
    nightly run) fails; article errors are only logged, as they are recorded in fetch_log and
    retried by the next run."""
    from pipeline import jobs

    first, last = parse_date(since, "since"), parse_date(until, "until")
    if first and last and last < first:
        raise ValueError(f"until ({last}) is before since ({first})")
    conf = settings()
    spec = jobs.resolve_source(conf, source)
    stats = jobs.fetch_source(spec, conf, since=first, until=last, backfill=backfill)
    for message in stats.error_messages:
        log.warning("%s: %s", source, message)
    if stats.source_down:
        raise SourceDown(f"source {source}: {stats.source_down}")
    return stats.to_dict()


def load(
    reparse: bool = False, crawls: Iterable[Mapping[str, Any] | None] = ()
) -> dict[str, object]:
    """Load what the archive holds that the warehouse has not seen (everything again with
    `reparse`), and record the fetch tasks' stats (`crawls`, their XComs; a failed fetch has
    none) in crawl_runs; LoadStats as a dict."""
    from pipeline import jobs
    from pipeline.crawl import CrawlStats

    conf = settings()
    stats = jobs.load(conf, reparse=reparse)
    jobs.record_crawl_stats(conf, [CrawlStats.from_dict(c) for c in crawls if c])
    for problem in stats.parse_errors:
        log.warning("unparsable page recorded: %s", problem)
    return stats.to_dict()


def build() -> dict[str, object]:
    """Rebuild the summary models and publish the analytics snapshot; BuildStats as a dict."""
    from pipeline import jobs

    stats, published = jobs.build(settings())
    return {**stats.to_dict(), "published": str(published) if published else None}


class FetchesFailed(RuntimeError):
    """Some sources of a nightly run could not be fetched (the others were loaded)."""


def check_fetches(names: list[str] | None, states: Mapping[str, str | None], task_id: str) -> None:
    """Raise FetchesFailed naming every source whose mapped fetch did not succeed.

    `names` is the list the fetches were mapped over (None when listing the sources failed);
    `states` is what Airflow's `ti.get_task_states()` returns for one run, where mapped task
    instances are keyed `<task_id>_<map_index>` and map index i fetched names[i]."""
    if names is None:
        raise FetchesFailed("listing the enabled sources failed, so nothing was fetched")
    failed = [name for i, name in enumerate(names) if states.get(f"{task_id}_{i}") != "success"]
    if failed:
        raise FetchesFailed(
            f"{len(failed)} of {len(names)} sources failed: {', '.join(failed)}; "
            f"see the logs of their {task_id} tasks (the others were loaded)"
        )


def failure_summary(context: Mapping[str, Any]) -> str:
    """One paragraph saying what failed: DAG, run, task (and source), and why."""
    ti = context.get("task_instance") or context.get("ti")
    task_id = getattr(ti, "task_id", "?")
    map_index = getattr(ti, "map_index", -1)
    run_id = getattr(ti, "run_id", None) or getattr(context.get("dag_run"), "run_id", "?")
    dag_id = getattr(ti, "dag_id", "?")
    params = context.get("params") or {}
    task = context.get("task")
    source = (getattr(task, "op_kwargs", None) or {}).get("source") or params.get("source")
    where = f"{dag_id}.{task_id}" + (
        f"[{map_index}]" if map_index is not None and map_index >= 0 else ""
    )
    error = context.get("exception")
    return (
        f"crimestats task failed: {where} in run {run_id}"
        + (f", source {source}" if source else "")
        + (f": {type(error).__name__}: {error}" if error else "")
    )


def notify_failure(context: Mapping[str, Any]) -> None:
    """on_failure_callback of every crimestats task: log the summary, and post it to the webhook
    in the Airflow Variable `crimestats_alert_webhook` when one is set (off by default). A
    failing webhook is logged, never raised: alerting must not hide the original failure."""
    summary = failure_summary(context)
    log.error("%s", summary)
    try:
        from airflow.sdk import Variable

        url = Variable.get(ALERT_WEBHOOK_VARIABLE, default=None)
    except Exception as exc:  # no metadata DB reachable: nothing to notify with
        log.warning("could not read the %s Variable: %s", ALERT_WEBHOOK_VARIABLE, exc)
        return
    if not url:
        return
    import requests

    try:
        requests.post(url, json={"text": summary}, timeout=10).raise_for_status()
    except requests.RequestException as exc:
        log.warning("alert webhook %s failed: %s", url, exc)
