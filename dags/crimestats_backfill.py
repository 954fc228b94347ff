"""Backfill one source by date range: page back through its listing to `since`, archive every
article published from `since` to `until` (today if empty), then load and build.

Trigger it by hand (UI "Trigger DAG w/ config", or
`airflow dags trigger crimestats_backfill -c '{"source": "spp", "since": "2023-01-01"}'`).
Already archived articles are not fetched again, so a rerun of the same range is cheap.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Param, dag, task

from pipeline.airflow_support import WAREHOUSE_POOL, task_defaults


@dag(
    schedule=None,
    start_date=pendulum.datetime(2025, 1, 1, tz="Asia/Shanghai"),
    catchup=False,
    max_active_runs=1,
    default_args=task_defaults(),
    tags=["crimestats"],
    doc_md=__doc__,
    params={
        "source": Param(
            type="string",
            minLength=1,
            description="Source name, as in pipeline/sources/<name>.yaml (`crimestats sources`).",
        ),
        "since": Param(type="string", format="date", description="First day (YYYY-MM-DD)."),
        "until": Param(
            None,
            type=["null", "string"],
            format="date",
            description="Last day (YYYY-MM-DD); empty for no upper bound.",
        ),
    },
)
def crimestats_backfill() -> None:
    @task
    def fetch(params=None) -> dict[str, object]:
        from pipeline import airflow_support

        return airflow_support.fetch(
            params["source"], since=params["since"], until=params["until"], backfill=True
        )

    @task(pool=WAREHOUSE_POOL)
    def load() -> dict[str, object]:
        from pipeline import airflow_support

        return airflow_support.load()

    @task(pool=WAREHOUSE_POOL)
    def build() -> dict[str, object]:
        from pipeline import airflow_support

        return airflow_support.build()

    fetch() >> load() >> build()


crimestats_backfill()
