"""Exports for analysts from the published snapshot (never the warehouse itself, so an export
never waits for, or blocks, the pipeline): releases, figures and series as Parquet or CSV, and
the review sheet of figures a person should look at."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline.warehouse.connection import sql_dir

EXPORTED = ("releases", "figures", "series")
FORMATS = ("parquet", "csv")


def _open(snapshot: Path) -> duckdb.DuckDBPyConnection:
    if not Path(snapshot).exists():
        raise FileNotFoundError(
            f"no analytics snapshot at {snapshot}: run `crimestats build` (or demo/run) first"
        )
    return duckdb.connect(str(snapshot), read_only=True)


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export(snapshot: Path, out_dir: Path, fmt: str = "parquet") -> dict[str, Path]:
    """Write releases, figures and series from the snapshot into `out_dir`, one file each."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    options = "(format parquet)" if fmt == "parquet" else "(format csv, header true)"
    written: dict[str, Path] = {}
    con = _open(snapshot)
    try:
        for table in EXPORTED:
            path = out_dir / f"{table}.{fmt}"
            con.execute(f"copy (select * from {table}) to {_literal(path)} {options}")
            written[table] = path
    finally:
        con.close()
    return written


def review_export(snapshot: Path, out: Path) -> int:
    """Write the review sheet (conflicts, failed year-on-year checks, doubtful figures) as CSV;
    returns its row count. Fill new_value/new_metric/new_offense/new_period (YYYY-MM-DD..YYYY-MM-DD)
    and reason, then `crimestats correct --from-csv`."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    con = _open(snapshot)
    try:
        review = (sql_dir() / "queries" / "review.sql").read_text(encoding="utf-8")
        con.execute(f"copy ({review}) to {_literal(out)} (format csv, header true)")
        (count,) = con.execute(f"select count(*) from ({review})").fetchone()  # type: ignore[misc]
    finally:
        con.close()
    return int(count)
