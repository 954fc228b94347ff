"""The crimestats command as a user runs it: a real process, real files, the sample site."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import yaml

from pipeline.demo.server import serve_site
from tests.conftest import REPO

CLI = [sys.executable, "-m", "pipeline.cli"]
COMMANDS = ("demo", "run", "crawl", "backfill", "reparse", "build", "extract", "sources")


def crimestats(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = crimestats(command, "--help")
    assert result.returncode == 0, result.stderr
    assert "Usage" in result.stdout
    assert "--db" in result.stdout and "--archive" in result.stdout


def test_extract_contract(tmp_path: Path) -> None:
    releases = tmp_path / "releases.jsonl"
    lines = [
        {
            "id": "zh-1",
            "published": "2023-12-20",
            "title": "最高检通报",
            "text": "1至11月，检察机关起诉利用电信网络实施的诈骗犯罪4.2万余人，同比上升63.5%。",
        },
        {"id": "bad", "published": "not a date", "title": "", "text": "x"},
        {
            "id": "en-1",
            "published": "2024-02-04",
            "title": "SPP",
            "lang": "en",
            "text": "More than 129,000 people were charged with assisting information network "
            "criminal activities, a year-on-year increase of 13.2%.",
        },
    ]
    releases.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n")
    out = tmp_path / "figures.jsonl"
    result = crimestats("extract", "--input", str(releases), "--output", str(out))
    assert result.returncode == 1  # one bad line is reported, the others still come out
    assert "bad" not in out.read_text() and ":2:" in result.stderr
    figures = [json.loads(line) for line in out.read_text().splitlines()]
    zh = next(f for f in figures if f["doc"] == "zh-1" and f["value"] is not None)
    assert zh["text"] == "4.2万余人" and zh["value"] == 42000 and zh["unit"] == "person"
    assert zh["qualifier"] == "more_than" and zh["metric"] == "prosecuted"
    assert zh["offense"] == "telecom_network_fraud" and zh["jurisdiction"] == "national"
    assert (zh["period_start"], zh["period_end"]) == ("2023-01-01", "2023-11-30")
    assert (zh["change_value"], zh["change_unit"], zh["change_direction"], zh["change_basis"]) == (
        63.5,
        "percent",
        "up",
        "year_on_year",
    )
    text = lines[0]["text"]
    assert text[zh["start"] : zh["end"]] == zh["text"]
    en = next(f for f in figures if f["doc"] == "en-1" and f["value"] is not None)
    assert en["value"] == 129000 and en["qualifier"] == "more_than" and en["change_value"] == 13.2


def _sample_file(tmp_path: Path, base_url: str) -> Path:
    """A source file outside the package, as a user would write one."""
    data = yaml.safe_load((REPO / "pipeline/sources/sample.yaml").read_text(encoding="utf-8"))
    host = base_url.split("://", 1)[1]
    text = yaml.safe_dump(data, allow_unicode=True).replace("{base_url}", base_url)
    path = tmp_path / "mysite.yaml"
    path.write_text(text.replace("{host}", host).replace("name: sample", "name: mysite"))
    return path


def test_crawl_backfill_and_reparse_from_a_source_file(tmp_path: Path) -> None:
    env = {"CRIMESTATS_DB": str(tmp_path / "w.duckdb"), "CRIMESTATS_ARCHIVE": str(tmp_path / "raw")}
    with serve_site() as base_url:
        source = _sample_file(tmp_path, base_url)
        first = crimestats("crawl", "--source-file", str(source), "--since", "2024-01-01", env=env)
        assert first.returncode == 0, first.stderr
        con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
        dates = [d for (d,) in con.execute("select published_date from releases").fetchall()]
        con.close()
        assert dates and min(dates).year == 2024
        back = crimestats(
            "backfill",
            "--source-file",
            str(source),
            "--since",
            "2022-01-01",
            "--until",
            "2022-12-31",
            env=env,
        )
        assert back.returncode == 0, back.stderr
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    years = sorted(
        {d.year for (d,) in con.execute("select published_date from releases").fetchall()}
    )
    (figures,) = con.execute("select count(*) from figures").fetchone()
    con.close()
    assert years[0] == 2022 and 2023 not in years
    reparse = crimestats("reparse", env=env)  # the server is gone: the archive is enough
    assert reparse.returncode == 0, reparse.stderr
    assert f"into {figures} figures" in reparse.stdout
    assert (tmp_path / "analytics.duckdb").exists()


def test_bad_arguments_get_clear_messages(tmp_path: Path) -> None:
    env = {"CRIMESTATS_DB": str(tmp_path / "w.duckdb"), "CRIMESTATS_ARCHIVE": str(tmp_path / "raw")}
    unknown = crimestats("crawl", "--source", "nope", env=env)
    assert unknown.returncode == 1 and "unknown source 'nope'" in unknown.stderr
    backwards = crimestats(
        "backfill", "--source", "spp", "--since", "2024-01-01", "--until", "2023-01-01", env=env
    )
    assert backwards.returncode == 1 and "before --since" in backwards.stderr
    bad_date = crimestats("crawl", "--source", "spp", "--since", "yesterday", env=env)
    assert bad_date.returncode != 0 and "not a date" in bad_date.stderr


def test_sources_lists_every_file_with_what_the_archive_holds(tmp_path: Path) -> None:
    env = {"CRIMESTATS_DB": str(tmp_path / "w.duckdb"), "CRIMESTATS_ARCHIVE": str(tmp_path / "raw")}
    demo = crimestats("demo", env=env)
    assert demo.returncode == 0, demo.stderr
    assert "warehouse:" in demo.stdout and str(tmp_path / "w.duckdb") in demo.stdout
    listed = crimestats("sources", env=env)
    assert listed.returncode == 0, listed.stderr
    rows = {line.split("│")[1].strip(): line for line in listed.stdout.splitlines() if "│" in line}
    assert {"spp", "spp_en", "sample", "sample_en"} <= set(rows)
    assert "│ 43 " in rows["sample"] and "│ 10 " in rows["sample_en"]


def test_the_core_runs_without_airflow() -> None:
    """Airflow is an optional extra: nothing outside dags/ imports it."""
    code = (
        "import sys, pipeline.cli, pipeline.jobs, pipeline.airflow_support, pipeline.demo.server;"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'airflow');"
        "print(loaded); sys.exit(1 if loaded else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
