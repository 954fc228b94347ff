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

DAG_IDS = {"crimestats_nightly", "crimestats_backfill", "crimestats_rebuild"}


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
    assert set(dag.task_ids) == {"list_sources", "fetch", "load", "check_sources"}
    fetch, load = dag.get_task("fetch"), dag.get_task("load")
    assert fetch.is_mapped
    assert load.trigger_rule == TriggerRule.ALL_DONE
    assert load.pool == "crimestats_warehouse"
    assert load.upstream_task_ids == {"fetch"}
    assert [a.name for a in load.outlets] == ["crimestats_figures"]
    assert dag.get_task("check_sources").trigger_rule == TriggerRule.ALL_DONE


def test_rebuild_is_scheduled_on_the_figures_asset(dagbag) -> None:  # type: ignore[no-untyped-def]
    dag = dagbag.dags["crimestats_rebuild"]
    assert [a.name for a in dag.timetable.asset_condition.objects] == [
        "crimestats_figures"
    ]  # fmt: skip
    assert dag.task_ids == ["build"] and dag.get_task("build").pool == "crimestats_warehouse"
    backfill_load = dagbag.dags["crimestats_backfill"].get_task("load")
    assert [a.name for a in backfill_load.outlets] == ["crimestats_figures"]


def test_backfill_shape(dagbag) -> None:  # type: ignore[no-untyped-def]
    dag = dagbag.dags["crimestats_backfill"]
    assert dag.schedule is None
    assert set(dag.params) == {"source", "since", "until", "reparse"}
    schema = {name: dag.params.get_param(name).schema for name in dag.params}
    assert schema["since"]["format"] == schema["until"]["format"] == "date"
    assert dag.params["until"] is None and dag.params["reparse"] is False
    assert schema["reparse"]["type"] == "boolean"
    assert [t.task_id for t in dag.topological_sort()] == ["fetch", "load"]


def test_production_task_defaults() -> None:
    from pipeline.airflow_support import task_defaults

    defaults = task_defaults({})
    assert defaults["retries"] == 2
    assert defaults["retry_exponential_backoff"] == 2.0
    assert defaults["retry_delay"] == timedelta(minutes=5)
    assert defaults["on_failure_callback"].__name__ == "notify_failure"


def test_dag_files_parse_fast_without_heavy_imports() -> None:
    """Parsed in a fresh interpreter: the pipeline's heavy modules stay unimported (the parse
    time itself is measured by bench/bench_dag_parse.py, not asserted here)."""
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


# --- runs ------------------------------------------------------------------------------------


def _asset_events(dag_run) -> int:  # type: ignore[no-untyped-def]
    """How many crimestats_figures Asset events this run produced."""
    from airflow.models.asset import AssetEvent, AssetModel
    from airflow.utils.session import create_session

    with create_session() as session:
        return (
            session.query(AssetEvent)
            .join(AssetModel, AssetEvent.asset_id == AssetModel.id)
            .filter(AssetModel.name == "crimestats_figures")
            .filter(AssetEvent.source_run_id == dag_run.run_id)
            .count()
        )


@pytest.mark.usefixtures("airflow_db")
def test_nightly_run_loads_the_sample_site_and_rebuild_publishes(dagbag, sample_sources) -> None:  # type: ignore[no-untyped-def]
    dag_run = dagbag.dags["crimestats_nightly"].test(logical_date=None)

    states = _states(dag_run)
    assert dag_run.state == "success", states
    assert states["fetch[0]"] == states["fetch[1]"] == "success"
    db = sample_sources["db"]
    assert _count(db, "select count(*) from releases where source = 'sample'") > 0
    assert _count(db, "select count(*) from releases where source = 'sample_en'") > 0
    assert _count(db, "select count(*) from figures") > 0
    crawled = _count(db, "select count(distinct source) from crawl_runs where listing_items > 0")
    assert crawled == 2  # what each fetch task counted reached the warehouse through XCom
    assert _asset_events(dag_run) == 1  # the load announced new figures...
    assert not sample_sources["analytics"].exists()  # ...and left building to crimestats_rebuild

    rebuild = dagbag.dags["crimestats_rebuild"].test(logical_date=None)
    assert rebuild.state == "success", _states(rebuild)
    assert _count(sample_sources["analytics"], "select count(*) from releases") == _count(
        db, "select count(*) from releases"
    )


@pytest.mark.usefixtures("airflow_db")
def test_backfill_fetches_only_the_date_range(dagbag, sample_sources) -> None:  # type: ignore[no-untyped-def]
    conf = {"source": "sample", "since": "2023-01-01", "until": "2023-12-31"}
    dag_run = dagbag.dags["crimestats_backfill"].test(run_conf=conf, logical_date=None)

    assert dag_run.state == "success", _states(dag_run)
    assert _asset_events(dag_run) == 1
    db = sample_sources["db"]
    assert _count(db, "select count(*) from releases") > 0
    assert _count(db, "select count(distinct source) from releases") == 1
    outside = _count(
        db,
        "select count(*) from releases where published_date is null "
        f"or published_date not between '{date(2023, 1, 1)}' and '{date(2023, 12, 31)}'",
    )
    assert outside == 0


@pytest.mark.usefixtures("airflow_db")
def test_backfill_with_reparse_re_extracts_what_was_archived_before(dagbag, sample_sources) -> None:  # type: ignore[no-untyped-def]
    backfill = dagbag.dags["crimestats_backfill"]
    first = {"source": "sample", "since": "2023-01-01", "until": "2023-12-31"}
    assert backfill.test(run_conf=first, logical_date=None).state == "success"
    db = sample_sources["db"]
    figures_2023 = _count(db, "select count(*) from figures")
    with duckdb.connect(str(db)) as con:  # as if an older extractor had found nothing
        con.execute("delete from figures")
    second = {"source": "sample", "since": "2024-01-01", "until": "2024-12-31", "reparse": True}
    assert backfill.test(run_conf=second, logical_date=None).state == "success"
    restored = _count(
        db,
        "select count(*) from figures join releases using (release_id)"
        " where year(published_date) = 2023",
    )
    assert restored == figures_2023 > 0


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
    assert states["load"] == "success"
    assert states["check_sources"] == "failed"
    assert _asset_events(dag_run) == 1  # what was fetched still gets rebuilt and published
    db = sample_sources["db"]
    assert _count(db, "select count(distinct source) from releases") == 2
    assert _count(db, "select count(*) from fetch_log where source = 'dead'") >= 1


def _listing(template: str) -> dict[str, object]:
    import yaml

    from tests.conftest import REPO

    path = REPO / "pipeline" / "sources" / f"{template}.yaml"
    return dict(yaml.safe_load(path.read_text("utf-8"))["listing"])


class _Webhook:
    """A real HTTP endpoint on 127.0.0.1 that records the JSON posted to it."""

    def __init__(self) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.posts: list[dict] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                owner.posts.append(json.loads(self.rfile.read(length)))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()  # fmt: skip


@pytest.mark.usefixtures("airflow_db")
def test_a_failed_source_is_summarised_and_posted_to_the_alert_webhook(
    dagbag, sample_sources
) -> None:  # type: ignore[no-untyped-def]
    # test set-up writes the metadata DB directly; tasks read it through airflow.sdk.Variable
    from airflow.models import Variable

    port = dead_port()
    write_source(
        sample_sources["sources"], "sample", name="dead", allowed_hosts=[f"127.0.0.1:{port}"],
        listing={**_listing("sample"), "start_urls": [f"http://127.0.0.1:{port}/index.shtml"],
                 "page_url_template": f"http://127.0.0.1:{port}/index_{{n}}.shtml"},
    )  # fmt: skip
    hook = _Webhook()
    Variable.set("crimestats_alert_webhook", hook.url)  # noqa: AIR311
    try:
        dag_run = dagbag.dags["crimestats_nightly"].test(logical_date=None)
    finally:
        Variable.delete("crimestats_alert_webhook")  # noqa: AIR311
        hook.httpd.shutdown()
    assert dag_run.state == "failed"
    texts = [post["text"] for post in hook.posts]
    fetch_alert = next(t for t in texts if "crimestats_nightly.fetch[0]" in t)
    assert "source dead" in fetch_alert and "SourceDown" in fetch_alert
    assert "every listing page failed" in fetch_alert
    assert any("check_sources" in t and "1 of 3 sources failed: dead" in t for t in texts)


@pytest.mark.usefixtures("airflow_db")
def test_a_source_that_fails_once_succeeds_on_the_task_retry(sample_sources, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The first task attempt finds the site down (every HTTP retry included); Airflow retries
    the task and the second attempt fetches everything."""
    from airflow.dag_processing.dagbag import DagBag

    from tests.conftest import Reply, ScriptedServer

    flaky = ScriptedServer()
    flaky.thread.start()
    pages = {"n": 0}
    site_listing = (REPO_SAMPLE_LISTING := _sample_listing_page())

    def listing(_handler: object) -> Reply:
        pages["n"] += 1
        if pages["n"] <= 4:  # one whole task attempt: the request and its 3 HTTP retries
            return Reply(503, b"busy")
        return Reply(200, site_listing, {"Content-Type": "text/html; charset=utf-8"})

    flaky.route("/l/index.shtml", listing)
    write_source(
        sample_sources["sources"], "sample", name="flaky", allowed_hosts=[flaky.host],
        listing={**_listing("sample"), "start_urls": [flaky.base_url + "/l/index.shtml"],
                 "page_url_template": flaky.base_url + "/l/index_{n}.shtml"},
    )  # fmt: skip
    monkeypatch.setenv("CRIMESTATS_TASK_RETRIES", "1")
    bag = DagBag(dag_folder=str(DAGS_FOLDER))  # task defaults are read when the DAG is parsed
    try:
        dag_run = bag.dags["crimestats_nightly"].test(logical_date=None)
    finally:
        flaky.httpd.shutdown()
    from airflow.models import TaskInstance
    from airflow.utils.session import create_session

    with create_session() as session:
        tries = {
            ti.map_index: (ti.try_number, str(ti.state))
            for ti in session.query(TaskInstance).filter(
                TaskInstance.run_id == dag_run.run_id, TaskInstance.task_id == "fetch"
            )
        }
    assert dag_run.state == "success", _states(dag_run)
    assert tries[0] == (2, "success")  # flaky, sorted first: failed once, then succeeded
    assert REPO_SAMPLE_LISTING and pages["n"] >= 5


def _sample_listing_page() -> bytes:
    """A listing page in the sample markup whose entries point nowhere new (no articles)."""
    return (
        '<div class="commonList_con"><ul class="li_line"></ul></div>'
        + "<p>" + "最高人民检察院网上发布厅" * 5 + "</p>"
        + '<script>createPageHTML(1, 0, "index", "shtml");</script>'
    ).encode()  # fmt: skip
