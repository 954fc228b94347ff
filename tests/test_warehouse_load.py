"""Loading the archive: records of an unknown source are reported and skipped, not fatal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipeline import jobs
from pipeline.demo.server import serve_site
from pipeline.extract import EXTRACTOR_VERSION
from pipeline.fetch.archive import FetchRecord, RawArchive
from pipeline.settings import Settings
from pipeline.warehouse import load as load_module


def test_a_release_whose_source_is_gone_is_skipped_and_the_rest_loads(tmp_path: Path) -> None:
    settings = Settings.from_env(db=tmp_path / "w.duckdb", archive=tmp_path / "raw")
    with serve_site() as base_url:
        zh, _ = jobs.sample_specs(base_url)
        jobs.fetch_source(zh, settings, since=date(2025, 1, 1))
    archive = RawArchive(settings.archive)
    orphan_body = archive.put("<html><div id='fontzoom'>起诉1000人</div></html>".encode())
    archive.append(FetchRecord("ghost-1", "r1", "ghost", "article", "http://gone.example/t1.shtml",
                               "2025-01-01T00:00:00Z", "ok", status=200, article_key="t1",
                               sha256=orphan_body))  # fmt: skip
    stats = jobs.load(settings, {zh.name: zh})
    assert any("ghost" in p and "no source definition" in p for p in stats.parse_errors)
    con = duckdb.connect(str(settings.db), read_only=True)
    try:
        sources = dict(con.execute("select source, count(*) from releases group by 1").fetchall())
        logged = con.execute("select count(*) from fetch_log where source = 'ghost'").fetchone()
    finally:
        con.close()
    assert sources == {"sample": stats.releases} and stats.releases > 0
    assert logged == (1,)  # the fetch itself is on record


def test_reparse_after_an_extractor_change_re_derives_every_figure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings.from_env(db=tmp_path / "w.duckdb", archive=tmp_path / "raw")
    jobs.demo(settings)

    def versions() -> set[tuple[str, str]]:
        con = duckdb.connect(str(settings.db), read_only=True)
        try:
            return set(con.execute(
                "select 'figure', parser_version from figures union"
                " select 'release', parser_version from releases"
            ).fetchall())  # fmt: skip
        finally:
            con.close()

    assert versions() == {("figure", EXTRACTOR_VERSION), ("release", EXTRACTOR_VERSION)}
    # a new extractor release: the version every row is stamped with changes
    monkeypatch.setattr(load_module, "EXTRACTOR_VERSION", "extract-next")
    stats = jobs.load(settings, reparse=True)
    assert stats.releases > 0
    assert versions() == {("figure", "extract-next"), ("release", "extract-next")}
