"""Summary models, quality gates and publishing, on the sample site's demo run (real HTTP server
on 127.0.0.1, real DuckDB files)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline import jobs
from pipeline.settings import Settings
from pipeline.warehouse.build import MODELS
from pipeline.warehouse.connection import writer
from pipeline.warehouse.gates import QualityGateFailed

REPO = Path(__file__).resolve().parents[1]


def rows(db: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("models")
    settings = Settings.from_env(db=root / "warehouse.duckdb", archive=root / "raw")
    report = jobs.demo(settings)
    assert report.ok and report.published == settings.analytics
    return settings


def copy_of(settings: Settings, tmp_path: Path) -> Settings:
    """A private copy of the demo warehouse and snapshot, to break on purpose."""
    shutil.copy(settings.db, tmp_path / "warehouse.duckdb")
    shutil.copy(settings.analytics, tmp_path / "analytics.duckdb")
    return Settings.from_env(db=tmp_path / "warehouse.duckdb", archive=settings.archive)


SERIES_KEY = "metric, offense, jurisdiction, period_start, period_end, unit"


def test_series_has_one_row_per_key_and_no_court_or_police_figures(demo: Settings) -> None:
    db = demo.analytics
    assert (
        rows(db, f"select {SERIES_KEY}, count(*) from series group by all having count(*) > 1")
        == []
    )
    assert rows(db, "select count(*) from series")[0][0] > 100
    outsiders = rows(
        db,
        "select f.figure_id from figure_facts as f join series as s on s.best_figure_id = f.figure_id"
        " where f.agency <> 'procuratorate'",
    )
    assert (
        outsiders == []
        and rows(db, "select count(*) from figures where agency <> 'procuratorate'")[0][0] > 0
    )


def test_best_release_is_the_most_recent_and_bounds_reconcile(demo: Settings) -> None:
    # 2024 full year, persons prosecuted: reported by the annual data and the work report (zh, en)
    (_best, published, n, low, high, _conflict, value) = rows(
        demo.analytics,
        "select best_release_id, best_published_date, n_releases, value_low, value_high, conflict,"
        " value from series where metric = 'prosecuted' and offense is null and unit = 'person'"
        " and jurisdiction = 'national' and period_start = '2024-01-01' and period_end = '2024-12-31'",
    )[0]
    newest = rows(
        demo.analytics,
        "select max(published_date) from figure_facts where metric = 'prosecuted' and offense is null"
        " and unit = 'person' and period_start = '2024-01-01' and period_end = '2024-12-31'"
        " and agency = 'procuratorate'",
    )[0][0]
    assert published == newest and n >= 2 and value == 1588000
    assert low <= value <= high


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ((42000, "more_than", "4.2万余人"), (42000, "more_than", "more than 42,000 people"), True),
        ((42000, "exact", "42,000 people"), (45000, "exact", "45,000 people"), False),
        ((1025000, "exact", "102.5万人"), (1030000, "about", "about 1.03 million people"), True),
        ((95, "nearly", "近95%"), (94.6, "exact", "94.6%"), True),
        ((1818808, "exact", "1818808人"), (1818000, "exact", "181.8万人"), False),
    ],
)
def test_qualifier_bounds_decide_agreement(
    tmp_path: Path, a: tuple[float, str, str], b: tuple[float, str, str], agree: bool
) -> None:
    with writer(tmp_path / "w.duckdb") as con:
        (la, ha), (lb, hb) = (
            con.execute(
                "select figure_low(?, ?, ?, ?), figure_high(?, ?, ?, ?)",
                [v, q, "percent" if "%" in t else "person", t] * 2,
            ).fetchone()
            for v, q, t in (a, b)
        )
    assert (max(la, lb) <= min(ha, hb) + 1e-9) is agree


def test_figures_carry_bounds_from_their_qualifier(demo: Settings) -> None:
    found = dict(
        (q, (lo_ok, hi_ok))
        for q, lo_ok, hi_ok in rows(
            demo.db,
            "select qualifier, bool_and(value_low <= value), bool_and(value_high >= value)"
            " from figures where value is not null group by 1",
        )
    )
    assert found["exact"] == (True, True)
    assert rows(
        demo.db,
        "select count(*) from figures where value is not null and ("
        " (qualifier = 'more_than' and value_low <> value)"
        " or (qualifier = 'nearly' and value_high <> value)"
        " or (qualifier = 'about' and not (value_low < value and value < value_high)))",
    ) == [(0,)]


def test_yoy_check_matches_the_quarterly_series_of_consecutive_years(demo: Settings) -> None:
    checked = rows(
        demo.analytics,
        "select status, count(*) from yoy_check where offense is null and jurisdiction = 'national'"
        " and metric in ('arrested', 'prosecuted') and unit = 'person' group by 1",
    )
    counts = dict(checked)
    assert counts.get("match", 0) >= 5
    # 2025 Q1 prosecutions: 33.6万, down 3.2% on 2024 Q1's 34.7万
    (status, prior, computed) = rows(
        demo.analytics,
        "select status, prior_value, computed_change from yoy_check where metric = 'prosecuted'"
        " and offense is null and unit = 'person' and period_start = '2025-01-01'"
        " and period_end = '2025-03-31' limit 1",
    )[0]
    assert status == "match" and prior == 347000 and computed == pytest.approx(-3.17, abs=0.01)


def test_cumulative_figures_become_derived_quarters(demo: Settings) -> None:
    derived = rows(
        demo.analytics,
        "select period_start::varchar, period_end::varchar, value, n_releases from series"
        " where is_derived and metric = 'prosecuted' and offense is null and unit = 'person'"
        " and jurisdiction = 'national' and year(period_end) = 2023 order by period_end",
    )
    # 2023: 1-3月 30.8万, 1-6月 70.8万, 1-9月 119.6万 (one release each); the year: 168.8万
    # in the data release and 160余万 in a later interview, which agree, so the fourth quarter is
    # the middle of what both allow: 168.8万 (±500) minus 119.6万 (±500)
    assert derived == [
        ("2023-04-01", "2023-06-30", 708000 - 308000, 2),
        ("2023-07-01", "2023-09-30", 1196000 - 708000, 2),
        ("2023-10-01", "2023-12-31", 1688000 - 1196000, 2),
    ]
    assert rows(demo.analytics, "select count(*) from series where is_derived and value < 0") == [
        (0,)
    ]
    quarters = rows(
        demo.analytics,
        "select quarter, year_to_date, in_quarter, in_quarter_derived from quarterly_cases"
        " where metric = 'prosecuted' and offense is null and unit = 'person' and year = 2023"
        " order by quarter",
    )
    assert quarters[:3] == [
        (1, 308000, 308000, False),
        (2, 708000, 400000, True),
        (3, 1196000, 488000, True),
    ]


def test_coverage_runs_and_source_health(demo: Settings) -> None:
    db = demo.analytics
    coverage = dict(rows(db, "select source, sum(releases) from coverage group by 1"))
    assert coverage == dict(rows(db, "select source, count(*) from releases group by 1"))
    assert rows(db, "select count(*) from coverage where share_without_figures > 0")[0][0] == 1
    runs = rows(db, "select source, pages, listing_items, new_releases, figures, errors from runs")
    assert {r[0] for r in runs} == {"sample", "sample_en"}
    assert all(
        pages > 0 and items >= new > 0 and figures > 0 for _, pages, items, new, figures, _ in runs
    )
    health = rows(
        db, "select source, items_per_listing_page, share_without_figures from source_health"
    )
    assert {s for s, _, _ in health} == {"sample", "sample_en"}
    assert all(items > 0 for _, items, _ in health)


def test_analyst_views_answer_the_common_questions(demo: Settings) -> None:
    yearly = dict(
        rows(
            demo.analytics,
            "select year, persons from national_yearly_prosecutions where offense is null",
        )
    )
    assert yearly[2021] == 1748962 and yearly[2024] == 1588000
    kinds = dict(
        rows(
            demo.analytics,
            "select table_name, table_type from information_schema.tables"
            " where table_name in ('national_yearly_prosecutions', 'quarterly_cases', 'series')",
        )
    )
    assert kinds == {
        "national_yearly_prosecutions": "VIEW",
        "quarterly_cases": "VIEW",
        "series": "BASE TABLE",
    }


def test_every_model_column_has_a_comment(demo: Settings) -> None:
    missing = rows(
        demo.analytics,
        "select table_name, column_name from duckdb_columns() where comment is null"
        f" and table_name in ({', '.join(repr(m) for m in MODELS)})",
    )
    assert missing == []


def test_warnings_are_recorded_and_do_not_block(demo: Settings) -> None:
    issues = dict(rows(demo.analytics, "select check_name, level from quality_issues"))
    assert issues["release_without_figures"] == "warning"  # the video page
    assert "error" not in issues.values()


BREAKAGES = {
    "rate_out_of_range": "update figures set value = 141.8 where figure_id ="
    " (select min(figure_id) from figures where unit = 'percent')",
    "period_reversed": "update figures set period_end = period_start - 1 where figure_id ="
    " (select min(figure_id) from figures where period_start is not null)",
    "period_after_release": "update figures set period_start = '2099-01-01', period_end = '2099-12-31'"
    " where figure_id = (select min(figure_id) from figures where period_start is not null)",
    "figure_without_evidence": "update figures set span_text = '99999人' where figure_id ="
    " (select min(figure_id) from figures)",
    "duplicate_figure_key": "insert into figures select * replace ('x' || figure_id as figure_id)"
    " from figures where figure_id = (select min(figure_id) from figures)",
}


@pytest.mark.parametrize("check_name", sorted(BREAKAGES))
def test_an_error_fails_the_build_and_keeps_the_last_good_snapshot(
    demo: Settings, tmp_path: Path, check_name: str
) -> None:
    settings = copy_of(demo, tmp_path)
    good = (settings.analytics.read_bytes(), settings.analytics.stat().st_mtime_ns)
    with writer(settings.db) as con:
        con.execute(BREAKAGES[check_name])
        (broken_rows,) = con.execute("select count(*) from figures").fetchone()  # type: ignore[misc]
    with pytest.raises(QualityGateFailed, match=check_name):
        jobs.build(settings)
    assert (settings.analytics.read_bytes(), settings.analytics.stat().st_mtime_ns) == good
    assert rows(settings.db, "select count(*) from figures") == [(broken_rows,)]  # still committed
    errors = rows(settings.db, "select check_name from quality_issues where level = 'error'")
    assert errors and {c for (c,) in errors} == {check_name}


def test_a_gate_error_is_a_non_zero_exit(demo: Settings, tmp_path: Path) -> None:
    settings = copy_of(demo, tmp_path)
    with writer(settings.db) as con:
        con.execute(BREAKAGES["rate_out_of_range"])
    done = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "build", "--db", str(settings.db)],
        capture_output=True, text=True, cwd=REPO,
    )  # fmt: skip
    assert done.returncode == 1
    assert "rate_out_of_range" in done.stderr and "nothing published" in done.stderr


READER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(con.execute("select count(*) from series").fetchone()[0], flush=True)
sys.stdin.readline()  # hold the connection while the pipeline runs and publishes
print(con.execute("select count(*) from series").fetchone()[0], flush=True)
"""


def test_a_reader_in_another_process_never_blocks_a_run_that_publishes(demo: Settings) -> None:
    series_before = rows(demo.analytics, f"select * from series order by {SERIES_KEY}")
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(demo.analytics)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert reader.stdout is not None and reader.stdin is not None
        first = int(reader.stdout.readline())
        report = jobs.demo(demo)  # crawl, load, build and publish while the reader holds on
        assert report.ok and report.published == demo.analytics
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert int(reader.stdout.readline()) == first  # its snapshot, whole and unchanged
    finally:
        reader.kill()
        reader.wait()
    # the rerun was idempotent: new readers see the same series
    assert rows(demo.analytics, f"select * from series order by {SERIES_KEY}") == series_before
