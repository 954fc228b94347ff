"""Rebuilding the summary models in sql/models, all in one transaction, then the quality gates.

Each model is one SQL file ending in a single select; the build replaces its table (or view, for
the analysts' stable interface and for what depends on today's date). Readers of a published
snapshot never see a half-built state because publishing happens after the commit, and only
when the gates found no error (see `gates.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import yaml

from pipeline.warehouse.connection import sql_dir
from pipeline.warehouse.gates import GateReport, check

# Models in dependency order; a model may read the tables of those before it.
MODELS = (
    "figure_facts",
    "latest_figures",
    "series",
    "series_conflicts",
    "yoy_check",
    "coverage",
    "runs",
    "source_health",
    "national_yearly_prosecutions",
    "quarterly_cases",
)
# Built as views: they depend on today's date, or are thin selects analysts query by name.
VIEWS = frozenset({"source_health", "national_yearly_prosecutions", "quarterly_cases"})


@dataclass(slots=True)
class BuildStats:
    rows: dict[str, int] = field(default_factory=dict)
    gates: GateReport | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "rows": dict(self.rows),
            "gates": self.gates.to_dict() if self.gates else None,
        }


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def model_docs() -> dict[str, dict[str, object]]:
    """sql/models/schema.yml: description and column comments of every model."""
    docs: dict[str, dict[str, object]] = yaml.safe_load(
        (sql_dir() / "models" / "schema.yml").read_text(encoding="utf-8")
    )
    return docs


def _drop_if_other_kind(con: duckdb.DuckDBPyConnection, model: str, kind: str) -> None:
    """A model that changed between table and view: drop the old object first."""
    catalog = "duckdb_views()" if kind == "table" else "duckdb_tables()"
    name = "view_name" if kind == "table" else "table_name"
    found = con.execute(
        f"select count(*) from {catalog} where {name} = ? and not internal"
        " and database_name = current_database()",
        [model],
    ).fetchone()
    if found and found[0]:
        con.execute(f"drop {'view' if kind == 'table' else 'table'} {model}")


def build_models(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rebuild every model and its comments; all or nothing. Row counts by model."""
    docs = model_docs()
    rows: dict[str, int] = {}
    con.execute("begin")
    try:
        for model in MODELS:
            select = (sql_dir() / "models" / f"{model}.sql").read_text(encoding="utf-8")
            kind = "view" if model in VIEWS else "table"
            _drop_if_other_kind(con, model, kind)
            con.execute(f"create or replace {kind} {model} as {select}")
            doc = docs.get(model, {})
            if "description" in doc:
                con.execute(f"comment on {kind} {model} is {_quote(str(doc['description']))}")
            columns = doc.get("columns") or {}
            if not isinstance(columns, dict):
                raise ValueError(f"sql/models/schema.yml: {model}.columns must be a mapping")
            for column, text in columns.items():
                con.execute(f"comment on column {model}.{column} is {_quote(str(text))}")
            rows[model] = con.execute(f"select count(*) from {model}").fetchone()[0]  # type: ignore[index]
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return rows


def build(con: duckdb.DuckDBPyConnection) -> BuildStats:
    """Rebuild the models, then run the quality gates: `QualityGateFailed` on any error (the
    models stay committed, the caller must not publish), warnings recorded and returned."""
    stats = BuildStats(rows=build_models(con))
    stats.gates = check(con)
    stats.gates.raise_on_errors()
    return stats
