"""What analysts and reviewers touch: export, the data dictionary, reparse history and
corrections, through the real `crimestats` command on a demo warehouse."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline import jobs
from pipeline.settings import Settings
from pipeline.warehouse import dictionary
from pipeline.warehouse.connection import writer

REPO = Path(__file__).resolve().parents[1]


def rows(db: Path, sql: str, parameters: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, parameters).fetchall()
    finally:
        con.close()


def crimestats(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args, "--db", str(settings.db),
         "--archive", str(settings.archive)],
        capture_output=True, text=True, cwd=REPO, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin",
                                                       "USER": "tester"},
    )  # fmt: skip


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("analyst")
    settings = Settings.from_env(db=root / "warehouse.duckdb", archive=root / "raw")
    assert jobs.demo(settings).ok
    return settings


def test_data_dictionary_is_up_to_date() -> None:
    assert dictionary.DEFAULT_PATH.read_text(encoding="utf-8") == dictionary.generate(), (
        "docs/data-dictionary.md is out of date: run `crimestats docs`"
    )


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_writes_releases_figures_and_series(
    demo: Settings, tmp_path: Path, fmt: str
) -> None:
    done = crimestats(demo, "export", "--format", fmt, "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    con = duckdb.connect()
    for table in ("releases", "figures", "series"):
        reader = "read_parquet" if fmt == "parquet" else "read_csv_auto"
        (exported,) = con.execute(
            f"select count(*) from {reader}('{tmp_path / f'{table}.{fmt}'}')"
        ).fetchone()  # type: ignore[misc]
        assert exported == rows(demo.analytics, f"select count(*) from {table}")[0][0] > 0


def test_export_rejects_an_unknown_format(demo: Settings, tmp_path: Path) -> None:
    done = crimestats(demo, "export", "--format", "xlsx", "--out", str(tmp_path))
    assert done.returncode == 1 and "unknown format" in done.stderr


def test_reparse_dry_run_prints_the_diff_then_reparse_records_it(demo: Settings) -> None:
    # pretend an older extractor read one figure differently
    (fid, value) = rows(
        demo.db,
        "select figure_id, value from figures where value > 1000 order by figure_id limit 1",
    )[0]
    with writer(demo.db) as con:
        con.execute(
            "update figures set value = value + 1, parser_version = 'old' where figure_id = ?",
            [fid],
        )
    before = rows(demo.db, "select * from figures order by figure_id")
    dry = crimestats(demo, "reparse", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert f"changed  {fid}" in dry.stdout and f"value {value + 1} -> {value}" in dry.stdout
    assert "1 figure(s) would change" in dry.stdout
    assert rows(demo.db, "select * from figures order by figure_id") == before  # nothing replaced
    assert rows(demo.db, "select count(*) from figure_changes") == [(0,)]
    done = crimestats(demo, "reparse")
    assert done.returncode == 0, done.stderr
    assert rows(demo.db, f"select value from figures where figure_id = '{fid}'") == [(value,)]
    assert rows(
        demo.db,
        "select change, figure_id, old_value, new_value, old_parser_version from figure_changes",
    ) == [("changed", fid, value + 1, value, "old")]
    again = crimestats(demo, "reparse")  # idempotent: nothing more changes
    assert again.returncode == 0 and rows(demo.db, "select count(*) from figure_changes") == [(1,)]


def test_review_then_correct_from_csv_survives_a_reparse(demo: Settings, tmp_path: Path) -> None:
    sheet = tmp_path / "review.csv"
    done = crimestats(demo, "review", "export", "--out", str(sheet))
    assert done.returncode == 0, done.stderr
    with sheet.open(encoding="utf-8", newline="") as handle:
        review = list(csv.DictReader(handle))
    assert {"conflict", "yoy_mismatch"} <= {r["kind"] for r in review}
    # an analyst decides the first disputed figure does not belong to its series at all
    target = next(r for r in review if r["kind"] == "conflict")
    key = (target["metric"], target["offense"] or None, target["period_start"],
           target["period_end"], target["unit"])  # fmt: skip
    target.update(new_metric="other", reason="a sub-item, not the series total")
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer_ = csv.DictWriter(handle, fieldnames=list(review[0]))
        writer_.writeheader()
        writer_.writerows(review)

    def in_series() -> int:
        found = rows(
            demo.analytics,
            "select coalesce(sum(n_figures), 0) from series where metric = ? and offense"
            " is not distinct from ? and period_start = ? and period_end = ? and unit = ?"
            " and jurisdiction = 'national' and not is_derived",
            list(key),
        )
        return int(found[0][0])

    def corrected() -> list[tuple[Any, ...]]:
        return rows(
            demo.analytics,
            "select metric, corrected_by, correction_reason from figure_facts"
            f" where figure_id = '{target['figure_id']}'",
        )

    before = in_series()
    done = crimestats(demo, "correct", "--from-csv", str(sheet), "--by", "analyst1")
    assert done.returncode == 0, done.stderr
    assert "stored 1 correction" in done.stdout
    assert corrected() == [("other", "analyst1", "a sub-item, not the series total")]
    assert in_series() == before - 1  # the figure left its series
    assert crimestats(demo, "reparse").returncode == 0  # figures rebuilt from the archive
    assert corrected() == [("other", "analyst1", "a sub-item, not the series total")]
    assert in_series() == before - 1


def test_correct_one_figure_from_the_command_line(demo: Settings) -> None:
    (fid,) = rows(
        demo.db, "select figure_id from figures where unit = 'person' order by figure_id limit 1"
    )[0]
    done = crimestats(demo, "correct", fid, "--value", "12345", "--reason", "typo on the page")
    assert done.returncode == 0, done.stderr
    assert rows(
        demo.analytics,
        f"select value, value_low, value_high, corrected_by, correction_reason from figure_facts where figure_id = '{fid}'",
    ) == [(12345, 12345, 12345, "tester", "typo on the page")]
    missing = crimestats(demo, "correct", "nope", "--value", "1", "--reason", "x")
    assert missing.returncode == 1 and "no figure 'nope'" in missing.stderr
    no_reason = crimestats(demo, "correct", fid, "--value", "1")
    assert no_reason.returncode == 1 and "--reason" in no_reason.stderr
