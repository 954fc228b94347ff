"""Quality gates: the checks in sql/checks run after every build.

Each check is one SQL file returning (subject, detail) rows; its first line states its grain and
its level. Errors (rates outside 0..100, reversed periods, periods after their release, figures
without evidence, duplicate figure keys) fail the build: the caller does not publish, so the last
good snapshot stays in place, while what was loaded stays committed. Warnings (a listing with no
items, a release with no figures, a failed year-on-year check, a series conflict) are recorded
and shown and block nothing. Every finding of the latest build is in `quality_issues`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from pipeline.warehouse.connection import sql_dir

LEVELS = ("error", "warning")
_LEVEL = re.compile(r"level:\s*(error|warning)\b")


class QualityGateFailed(RuntimeError):
    """The build found data errors; nothing was published."""


@dataclass(frozen=True, slots=True)
class Issue:
    level: str
    check_name: str
    subject: str | None
    detail: str


@dataclass(slots=True)
class GateReport:
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "warning"]

    def counts(self, level: str) -> dict[str, int]:
        return dict(Counter(i.check_name for i in self.issues if i.level == level))

    def to_dict(self) -> dict[str, object]:
        return {"errors": self.counts("error"), "warnings": self.counts("warning")}

    def raise_on_errors(self) -> None:
        if not self.errors:
            return
        shown = "; ".join(f"{i.check_name} {i.subject}: {i.detail}" for i in self.errors[:5])
        more = f" (and {len(self.errors) - 5} more)" if len(self.errors) > 5 else ""
        raise QualityGateFailed(
            f"quality gates failed with {len(self.errors)} error(s), nothing published "
            f"(see table quality_issues): {shown}{more}"
        )


def checks() -> list[tuple[str, str, Path]]:
    """(name, level, path) of every check in sql/checks, errors first."""
    found = []
    for path in sorted((sql_dir() / "checks").glob("*.sql")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = _LEVEL.search(first)
        if not match:
            raise ValueError(
                f"{path}: the first line must state 'level: error' or 'level: warning'"
            )
        found.append((path.stem, match.group(1), path))
    return sorted(found, key=lambda c: (LEVELS.index(c[1]), c[0]))


def check(con: duckdb.DuckDBPyConnection) -> GateReport:
    """Run every check and replace `quality_issues` with the findings (committed)."""
    report = GateReport()
    for name, level, path in checks():
        for subject, detail in con.execute(path.read_text(encoding="utf-8")).fetchall():
            report.issues.append(Issue(level, name, subject, detail))
    now = datetime.now(UTC)
    con.execute("begin")
    try:
        con.execute("delete from quality_issues")
        if report.issues:  # one Arrow insert: a bad night can bring 100,000 warnings
            table = pa.table(
                {
                    "level": [i.level for i in report.issues],
                    "check_name": [i.check_name for i in report.issues],
                    "subject": [i.subject for i in report.issues],
                    "detail": [i.detail for i in report.issues],
                }
            )
            con.register("cs_issues", table)
            try:
                con.execute(
                    "insert into quality_issues (checked_at, level, check_name, subject, detail)"
                    " select ?, level, check_name, subject, detail from cs_issues",
                    [now],
                )
            finally:
                con.unregister("cs_issues")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return report
