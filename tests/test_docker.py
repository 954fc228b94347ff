"""docker/: the compose file and Dockerfile say what docker/README.md promises. No Docker engine
runs here, so the files are parsed; `docker compose config` runs only where Compose exists."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

DOCKER = REPO / "docker"
AIRFLOW_SERVICES = ("api-server", "scheduler", "dag-processor")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((DOCKER / "docker-compose.yml").read_text(encoding="utf-8"))


def _mounts(service: dict[str, Any]) -> dict[str, str]:
    """container path -> host path or volume name, for the short volume syntax."""
    return {v.split(":")[1]: v.split(":")[0] for v in service.get("volumes", [])}


def test_services_present(compose: dict[str, Any]) -> None:
    assert set(compose["services"]) >= {"postgres", "airflow-init", *AIRFLOW_SERVICES}
    for name in AIRFLOW_SERVICES:
        assert compose["services"][name]["command"] == name


def test_airflow_services_share_image_settings_and_mounts(compose: dict[str, Any]) -> None:
    for name in ("airflow-init", *AIRFLOW_SERVICES):
        service = compose["services"][name]
        assert service["build"] == {
            "context": "..",
            "dockerfile": "docker/Dockerfile",
            "args": {"AIRFLOW_UID": "${AIRFLOW_UID:-50000}"},
        }
        assert (DOCKER / ".." / service["build"]["dockerfile"]).resolve().is_file()
        env = service["environment"]
        assert env["AIRFLOW__CORE__EXECUTOR"] == "LocalExecutor"
        assert int(env["AIRFLOW__CORE__PARALLELISM"]) <= 4
        assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql+psycopg2://")
        assert "@postgres:" in env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
        mounts = _mounts(service)
        assert mounts[env["AIRFLOW__CORE__DAGS_FOLDER"]] == "../dags"
        assert mounts["/data"] == "../data"
        assert Path(env["CRIMESTATS_DB"]).parent == Path("/data")
        assert (DOCKER / mounts[env["AIRFLOW__CORE__DAGS_FOLDER"]]).resolve() == REPO / "dags"
    for name in AIRFLOW_SERVICES:
        depends = compose["services"][name]["depends_on"]
        assert depends["airflow-init"]["condition"] == "service_completed_successfully"
        assert depends["postgres"]["condition"] == "service_healthy"


def test_init_creates_the_warehouse_pool(compose: dict[str, Any]) -> None:
    from pipeline.airflow_support import WAREHOUSE_POOL, WAREHOUSE_POOL_SLOTS

    script = "\n".join(compose["services"]["airflow-init"]["command"])
    assert "airflow db migrate" in script
    assert f"airflow pools set {WAREHOUSE_POOL} {WAREHOUSE_POOL_SLOTS} " in script


def test_ui_is_bound_to_localhost_only(compose: dict[str, Any]) -> None:
    assert compose["services"]["api-server"]["ports"] == ["127.0.0.1:8080:8080"]


def test_dockerfile_installs_with_the_lock_file() -> None:
    text = (DOCKER / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim\b", text, re.M)
    assert re.search(r"COPY .*requirements\.lock", text)
    installs = re.findall(r"uv pip install[^\n]*(?:\\\n[^\n]*)*", text)
    assert installs, "no install step"
    for command in installs:
        assert "-c requirements.lock" in command, command
    assert any("--extra airflow" in c for c in installs)
    # sql/ is not package data: the image keeps it and points CRIMESTATS_SQL at it
    assert "COPY sql/ sql/" in text
    assert "CRIMESTATS_SQL=/opt/crimestats/sql" in text
    for copied in ("pyproject.toml", "requirements.lock", "README.md"):
        assert (REPO / copied).is_file()


def test_docker_compose_config_accepts_the_file() -> None:
    docker = shutil.which("docker")
    if docker is None:
        pytest.skip("docker is not installed")
    probe = subprocess.run([docker, "compose", "version"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip("docker compose is not available")
    result = subprocess.run(
        [docker, "compose", "-f", str(DOCKER / "docker-compose.yml"), "config", "--quiet"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
