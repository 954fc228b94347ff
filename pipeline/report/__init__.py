"""The analyst report: one self-contained HTML file of charts with provenance.

Importing this package is cheap (altair and the Vega bundle load on the first `build_report`),
so the CLI and pipeline.jobs can import it at the top.

>>> build_report(Path("data/analytics.duckdb"), Path("data/report.html"))  # doctest: +SKIP
PosixPath('data/report.html')
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ReportError", "build_report"]


class ReportError(RuntimeError):
    """The report could not be rendered (raised by the nightly build after publishing)."""


def build_report(db_path: Path, out: Path) -> Path:
    """Read `db_path` (the analytics snapshot, or a warehouse) read-only and write the report to
    `out` atomically (a reader never sees half a file); return `out`."""
    from pipeline.report.data import load
    from pipeline.report.page import render

    html = render(load(Path(db_path)))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, out)
    return out
