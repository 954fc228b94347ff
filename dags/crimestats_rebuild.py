"""Rebuild the summary tables and publish analytics.duckdb, once per load.

Scheduled on the crimestats_figures Asset that every successful load produces (nightly or
backfill), so the summaries are built once per change and a manual backfill refreshes them too.
It can also be triggered by hand (after `crimestats correct`, say). A failed quality gate fails
the task and leaves the last good snapshot in place.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import dag, task

from pipeline.airflow_assets import FIGURES
from pipeline.airflow_support import WAREHOUSE_POOL, task_defaults


@dag(
    schedule=[FIGURES],
    start_date=pendulum.datetime(2025, 1, 1, tz="Asia/Shanghai"),
    catchup=False,
    max_active_runs=1,
    default_args=task_defaults(),
    tags=["crimestats"],
    doc_md=__doc__,
)
def crimestats_rebuild() -> None:
    @task(pool=WAREHOUSE_POOL)
    def build() -> dict[str, object]:
        from pipeline import airflow_support

        return airflow_support.build()

    build()


crimestats_rebuild()
