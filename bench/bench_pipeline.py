"""The demo pipeline end to end, cold and warm: crawl, load, build, publish, reparse.

    .venv/bin/python bench/bench_pipeline.py
Prints seconds per phase and the ratio warm/cold (a second demo fetches only listing page 1).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from pipeline import jobs
from pipeline.settings import Settings


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env(db=Path(tmp) / "w.duckdb", archive=Path(tmp) / "raw")
        t0 = time.perf_counter()
        cold = jobs.demo(settings)
        t1 = time.perf_counter()
        jobs.demo(settings)
        t2 = time.perf_counter()
        rebuilt = Settings.from_env(db=Path(tmp) / "r.duckdb", archive=settings.archive)
        stats = jobs.load(rebuilt, reparse=True)
        t3 = time.perf_counter()
        assert cold.load is not None
        print(
            f"cold demo: {t1 - t0:.2f}s ({cold.load.releases} releases, "
            f"{cold.load.figures} figures)"
        )
        print(f"warm demo: {t2 - t1:.2f}s (ratio warm/cold {(t2 - t1) / (t1 - t0):.2f})")
        print(
            f"reparse from archive: {t3 - t2:.2f}s ({stats.releases} releases, "
            f"{stats.figures} figures)"
        )
        archived = sum(p.stat().st_size for p in settings.archive.rglob("*") if p.is_file())
        print(
            f"warehouse: {settings.db.stat().st_size / 1e6:.1f} MB, "
            f"archive: {archived / 1e6:.2f} MB"
        )


if __name__ == "__main__":
    main()
