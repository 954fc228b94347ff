"""Loading figures in bulk: the load path vs DuckDB's own Arrow insert, then `build` over them.

    .venv/bin/python bench/bench_load.py [--rows 1000000] [--per-release 1000]

Each measurement runs in a fresh child process (fork) so its peak memory (ru_maxrss) is its own:
  load path  tuples as `load._figure_rows` makes them -> figure_store.replace_figures (Arrow table,
             one insert ... select computing value_low/value_high, figure_changes diff), one
             transaction, into an empty warehouse
  arrow      the same rows already in an Arrow table -> `insert into figures select * from t`
             (DuckDB's practical limit; building that Arrow table is not timed)
  build      build_models + quality gates over the loaded rows
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.warehouse.build import build
from pipeline.warehouse.connection import writer
from pipeline.warehouse.figure_store import figure_table, replace_figures
from pipeline.warehouse.load import release_id

METRICS = ["arrested", "prosecuted", "not_prosecuted", "not_arrested", "public_interest_cases"]
OFFENSES = [None, "telecom_network_fraud", "dangerous_driving", "drug_crime", "gang_crime"]
QUALIFIERS = [("exact", ""), ("more_than", "余"), ("about", "约"), ("nearly", "近")]


def generate(
    n: int, per_release: int, seed: int = 5
) -> tuple[list[dict[str, Any]], list[tuple[Any, ...]]]:
    """Releases with bodies and figure rows whose spans really are in the bodies."""
    rng = random.Random(seed)
    releases, figures = [], []
    for r in range(n // per_release):
        rid = release_id("bench", f"t{r}")
        year = 2015 + r % 10
        parts, offset = [], 0
        for i in range(per_release):
            qualifier, word = QUALIFIERS[rng.randrange(4)]
            wan = rng.randrange(10, 9999) / 10
            text = f"{'近' if word == '近' else ''}{wan}万{'余' if word == '余' else ''}人"
            change = rng.randrange(1, 400) / 10
            sentence = f"今年1至{3 * (1 + i % 4)}月，全国检察机关起诉{text}，同比上升{change}%。"
            start = offset + sentence.index(text)
            end_month = 3 * (1 + i % 4)
            figures.append((
                f"{rid}{i:06d}", rid, wan * 10000, "person", qualifier, METRICS[i % 5],
                OFFENSES[(i // 5) % 5], "national", "procuratorate", date(year, 1, 1),
                date(year, end_month, 30 if end_month in (6, 9) else 31), change,
                "percent", "up", "year_on_year", start, start + len(text), text, sentence, "bench",
            ))  # fmt: skip
            parts.append(sentence)
            offset += len(sentence)
        releases.append({
            "release_id": rid, "source": "bench", "article_key": f"t{r}",
            "url": f"http://bench.invalid/t{r}", "title": f"release {r}",
            "published_date": date(year + 1, 3, 1), "language": "zh", "publisher": "spp",
            "jurisdiction": "national", "raw_sha256": f"{r:064x}", "parser_version": "bench",
            "parse_status": "ok", "body": "".join(parts),
        })  # fmt: skip
    return releases, figures


def _insert_releases(con: Any, releases: list[dict[str, Any]]) -> None:
    import pyarrow as pa

    table = pa.Table.from_pylist(releases)
    con.register("bench_releases", table)
    con.execute(
        f"insert into releases ({', '.join(table.column_names)}) select * from bench_releases"
    )
    con.unregister("bench_releases")


def _measure(
    kind: str, db: Path, data: tuple[list[dict[str, Any]], list[tuple[Any, ...]]], out: Any
) -> None:
    releases, figures = data
    with writer(db) as con:
        if kind == "build":
            started = time.perf_counter()
            stats = build(con)
            elapsed = time.perf_counter() - started
            extra = f"series {stats.rows['series']:,} rows, yoy_check {stats.rows['yoy_check']:,}"
        else:
            _insert_releases(con, releases)
            ids = [r["release_id"] for r in releases]
            table = figure_table(figures) if kind == "arrow" else None
            started = time.perf_counter()
            con.execute("begin")
            if kind == "load":
                replace_figures(con, ids, figures)
            else:
                con.register("bench_arrow", table)
                con.execute("insert into figures select *, null, null from bench_arrow")
            con.execute("commit")
            elapsed = time.perf_counter() - started
            (count,) = con.execute("select count(*) from figures").fetchone()  # type: ignore[misc]
            extra = f"{count:,} rows"
    out.send((elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, extra))


def run(kind: str, db: Path, data: Any) -> tuple[float, float, str]:
    parent, child = mp.Pipe()
    proc = mp.get_context("fork").Process(target=_measure, args=(kind, db, data, child))
    proc.start()
    result: tuple[float, float, str] = parent.recv()
    proc.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--per-release", type=int, default=20)
    args = parser.parse_args()
    started = time.perf_counter()
    data = generate(args.rows, args.per_release)
    print(f"generated {len(data[1]):,} figure rows in {len(data[0]):,} releases "
          f"({time.perf_counter() - started:.1f} s, not timed below)")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        arrow = run("arrow", Path(tmp) / "arrow.duckdb", data)
        load = run("load", Path(tmp) / "load.duckdb", data)
        built = run("build", Path(tmp) / "load.duckdb", data)
    rows = len(data[1])
    for name, (secs, peak, extra) in (
        ("arrow insert", arrow),
        ("load path", load),
        ("build", built),
    ):
        speed = f"{rows / secs:>12,.0f} rows/s"
        print(f"{name:<13} {secs:7.2f} s  {speed}  peak RSS {peak:7.0f} MB  {extra}")
    print(f"load path / arrow insert: {load[0] / arrow[0]:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
