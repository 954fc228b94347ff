"""`crimestats reparse --dry-run`: what re-extracting the archive would change, before anything
is replaced. The same code builds the rows as `load(reparse=True)`; nothing is written."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import duckdb
import pyarrow as pa

from pipeline.fetch.archive import RawArchive
from pipeline.settings import Settings
from pipeline.sources import SourceError, SourceSpec
from pipeline.warehouse import load as loader
from pipeline.warehouse.connection import writer
from pipeline.warehouse.figure_store import diff_columns, diff_sql, figure_table


def reparse_diff(
    con: duckdb.DuckDBPyConnection, archive: RawArchive, specs: Mapping[str, SourceSpec]
) -> list[dict[str, Any]]:
    """Figures a reparse would add, remove or change, as dicts (figure_changes columns)."""
    release_ids: list[str] = []
    rows: list[tuple[Any, ...]] = []
    for record in loader._latest_articles(archive.records()):
        try:
            spec = loader._spec_for(record, specs, archive)
        except SourceError:
            continue  # load skips it the same way
        row, figures = loader.build_release(record, spec, archive)
        release_ids.append(row["release_id"])
        rows.extend(loader._figure_rows(row["release_id"], figures))
    con.register("cs_dry_new", figure_table(rows))
    con.register("cs_dry_releases", pa.table({"release_id": pa.array(release_ids, pa.string())}))
    try:
        columns = diff_columns()
        found = con.execute(
            f"select {', '.join(columns)} from ({diff_sql('cs_dry_new', 'cs_dry_releases')})"
            " order by release_id, span_start, change"
        ).fetchall()
    finally:
        con.unregister("cs_dry_new")
        con.unregister("cs_dry_releases")
    return [dict(zip(columns, r, strict=True)) for r in found]


def describe(change: Mapping[str, Any]) -> str:
    """One line per change: `changed 1a2b.. 4.2万余人: value 42000 -> 43000; metric ...`."""
    head = f"{change['change']:<8} {change['figure_id']} {change['span_text']!r}"
    if change["change"] != "changed":
        return head
    fields = [
        f"{name} {change['old_' + name]} -> {change['new_' + name]}"
        for name in ("value", "unit", "qualifier", "metric", "offense", "period_start",
                     "period_end", "change_value")
        if change["old_" + name] != change["new_" + name]
    ]  # fmt: skip
    return f"{head}: {'; '.join(fields)}"


def dry_run_changes(settings: Settings) -> list[dict[str, Any]]:
    """The diff a `reparse` of the settings' archive would make, under the writer lock."""
    from pipeline import jobs

    specs = jobs.sources(settings, base_url="http://localhost", host="localhost")
    with writer(settings.db, settings.lock_wait_seconds) as con:
        return reparse_diff(con, RawArchive(settings.archive), specs)
