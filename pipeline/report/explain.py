"""`crimestats explain FIGURE_ID`: one figure with its sentence, release and raw page hash, so a
number in the report can be traced to the bytes it was read from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from pipeline.report.labels import metric_label, offence_label
from pipeline.warehouse.connection import sql_dir


def explain(db_path: Path, figure_id: str) -> dict[str, Any]:
    """The figure's row (sql/report/explain.sql) from `db_path`, opened read-only.

    Raises LookupError when no figure has that id."""
    if not Path(db_path).exists():
        raise FileNotFoundError(f"no warehouse or snapshot at {db_path}: run `crimestats build`")
    query = (sql_dir() / "report" / "explain.sql").read_text(encoding="utf-8")
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        cursor = con.execute(query, [figure_id])
        columns = [d[0] for d in cursor.description]
        row = cursor.fetchone()
    finally:
        con.close()
    if row is None:
        raise LookupError(f"no figure {figure_id!r} in {db_path}")
    return dict(zip(columns, row, strict=True))


def describe(facts: dict[str, Any]) -> list[str]:
    """The lines `crimestats explain` prints (plain text: scraped text is never markup)."""
    change = ""
    if facts["change_value"] is not None:
        change = f"  change {facts['change_direction']} {facts['change_value']:g} "
        change += str(facts["change_unit"])
    lines = [
        f"figure    {facts['figure_id']}  ({facts['agency']}, parser {facts['parser_version']})",
        f"value     {facts['value']:,.10g} {facts['unit']} ({facts['qualifier']}){change}",
        f"metric    {metric_label(facts['metric'])} [{facts['metric']}]",
        f"offence   {offence_label(facts['offense'])} [{facts['offense'] or '-'}]",
        f"where     {facts['jurisdiction']}  {facts['period_start']} .. {facts['period_end']}",
        f"written   {facts['span_text']}",
        f"sentence  {facts['sentence']}",
        f"release   {facts['release_id']}  {facts['release_title']}",
        f"published {facts['published_date']}  ({facts['source']})",
        f"url       {facts['url']}",
        f"raw page  sha256 {facts['raw_sha256']}",
    ]
    if facts["correction_reason"]:
        lines.append(
            f"corrected from {facts['extracted_value']:,.10g}: {facts['correction_reason']}"
        )
    return lines
