"""Opening the warehouse: one writer at a time (a file lock), migrations applied on open."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from filelock import FileLock, Timeout


class WarehouseBusy(RuntimeError):
    """Another crimestats process holds the writer lock."""


def sql_dir() -> Path:
    """The repository's sql/ folder ($CRIMESTATS_SQL overrides, for unusual installs)."""
    env = os.environ.get("CRIMESTATS_SQL")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "sql"


def migrations() -> list[tuple[int, Path]]:
    found = []
    for path in sorted((sql_dir() / "migrations").glob("*.sql")):
        number = path.name.split("_", 1)[0]
        if not number.isdigit():
            raise RuntimeError(f"migration {path.name} must start with its number (001_...)")
        found.append((int(number), path))
    return found


# Qualifier bounds as temporary macros (never stored in the file, so snapshots carry none).
# The step is the place value of the last digit written, in the figure's unit: 4.2万 -> 1000,
# 42,000 -> 1000 (trailing zeros count as rounding, except for percentages), 1818808 -> 1,
# 41.8% -> 0.1. A figure written in words (five) gets a step of 1.
BOUND_MACROS = r"""
create or replace temp macro cs_digits(span_text) as
    replace(regexp_extract(coalesce(span_text, ''), '[0-9][0-9,]*(\.[0-9]+)?'), ',', '');
create or replace temp macro cs_written_step(digits, unit) as case
    when digits = '' then null
    when strpos(digits, '.') > 0 then 10.0 ** (strpos(digits, '.') - length(digits))
    when unit = 'percent' then 1.0
    else 10.0 ** (length(digits) - length(rtrim(digits, '0')))
end;
create or replace temp macro figure_step(value, unit, span_text) as coalesce(
    cs_written_step(cs_digits(span_text), unit) * abs(value)
        / nullif(try_cast(cs_digits(span_text) as double), 0),
    1.0);
create or replace temp macro figure_low(value, qualifier, unit, span_text) as case
    when value is null then null
    when qualifier = 'more_than' then value
    when qualifier in ('nearly', 'about') then value - figure_step(value, unit, span_text)
    when qualifier = 'less_than' then least(0.0, value)
    else value - figure_step(value, unit, span_text) / 2
end;
create or replace temp macro figure_high(value, qualifier, unit, span_text) as case
    when value is null then null
    when qualifier in ('more_than', 'about') then value + figure_step(value, unit, span_text)
    when qualifier in ('nearly', 'less_than') then value
    else value + figure_step(value, unit, span_text) / 2
end;
"""


def define_macros(con: duckdb.DuckDBPyConnection) -> None:
    """The temporary macros migrations, loads and models use (figure_low, figure_high)."""
    con.execute(BOUND_MACROS)


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply the numbered migrations not yet recorded in schema_version, each in a transaction."""
    define_macros(con)
    con.execute(
        "create table if not exists schema_version ("
        " version integer primary key, name varchar not null,"
        " applied_at timestamptz not null default current_timestamp)"
    )
    done = {row[0] for row in con.execute("select version from schema_version").fetchall()}
    applied = []
    for number, path in migrations():
        if number in done:
            continue
        con.execute("begin")
        try:
            con.execute(path.read_text(encoding="utf-8"))
            con.execute(
                "insert into schema_version (version, name) values (?, ?)", [number, path.name]
            )
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        applied.append(number)
    return applied


@contextmanager
def writer(db_path: Path, wait_seconds: float = 0.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """The warehouse opened for writing, migrated, under an exclusive file lock."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(db_path) + ".lock")
    try:
        lock.acquire(timeout=wait_seconds)
    except Timeout:
        raise WarehouseBusy(
            f"another crimestats process is writing {db_path} (lock {lock.lock_file}); "
            "wait for it to finish and try again"
        ) from None
    try:
        con = duckdb.connect(str(db_path))
        try:
            migrate(con)
            yield con
        finally:
            con.close()
    finally:
        lock.release()
