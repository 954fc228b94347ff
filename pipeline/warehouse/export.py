"""Exports for analysts from the published snapshot (never the warehouse itself, so an export
never waits for, or blocks, the pipeline): releases, figures and series as Parquet or CSV, and
the review sheet of figures a person should look at."""

from __future__ import annotations

from pathlib import Path

import duckdb

EXPORTED = ("releases", "figures", "series")
FORMATS = ("parquet", "csv")

# The review sheet: what a person should check, with empty columns to fill in for
# `crimestats correct --from-csv`. One row per (kind, figure).
REVIEW_SQL = """
with conflicts as (
    select
        'conflict' as kind,
        f.figure_id,
        'series ' || s.metric || coalesce('/' || s.offense, '') || ' ' || s.period_start::varchar
        || '..' || s.period_end::varchar || ': best ' || s.value::varchar || ' ['
        || s.value_low::varchar || ', ' || s.value_high::varchar || '] from '
        || s.best_release_id as detail
    from series as s
    inner join figure_facts as f
        on
            s.metric = f.metric
            and s.offense is not distinct from f.offense
            and s.jurisdiction = f.jurisdiction
            and s.period_start = f.period_start
            and s.period_end = f.period_end
            and s.unit = f.unit
            and f.agency = 'procuratorate'
    where s.conflict and not s.is_derived
),
failed_yoy as (
    select
        'yoy_mismatch' as kind,
        figure_id,
        'reported ' || reported_change::varchar || ' ' || change_unit || ', computed '
        || round(computed_change, 2)::varchar || ' from ' || prior_value::varchar
        || ' (' || prior_release_id || ')' as detail
    from yoy_check
    where status = 'mismatch'
),
doubtful as (
    select
        'doubtful' as kind,
        subject as figure_id,
        check_name || ': ' || detail as detail
    from quality_issues
    where
        subject in (select figure_id from figures)
        and check_name not in ('yoy_mismatch', 'series_conflict')
),
flagged as (
    select * from conflicts
    union all
    select * from failed_yoy
    union all
    select * from doubtful
)
select
    g.kind,
    g.detail,
    f.figure_id,
    f.release_id,
    f.url,
    f.published_date,
    f.span_text,
    f.sentence,
    f.metric,
    f.offense,
    f.jurisdiction,
    f.period_start,
    f.period_end,
    f.unit,
    f.qualifier,
    f.value,
    f.value_low,
    f.value_high,
    f.change_value,
    f.change_direction,
    null::double as new_value,
    null::varchar as new_metric,
    null::varchar as new_offense,
    null::varchar as new_period,
    null::varchar as reason
from flagged as g
inner join figure_facts as f on g.figure_id = f.figure_id
order by g.kind, f.metric, f.period_end, f.figure_id
"""


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
        con.execute(f"copy ({REVIEW_SQL}) to {_literal(out)} (format csv, header true)")
        (count,) = con.execute(f"select count(*) from ({REVIEW_SQL})").fetchone()  # type: ignore[misc]
    finally:
        con.close()
    return int(count)
