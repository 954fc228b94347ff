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
AIRFLOW_SERVICES = ("api-server", "scheduler", "dag-processor", "triggerer")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((DOCKER / "docker-compose.yml").read_text(encoding="utf-8"))


def _mounts(service: dict[str, Any]) -> dict[str, str]:
    """container path -> host path or volume name, for the short volume syntax."""
    mounts = {}
    for volume in service.get("volumes", []):
        spec = volume.rsplit(":", 1)[0] if volume.endswith((":ro", ":rw")) else volume
        host, container = spec.rsplit(":", 1)  # host may be ${VAR:-default}
        mounts[container] = host
    return mounts


def test_services_present(compose: dict[str, Any]) -> None:
    assert set(compose["services"]) >= {"postgres", "airflow-init", *AIRFLOW_SERVICES}
    for name in AIRFLOW_SERVICES:
        assert compose["services"][name]["command"] == name


def test_airflow_services_share_image_settings_and_mounts(compose: dict[str, Any]) -> None:
    for name in ("airflow-init", *AIRFLOW_SERVICES):
        service = compose["services"][name]
        assert service["build"] == {"context": "..", "dockerfile": "docker/Dockerfile"}
        assert (DOCKER / ".." / service["build"]["dockerfile"]).resolve().is_file()
        env = service["environment"]
        assert env["AIRFLOW__CORE__EXECUTOR"] == "LocalExecutor"
        assert int(env["AIRFLOW__CORE__PARALLELISM"]) <= 4
        assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql+psycopg2://")
        assert "@postgres:" in env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
        mounts = _mounts(service)
        assert mounts[env["AIRFLOW__CORE__DAGS_FOLDER"]] == "../dags"
        assert (DOCKER / mounts[env["AIRFLOW__CORE__DAGS_FOLDER"]]).resolve() == REPO / "dags"
        # the warehouse, the raw archive and the analysts' snapshot each on a host folder
        for variable in ("CRIMESTATS_DB", "CRIMESTATS_ANALYTICS"):
            assert str(Path(env[variable]).parent) in mounts, variable
        assert env["CRIMESTATS_ARCHIVE"] in mounts
        assert mounts["/data/warehouse"].startswith("${CRIMESTATS_WAREHOUSE_DIR")
        assert mounts["/data/raw"].startswith("${CRIMESTATS_ARCHIVE_DIR")
        assert mounts["/data/analytics"].startswith("${CRIMESTATS_ANALYTICS_DIR")
    for name in AIRFLOW_SERVICES:
        depends = compose["services"][name]["depends_on"]
        assert depends["airflow-init"]["condition"] == "service_completed_successfully"
        assert depends["postgres"]["condition"] == "service_healthy"


def test_env_example_sets_every_variable_the_compose_file_reads() -> None:
    compose_text = (DOCKER / "docker-compose.yml").read_text(encoding="utf-8")
    used = set(re.findall(r"\$\{([A-Z_]+)(?::-[^}]*)?\}", compose_text))
    example = (DOCKER / ".env.example").read_text(encoding="utf-8")
    defined = set(re.findall(r"^([A-Z_]+)=", example, re.M))
    assert used <= defined and "COMPOSE_PROJECT_NAME" in defined


def test_init_creates_the_warehouse_pool(compose: dict[str, Any]) -> None:
    from pipeline.airflow_support import WAREHOUSE_POOL, WAREHOUSE_POOL_SLOTS

    script = "\n".join(compose["services"]["airflow-init"]["command"])
    assert "airflow db migrate" in script
    assert f"airflow pools set {WAREHOUSE_POOL} {WAREHOUSE_POOL_SLOTS} " in script


def test_ui_is_bound_to_localhost_only(compose: dict[str, Any]) -> None:
    assert compose["services"]["api-server"]["ports"] == ["127.0.0.1:8080:8080"]


def test_dockerfile_builds_on_the_official_image_with_the_lock_file() -> None:
    text = (DOCKER / "Dockerfile").read_text(encoding="utf-8")
    image = re.search(r"^ARG AIRFLOW_IMAGE=apache/airflow:(3\.\d+\.\d+)-python3\.11$", text, re.M)
    assert image and re.search(r"^FROM \$\{AIRFLOW_IMAGE\}$", text, re.M)
    lock = (REPO / "requirements.lock").read_text(encoding="utf-8")
    assert f"apache-airflow=={image.group(1)}\n" in lock  # the image's Airflow is the locked one
    installs = re.findall(r"pip install[^\n]*", text)
    assert installs and all("-c requirements.lock" in c for c in installs)
    # sql/ is not package data: the image keeps it and points CRIMESTATS_SQL at it
    assert "COPY --chown=airflow:0 sql/ sql/" in text
    assert "CRIMESTATS_SQL=/opt/crimestats/sql" in text
    for copied in ("pyproject.toml", "requirements.lock", "README.md"):
        assert (REPO / copied).is_file()


def _compose_command() -> list[str] | None:
    """`docker compose` (v2 plugin) or `docker-compose` (v1), whichever is installed."""
    docker = shutil.which("docker")
    if (
        docker
        and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0
    ):
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def test_docker_compose_config_accepts_the_file() -> None:
    command = _compose_command()
    if command is None:
        pytest.skip("neither `docker compose` nor `docker-compose` is installed")
    result = subprocess.run(
        [*command, "--env-file", str(DOCKER / ".env.example"),
         "-f", str(DOCKER / "docker-compose.yml"), "config", "--quiet"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
