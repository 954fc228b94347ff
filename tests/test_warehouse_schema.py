"""Migrations, the data dictionary and the single-writer lock, on real DuckDB files."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipeline.warehouse.connection import WarehouseBusy, migrate, migrations, writer


def test_migrations_apply_once_in_order_and_are_recorded(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with writer(db) as con:
        versions = con.execute("select version from schema_version order by version").fetchall()
        assert [v for (v,) in versions] == [n for n, _ in migrations()]
        assert migrate(con) == []  # nothing left to apply
    with writer(db) as con:
        tables = {
            t for (t,) in con.execute("select table_name from information_schema.tables").fetchall()
        }
    assert {"releases", "figures", "fetch_log", "schema_version"} <= tables


def test_every_landing_table_and_column_has_a_comment(tmp_path: Path) -> None:
    with writer(tmp_path / "w.duckdb") as con:
        missing_tables = con.execute(
            "select table_name from duckdb_tables() where comment is null"
            " and table_name <> 'schema_version' and not internal"
        ).fetchall()
        missing_columns = con.execute(
            "select table_name, column_name from duckdb_columns() where comment is null"
            " and table_name <> 'schema_version' and not internal"
        ).fetchall()
    assert missing_tables == [] and missing_columns == []


def test_figures_table_has_the_contract_columns(tmp_path: Path) -> None:
    contract = {
        "figure_id",
        "release_id",
        "value",
        "unit",
        "qualifier",
        "metric",
        "offense",
        "jurisdiction",
        "period_start",
        "period_end",
        "change_value",
        "change_unit",
        "change_direction",
        "change_basis",
        "span_start",
        "span_end",
        "span_text",
        "sentence",
        "parser_version",
    }
    with writer(tmp_path / "w.duckdb") as con:
        columns = [
            c
            for (c,) in con.execute(
                "select column_name from duckdb_columns() where table_name = 'figures'"
            ).fetchall()
        ]
        release_columns = {
            c
            for (c,) in con.execute(
                "select column_name from duckdb_columns() where table_name = 'releases'"
            ).fetchall()
        }
    assert contract <= set(columns)
    assert {
        "release_id",
        "source",
        "url",
        "title",
        "published_date",
        "language",
        "raw_sha256",
        "fetched_at",
        "parser_version",
    } <= release_columns


HOLD = """
import sys, time
from pathlib import Path
from pipeline.warehouse.connection import writer
with writer(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_a_second_writer_gets_a_clear_message(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db), "30"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with (
            pytest.raises(WarehouseBusy, match="another crimestats process is writing"),
            writer(db),
        ):
            pass
    finally:
        holder.kill()
        holder.wait()
    with writer(db) as con:  # released when the holder dies
        assert con.execute("select 1").fetchone() == (1,)


def test_failed_migration_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sql = tmp_path / "sql"
    (sql / "migrations").mkdir(parents=True)
    (sql / "migrations" / "001_ok.sql").write_text("create table a (x integer);")
    (sql / "migrations" / "002_bad.sql").write_text("create table b (x integer); select nope;")
    monkeypatch.setenv("CRIMESTATS_SQL", str(sql))
    con = duckdb.connect(str(tmp_path / "m.duckdb"))
    with pytest.raises(duckdb.Error):
        migrate(con)
    tables = {
        t for (t,) in con.execute("select table_name from information_schema.tables").fetchall()
    }
    assert "a" in tables and "b" not in tables
    assert con.execute("select version from schema_version").fetchall() == [(1,)]


def test_a_waiting_writer_proceeds_when_the_first_one_finishes(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db), "1"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with writer(db, wait_seconds=60) as con:
            assert time.monotonic() - started > 0.5  # in only once the holder let go (~1 s)
            assert con.execute("select count(*) from releases").fetchone() == (0,)
    finally:
        holder.kill()
        holder.wait()
