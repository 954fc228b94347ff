"""The whole pipeline against the bundled sample site on 127.0.0.1: crawl, archive, parse,
extract, load, build, publish; then idempotence and an offline reparse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline import jobs
from pipeline.demo.sitegen import load_releases
from pipeline.fetch.archive import RawArchive
from pipeline.settings import Settings

SAMPLES = load_releases()
ARTICLES = {s.path.rsplit("/", 1)[1].split(".")[0]: s for s in SAMPLES}


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


RELEASES = (
    "select release_id, source, article_key, url, title, published_date, language, raw_sha256,"
    " parser_version, parse_status, parse_error, body from releases order by release_id"
)
FIGURES = "select * from figures order by figure_id"


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, jobs.RunReport]:
    root = tmp_path_factory.mktemp("demo")
    settings = Settings.from_env(db=root / "warehouse.duckdb", archive=root / "raw")
    return settings, jobs.demo(settings)


def test_demo_loads_every_sample_release(demo_run: tuple[Settings, jobs.RunReport]) -> None:
    settings, report = demo_run
    assert report.ok and report.published == settings.analytics
    loaded = rows(settings.db, "select article_key, source, parse_status from releases")
    keys = {key for key, _, _ in loaded}
    expected = {k.replace("c_", "c_") for k in ARTICLES}
    assert keys == expected
    assert len(loaded) == len(SAMPLES) >= 38
    (figures,) = rows(settings.db, "select count(*) from figures")[0]
    assert figures >= 100


def test_bodies_match_the_published_paragraphs(demo_run: tuple[Settings, jobs.RunReport]) -> None:
    """GBK pages included: every parsed body is exactly the page's paragraphs."""
    settings, _ = demo_run
    parsed = dict(
        rows(settings.db, "select article_key, body from releases where body is not null")
    )
    gbk = [s for s in SAMPLES if s.encoding != "utf-8"]
    assert len(gbk) >= 5
    for key, sample in ARTICLES.items():
        if sample.template == "video":
            continue
        assert parsed[key] == "\n\n".join(sample.paragraphs), sample.id
    archive = RawArchive(settings.archive)
    (sha,) = rows(
        settings.db,
        "select raw_sha256 from releases where article_key = "
        f"'{gbk[0].path.rsplit('/', 1)[1].split('.')[0]}'",
    )[0]
    with pytest.raises(UnicodeDecodeError):
        archive.get(sha).decode("utf-8")  # really GBK bytes on the wire


def test_unparsable_page_is_recorded_and_the_run_goes_on(
    demo_run: tuple[Settings, jobs.RunReport],
) -> None:
    settings, report = demo_run
    broken = rows(
        settings.db,
        "select title, parse_status, parse_error, release_id from releases"
        " where parse_status <> 'ok'",
    )
    videos = [s for s in SAMPLES if s.template == "video"]
    assert len(broken) == len(videos) == 1
    title, status, error, release_id = broken[0]
    assert status == "error" and "body selector" in error and title == videos[0].title
    assert rows(settings.db, f"select count(*) from figures where release_id = '{release_id}'") == [
        (0,)
    ]
    assert report.load is not None and len(report.load.parse_errors) == 1


def test_fetch_log_has_a_row_per_fetch(demo_run: tuple[Settings, jobs.RunReport]) -> None:
    settings, _ = demo_run
    by_kind = dict(rows(settings.db, "select kind, count(*) from fetch_log group by 1"))
    assert by_kind["article"] == len(SAMPLES)
    assert by_kind["listing"] >= 7
    assert rows(settings.db, "select distinct outcome from fetch_log") == [("ok",)]


def test_summary_and_published_snapshot(demo_run: tuple[Settings, jobs.RunReport]) -> None:
    settings, _ = demo_run
    latest = rows(
        settings.analytics,
        "select metric, unit, value, release_id from latest_figures"
        " where metric = 'prosecuted' and offense is null and unit = 'person'",
    )
    assert len(latest) >= 5
    keys = rows(
        settings.db,
        "select metric, offense, jurisdiction, period_start, period_end, unit,"
        " count(*) from latest_figures group by all having count(*) > 1",
    )
    assert keys == []


def test_second_demo_changes_nothing_and_fetches_only_listings(
    demo_run: tuple[Settings, jobs.RunReport],
) -> None:
    settings, _ = demo_run
    before = rows(settings.db, RELEASES), rows(settings.db, FIGURES)
    report = jobs.demo(settings)  # a new server, on a new port
    assert sum(c.articles for c in report.crawls) == 0
    assert sum(c.pages for c in report.crawls) == 2  # page 1 of each listing, then stop
    assert (rows(settings.db, RELEASES), rows(settings.db, FIGURES)) == before


def test_reparse_rebuilds_the_same_figures_from_the_archive_offline(
    demo_run: tuple[Settings, jobs.RunReport], tmp_path: Path
) -> None:
    settings, _ = demo_run
    before = rows(settings.db, FIGURES)
    fresh = Settings.from_env(db=tmp_path / "rebuilt.duckdb", archive=settings.archive)
    stats = jobs.load(fresh, reparse=True)  # no server is running: any fetch would fail
    assert stats.releases == len(SAMPLES)
    assert rows(fresh.db, FIGURES) == before
    assert rows(fresh.db, RELEASES) == rows(settings.db, RELEASES)
