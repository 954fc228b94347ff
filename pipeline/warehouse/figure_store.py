"""Replacing a load's figures in bulk: one Arrow table, one `insert ... select`, inside the load's
transaction, with what changed recorded in figure_changes.

Row-by-row `executemany` manages ~1,500 rows/s in DuckDB; an Arrow table and a single
`insert ... select` moves millions per second (bench/bench_load.py). The bounds (value_low,
value_high) are computed by DuckDB in the same statement from the qualifier and the number as
written (see `connection.BOUND_MACROS`).
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import duckdb
import pyarrow as pa

FIGURE_SCHEMA = pa.schema(
    [
        ("figure_id", pa.string()),
        ("release_id", pa.string()),
        ("value", pa.float64()),
        ("unit", pa.string()),
        ("qualifier", pa.string()),
        ("metric", pa.string()),
        ("offense", pa.string()),
        ("jurisdiction", pa.string()),
        ("agency", pa.string()),
        ("period_start", pa.date32()),
        ("period_end", pa.date32()),
        ("change_value", pa.float64()),
        ("change_unit", pa.string()),
        ("change_direction", pa.string()),
        ("change_basis", pa.string()),
        ("span_start", pa.int32()),
        ("span_end", pa.int32()),
        ("span_text", pa.string()),
        ("sentence", pa.string()),
        ("parser_version", pa.string()),
    ]
)
COLUMNS = tuple(FIGURE_SCHEMA.names)

# Fields compared between the old and the new extraction of a figure.
COMPARED = (
    "value",
    "unit",
    "qualifier",
    "metric",
    "offense",
    "period_start",
    "period_end",
    "change_value",
)


def figure_table(rows: Sequence[Sequence[Any]]) -> pa.Table:
    """Tuples in `COLUMNS` order (load._figure_rows) as an Arrow table, column by column."""
    if not rows:
        return FIGURE_SCHEMA.empty_table()
    # Transposing a million tuples allocates millions of containers, each of which can trigger
    # a full garbage collection that finds nothing to free: pause the collector meanwhile.
    paused = gc.isenabled()
    gc.disable()
    try:
        columns = list(zip(*rows, strict=True))
        arrays = [
            pa.array(column, type=field.type)
            for column, field in zip(columns, FIGURE_SCHEMA, strict=True)
        ]
    finally:
        if paused:
            gc.enable()
    return pa.Table.from_arrays(arrays, schema=FIGURE_SCHEMA)


def insert_figures(con: duckdb.DuckDBPyConnection, table: pa.Table) -> int:
    """Append an Arrow table of figures, bounds computed in the same statement."""
    con.register("cs_new_figures", table)
    try:
        con.execute(
            f"insert into figures ({', '.join(COLUMNS)}, value_low, value_high)"
            f" select {', '.join(COLUMNS)},"
            " figure_low(value, qualifier, unit, span_text),"
            " figure_high(value, qualifier, unit, span_text)"
            " from cs_new_figures"
        )
    finally:
        con.unregister("cs_new_figures")
    return table.num_rows


# A template (table names and column lists are filled in per call), hence kept beside its code.
DIFF_SQL = """
with old as (
    select * from figures where release_id in (select release_id from {releases})
),
new as (select * from {new}),
joined as (
    select
        coalesce(n.figure_id, o.figure_id) as figure_id,
        coalesce(n.release_id, o.release_id) as release_id,
        coalesce(n.span_start, o.span_start) as span_start,
        coalesce(n.span_end, o.span_end) as span_end,
        coalesce(n.span_text, o.span_text) as span_text,
        case
            when o.figure_id is null then 'added'
            when n.figure_id is null then 'removed'
            else 'changed'
        end as change,
        o.parser_version as old_parser_version,
        n.parser_version as new_parser_version,
        {pairs}
    from old as o
    full outer join new as n on o.figure_id = n.figure_id
    where o.figure_id is null or n.figure_id is null or {differs}
)
select * from joined
"""


def diff_sql(new: str, releases: str) -> str:
    """A select of what replacing the figures of `releases` by the rows of `new` changes."""
    pairs = ",\n        ".join(f"o.{c} as old_{c}, n.{c} as new_{c}" for c in COMPARED)
    differs = " or ".join(f"o.{c} is distinct from n.{c}" for c in COMPARED)
    return DIFF_SQL.format(new=new, releases=releases, pairs=pairs, differs=differs)


def diff_columns() -> list[str]:
    base = ["figure_id", "release_id", "span_start", "span_end", "span_text", "change"]
    base += ["old_parser_version", "new_parser_version"]
    return base + [f"{side}_{c}" for c in COMPARED for side in ("old", "new")]


def replace_figures(
    con: duckdb.DuckDBPyConnection,
    release_ids: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    record_changes: bool = True,
) -> int:
    """Replace every figure of `release_ids` by `rows`; call inside the load's transaction.

    Idempotent: the same rows replace themselves and record no change. Changes are recorded
    only for releases that already had figures (a release seen for the first time is news,
    not a change)."""
    table = figure_table(rows)
    ids = pa.table({"release_id": pa.array(list(dict.fromkeys(release_ids)), pa.string())})
    con.register("cs_replaced_releases", ids)
    con.register("cs_incoming", table)
    try:
        if record_changes:
            columns = diff_columns()
            con.execute(
                f"insert into figure_changes (changed_at, {', '.join(columns)})"
                f" select ?, {', '.join(columns)} from ("
                + diff_sql("cs_incoming", "cs_replaced_releases")
                + ") as d where d.release_id in"
                " (select distinct release_id from figures"
                "  where release_id in (select release_id from cs_replaced_releases))",
                [datetime.now(UTC)],
            )
        con.execute(
            "delete from figures where release_id in (select release_id from cs_replaced_releases)"
        )
    finally:
        con.unregister("cs_incoming")
        con.unregister("cs_replaced_releases")
    return insert_figures(con, table)
