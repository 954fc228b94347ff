"""Nightly crawl: every enabled source fetched in parallel, then one load.

list_sources -> fetch (one mapped task per enabled source) -> load  [produces crimestats_figures]
                fetch -> check_sources

A source that cannot be fetched fails only its own mapped task: `load` runs once every fetch is
done (trigger rule all_done), so the other sources' pages still reach the warehouse.
`check_sources` then fails the run, naming the sources that failed. The summaries are rebuilt and
published by crimestats_rebuild, scheduled on the Asset that `load` produces.
Each task is one call into pipeline.airflow_support; settings come from CRIMESTATS_* variables.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import TriggerRule, dag, task

from pipeline.airflow_assets import FIGURES
from pipeline.airflow_support import WAREHOUSE_POOL, task_defaults


@dag(
    schedule="0 3 * * *",  # 03:00 Beijing time: the sources' night, their servers' quiet hours
    start_date=pendulum.datetime(2025, 1, 1, tz="Asia/Shanghai"),
    catchup=False,
    max_active_runs=1,
    default_args=task_defaults(),
    tags=["crimestats"],
    doc_md=__doc__,
)
def crimestats_nightly() -> None:
    @task
    def list_sources() -> list[str]:
        from pipeline import airflow_support

        return airflow_support.enabled_source_names()

    @task(map_index_template="{{ task.op_kwargs['source'] }}")
    def fetch(source: str) -> dict[str, object]:
        from pipeline import airflow_support

        return airflow_support.fetch(source)

    @task(trigger_rule=TriggerRule.ALL_DONE, pool=WAREHOUSE_POOL, outlets=[FIGURES])
    def load(crawls: list[dict[str, object] | None]) -> dict[str, object]:
        from pipeline import airflow_support

        return airflow_support.load(crawls=crawls)

    @task(trigger_rule=TriggerRule.ALL_DONE)
    def check_sources(names: list[str] | None, ti=None) -> None:
        """Fail the run if any mapped fetch failed (load ran regardless)."""
        from pipeline import airflow_support

        states = ti.get_task_states(dag_id=ti.dag_id, task_ids=["fetch"], run_ids=[ti.run_id])
        airflow_support.check_fetches(names, states.get(ti.run_id, {}), "fetch")

    names = list_sources()
    fetched = fetch.expand(source=names)
    load(fetched)
    fetched >> check_sources(names)


crimestats_nightly()
