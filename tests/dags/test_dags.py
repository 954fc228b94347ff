"""The DAG files parse cleanly and run end to end under real Airflow (dag.test()) against the
bundled sample site on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from tests.dags.conftest import DAGS_FOLDER, dead_port, write_source

pytestmark = pytest.mark.airflow

DAG_IDS = {"crimestats_nightly", "crimestats_backfill"}


def _count(db: Path, sql: str) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return int(con.execute(sql).fetchone()[0])  # type: ignore[index]


def _states(dag_run) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """task id (with [map index]) -> final state, from the metadata DB."""
    from airflow.models import TaskInstance
    from airflow.utils.session import create_session

    with create_session() as session:
        tis = session.query(TaskInstance).filter(
            TaskInstance.dag_id == dag_run.dag_id, TaskInstance.run_id == dag_run.run_id
        )
        return {
            ti.task_id + (f"[{ti.map_index}]" if ti.map_index >= 0 else ""): str(ti.state)
            for ti in tis
        }


# --- parsing -------------------------------------------------------------------------------


def test_every_dag_file_imports_without_errors(dagbag) -> None:  # type: ignore[no-untyped-def]
    assert dagbag.import_errors == {}
    assert set(dagbag.dags) == DAG_IDS
    files = {Path(dag.fileloc).name for dag in dagbag.dags.values()}
    assert files == {path.name for path in DAGS_FOLDER.glob("*.py")}


def test_nightly_shape(dagbag) -> None:  # type: ignore[no-untyped-def]
    from airflow.sdk import TriggerRule

    dag = dagbag.dags["crimestats_nightly"]
    assert dag.schedule == "0 3 * * *"
    assert str(dag.timezone) == "Asia/Shanghai"
    assert dag.catchup is False
    assert dag.max_active_runs == 1
    assert set(dag.task_ids) == {"list_sources", "fetch", "load", "build", "check_sources"}
    fetch, load, build = (dag.get_task(t) for t in ("fetch", "load", "build"))
    assert fetch.is_mapped
    assert load.trigger_rule == TriggerRule.ALL_DONE
    assert load.pool == build.pool == "crimestats_warehouse"
    assert load.upstream_task_ids == {"fetch"}
    assert build.upstream_task_ids == {"load"}
    assert dag.get_task("check_sources").trigger_rule == TriggerRule.ALL_DONE


def test_backfill_shape(dagbag) -> None:  # type: ignore[no-untyped-def]
    dag = dagbag.dags["crimestats_backfill"]
    assert dag.schedule is None
    assert set(dag.params) == {"source", "since", "until"}
    schema = {name: dag.params.get_param(name).schema for name in dag.params}
    assert schema["since"]["format"] == schema["until"]["format"] == "date"
    assert dag.params["until"] is None
    assert [t.task_id for t in dag.topological_sort()] == ["fetch", "load", "build"]


def test_production_task_defaults() -> None:
    from pipeline.airflow_support import task_defaults

    defaults = task_defaults({})
    assert defaults["retries"] == 2
    assert defaults["retry_exponential_backoff"] == 2.0
    assert defaults["retry_delay"] == timedelta(minutes=5)


def test_dag_files_parse_fast_without_heavy_imports() -> None:
    """Parsed in a fresh interpreter: the pipeline's heavy modules stay unimported, and the
    parse itself (after `import airflow`) stays well under a second."""
    script = """
import json, sys, time
import airflow.sdk
from airflow.dag_processing.dagbag import DagBag
start = time.perf_counter()
bag = DagBag(dag_folder=sys.argv[1])
elapsed = time.perf_counter() - start
heavy = ["duckdb", "requests", "bs4", "lxml", "pipeline.jobs", "pipeline.crawl"]
print(json.dumps({"seconds": elapsed, "errors": list(bag.import_errors),
                  "loaded": [m for m in heavy if m in sys.modules]}))
"""
    out = subprocess.run(
        [sys.executable, "-c", script, str(DAGS_FOLDER)],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["errors"] == []
    assert [m for m in result["loaded"] if m.startswith("pipeline")] == []
    assert "duckdb" not in result["loaded"]
    assert result["seconds"] < 1.0, result


# --- runs ------------------------------------------------------------------------------------


@pytest.mark.usefixtures("airflow_db")
def test_nightly_run_loads_the_sample_site(dagbag, sample_sources) -> None:  # type: ignore[no-untyped-def]
    dag_run = dagbag.dags["crimestats_nightly"].test(logical_date=None)

    states = _states(dag_run)
    assert dag_run.state == "success", states
    assert states["fetch[0]"] == states["fetch[1]"] == "success"
    db = sample_sources["db"]
    assert _count(db, "select count(*) from releases where source = 'sample'") > 0
    assert _count(db, "select count(*) from releases where source = 'sample_en'") > 0
    assert _count(db, "select count(*) from figures") > 0
    assert _count(sample_sources["analytics"], "select count(*) from releases") == _count(
        db, "select count(*) from releases"
    )


@pytest.mark.usefixtures("airflow_db")
def test_backfill_fetches_only_the_date_range(dagbag, sample_sources) -> None:  # type: ignore[no-untyped-def]
    conf = {"source": "sample", "since": "2023-01-01", "until": "2023-12-31"}
    dag_run = dagbag.dags["crimestats_backfill"].test(run_conf=conf, logical_date=None)

    assert dag_run.state == "success", _states(dag_run)
    db = sample_sources["db"]
    assert _count(db, "select count(*) from releases") > 0
    assert _count(db, "select count(distinct source) from releases") == 1
    outside = _count(
        db,
        "select count(*) from releases where published_date is null "
        f"or published_date not between '{date(2023, 1, 1)}' and '{date(2023, 12, 31)}'",
    )
    assert outside == 0
    assert sample_sources["analytics"].exists()


@pytest.mark.parametrize(
    "conf",
    [
        {"source": "sample", "since": "not-a-date"},
        {"source": "sample", "since": "2023-01-01", "until": "31/12/2023"},
        {"since": "2023-01-01"},
        {"source": "", "since": "2023-01-01"},
    ],
)
@pytest.mark.usefixtures("airflow_db")
def test_backfill_rejects_bad_params(dagbag, conf, crimestats_env) -> None:  # type: ignore[no-untyped-def]
    from airflow.sdk.exceptions import ParamValidationError

    with pytest.raises(ParamValidationError):
        dagbag.dags["crimestats_backfill"].test(run_conf=conf, logical_date=None)
    assert not crimestats_env["db"].exists()


@pytest.mark.usefixtures("airflow_db")
def test_a_dead_source_fails_the_run_but_not_the_others(dagbag, sample_sources) -> None:  # type: ignore[no-untyped-def]
    port = dead_port()
    write_source(
        sample_sources["sources"],
        "sample",
        name="dead",
        allowed_hosts=[f"127.0.0.1:{port}"],
        listing={
            **_listing("sample"),
            "start_urls": [f"http://127.0.0.1:{port}/index.shtml"],
            "page_url_template": f"http://127.0.0.1:{port}/index_{{n}}.shtml",
        },
    )

    dag_run = dagbag.dags["crimestats_nightly"].test(logical_date=None)

    states = _states(dag_run)
    assert dag_run.state == "failed", states
    # sources are mapped in sorted order: dead, sample, sample_en
    assert states["fetch[0]"] == "failed"
    assert states["fetch[1]"] == states["fetch[2]"] == "success"
    assert states["load"] == states["build"] == "success"
    assert states["check_sources"] == "failed"
    db = sample_sources["db"]
    assert _count(db, "select count(distinct source) from releases") == 2
    assert _count(db, "select count(*) from fetch_log where source = 'dead'") >= 1
    assert sample_sources["analytics"].exists()


def _listing(template: str) -> dict[str, object]:
    import yaml

    from tests.conftest import REPO

    path = REPO / "pipeline" / "sources" / f"{template}.yaml"
    return dict(yaml.safe_load(path.read_text("utf-8"))["listing"])
