"""The Figure record: one statistic found in a release body, with its evidence."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

UNITS = ("person", "case", "case_time", "item", "yuan", "percent", "other")
QUALIFIERS = ("exact", "more_than", "about", "nearly", "less_than")
CHANGE_UNITS = ("percent", "times", "percentage_points")
DIRECTIONS = ("up", "down")
BASES = ("year_on_year", "other")


@dataclass(frozen=True, slots=True)
class Figure:
    """A statistic as reported: value and unit, or (value and unit None) a bare change.

    `start`/`end` index the release body; `text` is exactly `body[start:end]`.
    """

    start: int
    end: int
    text: str
    sentence: str
    value: float | None
    unit: str | None
    qualifier: str = "exact"
    metric: str = "other"
    offense: str | None = None
    jurisdiction: str = "national"
    agency: str = "procuratorate"
    period_start: date | None = None
    period_end: date | None = None
    change_value: float | None = None
    change_unit: str | None = None
    change_direction: str | None = None
    change_basis: str | None = None

    def to_json(self, doc: str) -> dict[str, Any]:
        """The `crimestats extract` output line for this figure (see README, "extract contract")."""
        row = asdict(self)
        row["period_start"] = self.period_start.isoformat() if self.period_start else None
        row["period_end"] = self.period_end.isoformat() if self.period_end else None
        value = self.value
        if value is not None and float(value).is_integer():
            row["value"] = int(value)
        return {"doc": doc, **row}
