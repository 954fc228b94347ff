"""Where things live: warehouse file, raw archive, published snapshot, sources directory."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.sources import default_sources_dir

DEFAULT_DB = Path("data/warehouse.duckdb")
DEFAULT_ARCHIVE = Path("data/raw")


@dataclass(frozen=True, slots=True)
class Settings:
    db: Path
    archive: Path
    analytics: Path
    sources_dir: Path
    lock_wait_seconds: float = 0.0  # how long a writer waits for another one to finish

    @classmethod
    def from_env(
        cls,
        db: Path | None = None,
        archive: Path | None = None,
        analytics: Path | None = None,
        sources_dir: Path | None = None,
        lock_wait_seconds: float | None = None,
    ) -> Settings:
        """Explicit values win, then CRIMESTATS_DB / CRIMESTATS_ARCHIVE / CRIMESTATS_ANALYTICS /
        CRIMESTATS_SOURCES / CRIMESTATS_LOCK_WAIT, then the defaults (data/warehouse.duckdb,
        data/raw, the analytics snapshot beside the warehouse, the package's sources, no wait)."""
        db = Path(db or os.environ.get("CRIMESTATS_DB") or DEFAULT_DB)
        archive = Path(archive or os.environ.get("CRIMESTATS_ARCHIVE") or DEFAULT_ARCHIVE)
        analytics_env = os.environ.get("CRIMESTATS_ANALYTICS")
        analytics = Path(analytics or analytics_env or db.with_name("analytics.duckdb"))
        if lock_wait_seconds is None:
            lock_wait_seconds = float(os.environ.get("CRIMESTATS_LOCK_WAIT") or 0)
        return cls(
            db=db,
            archive=archive,
            analytics=analytics,
            sources_dir=Path(sources_dir or default_sources_dir()),
            lock_wait_seconds=lock_wait_seconds,
        )
