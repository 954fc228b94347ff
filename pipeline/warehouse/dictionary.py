"""The data dictionary (docs/data-dictionary.md), generated from the COMMENT ON metadata of a
freshly migrated and built warehouse, so the docs say what the database says.

    python -m pipeline.warehouse.dictionary      # or: crimestats docs
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import duckdb

from pipeline.warehouse.build import MODELS, VIEWS, build_models
from pipeline.warehouse.connection import writer

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "docs" / "data-dictionary.md"
HEADER = """# Data dictionary

Generated from the warehouse's `COMMENT ON` metadata by `crimestats docs`
(`python -m pipeline.warehouse.dictionary`); do not edit by hand: change the comment in
sql/migrations (landing tables) or sql/models/schema.yml (models) and regenerate.
tests/test_warehouse_dictionary.py fails when this file is out of date.

Landing tables are written by `load`; models are rebuilt by `build` and are what analysts
query in `analytics.duckdb`.
"""


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def render(con: duckdb.DuckDBPyConnection) -> str:
    """Markdown: every table and view with its comment, then its columns, types and comments."""
    objects = con.execute(
        "select table_name, 'table', comment from duckdb_tables() where not internal"
        " and table_name <> 'schema_version'"
        " and database_name = current_database() and schema_name = 'main'"
        " union all select view_name, 'view', comment from duckdb_views() where not internal"
        " and database_name = current_database() and schema_name = 'main'"
    ).fetchall()
    order = {name: i for i, name in enumerate(MODELS)}
    landing = sorted((o for o in objects if o[0] not in order), key=lambda o: o[0])
    models = sorted((o for o in objects if o[0] in order), key=lambda o: order[o[0]])
    parts = [HEADER]
    for title, group in (("Landing tables", landing), ("Models", models)):
        parts.append(f"## {title}\n")
        for name, kind, comment in group:
            kind = "view" if name in VIEWS else kind
            parts.append(f"### {name} ({kind})\n\n{comment or ''}\n")
            parts.append("| column | type | meaning |\n|---|---|---|")
            for column, dtype, text in con.execute(
                "select column_name, data_type, comment from duckdb_columns()"
                " where table_name = ? and database_name = current_database()"
                " order by column_index",
                [name],
            ).fetchall():
                parts.append(f"| {column} | {dtype} | {_cell(text)} |")
            parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def generate() -> str:
    """The dictionary of an empty warehouse migrated and built by the current code."""
    with tempfile.TemporaryDirectory() as tmp, writer(Path(tmp) / "dictionary.duckdb") as con:
        build_models(con)
        return render(con)


def write(path: Path = DEFAULT_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(generate(), encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover
    print(write(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PATH))
