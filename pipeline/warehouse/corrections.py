"""Corrections by a person: overrides keyed by the raw page hash and the span.

Figures are rebuilt from the archive by every reparse and their ids may change with the
extractor; a correction stays attached to the text it corrects (raw page + span) and is applied
by the `figure_facts` model on every build, so it survives reparses and shows, with who, when
and why, in `series.corrections`.
"""

from __future__ import annotations

import csv
import getpass
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb


@dataclass(frozen=True, slots=True)
class Correction:
    figure_id: str
    reason: str
    value: float | None = None
    metric: str | None = None
    offense: str | None = None
    period_start: date | None = None
    period_end: date | None = None

    def changes_something(self) -> bool:
        return any(
            v is not None
            for v in (self.value, self.metric, self.offense, self.period_start, self.period_end)
        )


def parse_period(text: str) -> tuple[date, date]:
    """'2024-01-01..2024-03-31' -> (start, end)."""
    try:
        start, end = (date.fromisoformat(p.strip()) for p in text.split(".."))
    except ValueError:
        raise ValueError(f"period {text!r} is not YYYY-MM-DD..YYYY-MM-DD") from None
    if end < start:
        raise ValueError(f"period {text!r} ends before it starts")
    return start, end


def correct(con: duckdb.DuckDBPyConnection, correction: Correction, by: str | None = None) -> str:
    """Store one override; returns its id. Raises ValueError for an unknown figure or an empty
    correction."""
    if not correction.reason.strip():
        raise ValueError("a correction needs --reason")
    if not correction.changes_something():
        raise ValueError("nothing to correct: give --value, --metric, --offense or --period")
    found = con.execute(
        "select r.raw_sha256, f.span_start, f.span_end from figures as f"
        " inner join releases as r using (release_id) where f.figure_id = ?",
        [correction.figure_id],
    ).fetchone()
    if found is None:
        raise ValueError(f"no figure {correction.figure_id!r} in the warehouse")
    raw_sha256, span_start, span_end = found
    override_id = uuid.uuid4().hex[:12]
    con.execute(
        "insert into figure_overrides (override_id, raw_sha256, span_start, span_end, figure_id,"
        " value, metric, offense, period_start, period_end, reason, corrected_by, corrected_at)"
        " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            override_id,
            raw_sha256,
            span_start,
            span_end,
            correction.figure_id,
            correction.value,
            correction.metric,
            correction.offense,
            correction.period_start,
            correction.period_end,
            correction.reason.strip(),
            by or getpass.getuser(),
            datetime.now(UTC),
        ],
    )
    return override_id


def read_csv(path: Path) -> list[Correction]:
    """Rows of a review sheet (crimestats review export) that carry a reason and a new value,
    metric, offense or period; the others are skipped."""
    found = []
    with Path(path).open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            reason = (row.get("reason") or "").strip()
            if not reason:
                continue
            start = end = None
            if (row.get("new_period") or "").strip():
                start, end = parse_period(row["new_period"])
            try:
                value = float(row["new_value"]) if (row.get("new_value") or "").strip() else None
            except ValueError:
                raise ValueError(
                    f"{path}:{line}: new_value {row['new_value']!r} is no number"
                ) from None
            correction = Correction(
                figure_id=(row.get("figure_id") or "").strip(),
                reason=reason,
                value=value,
                metric=(row.get("new_metric") or "").strip() or None,
                offense=(row.get("new_offense") or "").strip() or None,
                period_start=start,
                period_end=end,
            )
            if not correction.figure_id:
                raise ValueError(f"{path}:{line}: no figure_id")
            if correction.changes_something():
                found.append(correction)
    return found


def correct_all(
    con: duckdb.DuckDBPyConnection, corrections: list[Correction], by: str | None = None
) -> list[str]:
    """Store several overrides in one transaction: all or none."""
    con.execute("begin")
    try:
        ids = [correct(con, c, by) for c in corrections]
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return ids
