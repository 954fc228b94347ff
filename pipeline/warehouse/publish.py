"""Publishing a read-only snapshot for analysts (`analytics.duckdb`).

DuckDB lets one process hold a file for writing and blocks every other opener, readers included,
so analysts never open the warehouse itself: they get a copy, replaced atomically after each
successful build. A reader holding the old copy keeps reading it; new readers see the new file.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb


def publish(con: duckdb.DuckDBPyConnection, target: Path) -> Path:
    """Copy the whole warehouse into `target` atomically and return its path."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    current = con.execute("select current_database()").fetchone()[0]  # type: ignore[index]
    escaped = str(tmp).replace("'", "''")
    con.execute(f"attach '{escaped}' as snapshot")
    try:
        con.execute(f'copy from database "{current}" to snapshot')
    finally:
        con.execute("detach snapshot")
    os.replace(tmp, target)
    return target
