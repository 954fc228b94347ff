"""Real Airflow for the DAG tests: a throwaway AIRFLOW_HOME and SQLite metadata DB.

Airflow reads its configuration when first imported, and pytest imports every test module while
collecting, so the environment is set here, at import time, before any test module (or anything
they import) imports airflow. Tasks run with no retries so a failing source fails at once.
"""

from __future__ import annotations

import os
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

AIRFLOW_HOME = Path(tempfile.mkdtemp(prefix="crimestats-airflow-"))
DAGS_FOLDER = REPO / "dags"

os.environ.update(
    {
        "AIRFLOW_HOME": str(AIRFLOW_HOME),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS_FOLDER),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{AIRFLOW_HOME / 'airflow.db'}",
        "AIRFLOW__LOGGING__LOGGING_LEVEL": "WARNING",
        "CRIMESTATS_TASK_RETRIES": "0",
        "CRIMESTATS_RETRY_DELAY_SECONDS": "0",
    }
)


@pytest.fixture(scope="session")
def airflow_db() -> None:
    """A migrated, empty metadata DB (dag.test() needs its tables)."""
    from airflow.utils.db import resetdb

    resetdb()


@pytest.fixture(scope="session")
def dagbag():  # type: ignore[no-untyped-def]
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS_FOLDER))


def dead_port() -> int:
    """A port on 127.0.0.1 with nothing listening (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_source(directory: Path, template: str, **changes: object) -> Path:
    """A copy of pipeline/sources/<template>.yaml, enabled, with `changes` applied."""
    data = yaml.safe_load((REPO / "pipeline" / "sources" / f"{template}.yaml").read_text("utf-8"))
    data.update(enabled=True, **changes)
    path = directory / f"{data['name']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def sample_site() -> Iterator[str]:
    from pipeline.demo.server import serve_site

    with serve_site() as base_url:
        yield base_url


@pytest.fixture
def crimestats_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """CRIMESTATS_* pointed at a temp warehouse, archive, snapshot and (empty) sources dir."""
    paths = {
        "sources": tmp_path / "sources",
        "db": tmp_path / "data" / "warehouse.duckdb",
        "archive": tmp_path / "data" / "raw",
        "analytics": tmp_path / "data" / "analytics.duckdb",
    }
    paths["sources"].mkdir()
    for key, path in paths.items():
        monkeypatch.setenv(f"CRIMESTATS_{key.upper()}", str(path))
    return paths


@pytest.fixture
def sample_sources(crimestats_env: dict[str, Path], sample_site: str) -> dict[str, Path]:
    """The bundled sample site's two sources, filled for the running server and enabled."""
    host = sample_site.split("://", 1)[1]
    for template in ("sample", "sample_en"):
        path = write_source(crimestats_env["sources"], template)
        text = path.read_text("utf-8").replace("{base_url}", sample_site)
        path.write_text(text.replace("{host}", host), encoding="utf-8")
    return crimestats_env
