"""Backfill one source by date range: page back through its listing to `since`, archive every
article published from `since` to `until` (no upper bound if empty), then load; with `reparse`,
every archived release is re-extracted with the current extractor as well.

Trigger it by hand: in the UI, "Trigger DAG" shows a form for the Params; from the command line,
`airflow dags trigger crimestats_backfill --conf '{"source": "spp", "since": "2023-01-01"}'`.
Already archived articles are not fetched again, so a rerun of the same range is cheap. The load
produces the crimestats_figures Asset, so crimestats_rebuild refreshes the summaries afterwards.
Nothing here reads the logical date: runs triggered from the UI or API have none.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Param, dag, task

from pipeline.airflow_assets import FIGURES
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
        "reparse": Param(
            False,
            type="boolean",
            description="Also re-extract every archived release with the current extractor.",
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

    @task(pool=WAREHOUSE_POOL, outlets=[FIGURES])
    def load(params=None) -> dict[str, object]:
        from pipeline import airflow_support

        return airflow_support.load(reparse=bool(params["reparse"]))

    fetch() >> load()


crimestats_backfill()
