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

    @classmethod
    def from_env(
        cls,
        db: Path | None = None,
        archive: Path | None = None,
        analytics: Path | None = None,
        sources_dir: Path | None = None,
    ) -> Settings:
        """Explicit values win, then CRIMESTATS_DB / CRIMESTATS_ARCHIVE / CRIMESTATS_ANALYTICS /
        CRIMESTATS_SOURCES, then the defaults (data/warehouse.duckdb, data/raw, the analytics
        snapshot beside the warehouse, the package's sources)."""
        db = Path(db or os.environ.get("CRIMESTATS_DB") or DEFAULT_DB)
        archive = Path(archive or os.environ.get("CRIMESTATS_ARCHIVE") or DEFAULT_ARCHIVE)
        analytics_env = os.environ.get("CRIMESTATS_ANALYTICS")
        analytics = Path(analytics or analytics_env or db.with_name("analytics.duckdb"))
        return cls(
            db=db,
            archive=archive,
            analytics=analytics,
            sources_dir=Path(sources_dir or default_sources_dir()),
        )
