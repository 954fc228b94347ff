"""Rebuilding the summary models in sql/models, all in one transaction.

Each model is one SQL file ending in a single select; the build replaces its table. Readers of a
published snapshot never see a half-built state because publishing happens after the commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import yaml

from pipeline.warehouse.connection import sql_dir

# Models in dependency order; a model may read the tables of those before it.
MODELS = ("latest_figures",)


@dataclass(slots=True)
class BuildStats:
    rows: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {"rows": dict(self.rows)}


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def build(con: duckdb.DuckDBPyConnection) -> BuildStats:
    """Rebuild every model table and its comments; all or nothing."""
    docs = yaml.safe_load((sql_dir() / "models" / "schema.yml").read_text(encoding="utf-8"))
    stats = BuildStats()
    con.execute("begin")
    try:
        for model in MODELS:
            select = (sql_dir() / "models" / f"{model}.sql").read_text(encoding="utf-8")
            con.execute(f"create or replace table {model} as {select}")
            doc = docs.get(model, {})
            if "description" in doc:
                con.execute(f"comment on table {model} is {_quote(doc['description'])}")
            for column, text in (doc.get("columns") or {}).items():
                con.execute(f"comment on column {model}.{column} is {_quote(text)}")
            stats.rows[model] = con.execute(f"select count(*) from {model}").fetchone()[0]  # type: ignore[index]
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return stats
