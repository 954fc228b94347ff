"""The report's data: the queries in sql/report/*.sql run read-only against the snapshot.

Everything scraped stays data here; URLs are reduced to http(s) or dropped (`safe_url`), and
HTML escaping happens where text meets markup (pipeline.report.page).
"""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import duckdb

from pipeline.report.labels import metric_label, offence_label
from pipeline.warehouse.connection import sql_dir

Row = dict[str, Any]
QUERIES = ("series_points", "top_offences", "coverage", "conflicts", "yoy_failures")
URL_FIELDS = ("url", "prior_url")


@dataclass(frozen=True, slots=True)
class ReportData:
    """One list of rows per query in sql/report, labelled and with safe URLs."""

    series_points: list[Row]
    top_offences: list[Row]
    coverage: list[Row]
    conflicts: list[Row]
    yoy_failures: list[Row]
    snapshot: str


def safe_url(url: object) -> str | None:
    """`url` when it is an absolute http(s) URL without spaces or control characters, else None.

    >>> safe_url("javascript:alert(1)") is None
    True
    """
    if not isinstance(url, str) or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def _plain(value: Any) -> Any:
    """JSON-ready scalars (DuckDB hands back Decimal for sums, dates for dates)."""
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _rows(con: duckdb.DuckDBPyConnection, name: str) -> list[Row]:
    query = (sql_dir() / "report" / f"{name}.sql").read_text(encoding="utf-8")
    cursor = con.execute(query)
    columns = [d[0] for d in cursor.description]
    rows = []
    for values in cursor.fetchall():
        row = {c: _plain(v) for c, v in zip(columns, values, strict=True)}
        for key in URL_FIELDS:
            if key in row:
                row[key] = safe_url(row[key])
        if "metric" in row:
            row["metric_label"] = metric_label(row["metric"])
        if "offense" in row:
            row["offence_label"] = offence_label(row["offense"])
        rows.append(row)
    return rows


def load(db_path: Path) -> ReportData:
    """Run every report query against `db_path`, opened read-only."""
    if not Path(db_path).exists():
        raise FileNotFoundError(f"no warehouse or snapshot at {db_path}: run `crimestats build`")
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        found = {name: _rows(con, name) for name in QUERIES}
    finally:
        con.close()
    return ReportData(**found, snapshot=Path(db_path).name)
