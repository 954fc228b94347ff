"""The analyst report: rendered from the demo warehouse and opened in real headless Chromium."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline import jobs
from pipeline.extract import lexicon
from pipeline.extract.classify import NEUTRAL
from pipeline.report import build_report
from pipeline.report.data import safe_url
from pipeline.report.labels import METRICS
from pipeline.report.page import CHARTS, script_json
from pipeline.settings import Settings
from tests.conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EVIL_TITLE = "<script>window.__pwned=1</script>"
EVIL_URL = "javascript:window.__pwned=2"
EVIL_SENTENCE = '<img src=x onerror="window.__pwned=3">起诉160万人'


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("report-demo")
    settings = Settings.from_env(
        db=root / "warehouse.duckdb",
        archive=root / "raw",
        sources_dir=REPO / "pipeline" / "sources",
    )
    report = jobs.demo(settings)
    assert report.ok, report.failed_sources
    return settings


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: the report's browser tests need Debian's chromium"
            " package; run `make browser` (or `make test`, which installs it)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Opened:
    """A report opened in a fresh page, with every console message, page error and request."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1200, "height": 900})
        self.console: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)
        self.page.wait_for_selector(f"body[data-rendered='{len(CHARTS)}']", state="attached")


def test_nightly_build_publishes_the_report_beside_the_snapshot(demo: Settings) -> None:
    published = demo.analytics.with_name("report.html")
    assert published.exists()
    assert (
        "vegaEmbed" in published.read_text(encoding="utf-8") or published.stat().st_size > 500_000
    )


def test_report_renders_in_chromium(demo: Settings, browser: Any, tmp_path: Path) -> None:
    out = build_report(demo.analytics, tmp_path / "report.html")
    html = out.read_text(encoding="utf-8")
    assert "<script src" not in html and "cdn" not in html.lower()
    opened = Opened(browser, out)
    page = opened.page
    assert opened.errors == []
    assert [m for m in opened.console if m.startswith(("error", "warning"))] == []
    assert opened.requests == [opened.url], "the report must request nothing but itself"
    for chart_id, _, _ in CHARTS:
        drawn = page.locator(f"#{chart_id} svg, #{chart_id} canvas").count()
        assert drawn == 1, f"#{chart_id}: {drawn} svg/canvas elements"
        marks = page.locator(
            f"#{chart_id} svg .mark-symbol.role-mark path, #{chart_id} svg .mark-rect.role-mark path"
        )
        assert marks.count() > 0, f"#{chart_id} drew no points or bars"
    # provenance: tooltips and links carry the release; tables list both sources
    specs = page.evaluate("JSON.parse(document.getElementById('report-specs').textContent)")
    for chart_id in ("chart-yearly", "chart-quarterly", "chart-top-offences", "chart-explorer"):
        assert '"href"' in json.dumps(specs[chart_id]), f"#{chart_id} points open no release"
    page.locator("#chart-yearly svg .mark-symbol.role-mark path").first.hover(force=True)
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible")
    assert "Sentence" in tooltip.inner_text() and "Release" in tooltip.inner_text()
    assert page.locator("#table-conflicts tbody tr").count() > 0
    assert page.locator("#table-yoy tbody tr").count() > 0
    # bilingual labels
    assert "起诉" in page.locator("#chart-yearly").inner_text() or "起诉" in html
    assert page.locator("#f-metric option", has_text="不起诉").count() == 1
    # the filters work without a server: choose a metric, rows of other metrics hide
    shown = page.locator("#table-conflicts tbody tr:not([hidden])").count()
    rows = page.locator("#table-conflicts tbody tr")
    metric = rows.first.get_attribute("data-metric")
    page.select_option("#f-metric", metric)
    page.wait_for_timeout(200)
    visible = page.locator("#table-conflicts tbody tr:not([hidden])")
    expected = rows.evaluate_all(f"rs => rs.filter(r => r.dataset.metric === '{metric}').length")
    assert 0 < visible.count() == expected <= shown
    assert set(visible.evaluate_all("rs => rs.map(r => r.dataset.metric)")) == {metric}
    assert page.locator("#chart-explorer svg .mark-symbol.role-mark path").count() > 0
    page.select_option("#f-metric", "all")
    page.wait_for_timeout(200)
    assert opened.errors == [] and opened.requests == [opened.url]
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    (REPO / "test-output").mkdir(exist_ok=True)
    shutil.copyfile(shot, REPO / "test-output" / "report.png")
    assert shot.stat().st_size > 50_000
    page.close()


def _inject(snapshot: Path) -> None:
    """A release with a script title and a javascript: URL, a figure of it, and the national
    2024 prosecutions (plotted in the yearly chart) pointing at it."""
    con = duckdb.connect(str(snapshot))
    try:
        con.execute("create temp table r as select * from releases limit 1")
        con.execute("update r set release_id = 'evil', title = ?, url = ?", [EVIL_TITLE, EVIL_URL])
        con.execute("insert into releases select * from r")
        con.execute("create temp table f as select * from figure_facts limit 1")
        con.execute(
            "update f set figure_id = 'evilfig', release_id = 'evil', release_title = ?, url = ?,"
            " sentence = ?",
            [EVIL_TITLE, EVIL_URL, EVIL_SENTENCE],
        )
        con.execute("insert into figure_facts select * from f")
        updated = con.execute(
            "update series set best_release_id = 'evil', best_release_title = ?, best_url = ?,"
            " sentence = ?, best_figure_id = 'evilfig', conflict = true"
            " where metric = 'prosecuted' and offense is null and unit = 'person'"
            " and jurisdiction = 'national' and period_start = date '2024-01-01'"
            " and period_end = date '2024-12-31' returning 1",
            [EVIL_TITLE, EVIL_URL, EVIL_SENTENCE],
        ).fetchall()
        assert len(updated) == 1
        con.execute(  # the conflicts table lists every report of a conflicting key
            "insert into series_conflicts by name select s.metric, s.offense, s.jurisdiction,"
            " s.period_start, s.period_end, s.unit, s.value as best_value,"
            " s.value_low as series_low, s.value_high as series_high, s.best_release_id,"
            " f.figure_id, f.value, f.qualifier, f.release_id, f.release_title,"
            " f.published_date, f.url, f.sentence, true as is_best"
            " from series as s, figure_facts as f"
            " where f.figure_id = 'evilfig' and s.best_figure_id = 'evilfig'"
        )
        con.execute(
            "update yoy_check set status = 'mismatch' where figure_id = "
            "(select figure_id from yoy_check where status = 'match' limit 1)"
        )
        con.execute("update figure_facts set release_title = ?, url = ?, sentence = ? where"
                    " figure_id in (select figure_id from yoy_check where status = 'mismatch')",
                    [EVIL_TITLE, EVIL_URL, EVIL_SENTENCE])  # fmt: skip
    finally:
        con.close()


def test_scraped_script_and_javascript_url_cannot_run(
    demo: Settings, browser: Any, tmp_path: Path
) -> None:
    snapshot = tmp_path / "analytics.duckdb"
    shutil.copyfile(demo.analytics, snapshot)
    _inject(snapshot)
    out = build_report(snapshot, tmp_path / "report.html")
    html = out.read_text(encoding="utf-8")
    assert EVIL_TITLE not in html and "javascript:window" not in html
    opened = Opened(browser, out)
    page = opened.page
    # hover every point: the poisoned one's tooltip shows the title and sentence as text
    tooltip = page.locator("#vg-tooltip-element")
    seen = []
    for point in page.locator("#chart-yearly svg .mark-symbol.role-mark path").all():
        page.mouse.move(0, 0)  # leave the previous point, so the tooltip shows afresh
        point.hover(force=True)
        tooltip.wait_for(state="visible", timeout=5000)
        seen.append(tooltip.inner_text())
    assert any(EVIL_TITLE in text and "onerror" in text for text in seen)
    assert not any("javascript:" in text for text in seen)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert (
        page.evaluate(
            "[...document.scripts].filter(s => s.type !== 'application/json'"
            " && s.textContent.includes('__pwned')).length"
        )
        == 0
    )
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("a[href^='javascript' i]").count() == 0
    assert EVIL_TITLE in page.locator("#table-conflicts").inner_text()  # shown as text
    assert EVIL_TITLE in page.locator("#table-yoy").inner_text()
    assert opened.errors == []
    assert opened.requests == [opened.url]
    page.close()


def test_explain_prints_sentence_release_and_raw_hash(demo: Settings) -> None:
    con = duckdb.connect(str(demo.analytics), read_only=True)
    try:
        figure_id, sentence, title, url, sha256 = con.execute(
            "select figure_id, sentence, release_title, url, raw_sha256 from figure_facts"
            " where metric = 'prosecuted' order by figure_id limit 1"
        ).fetchone()  # type: ignore[misc]
    finally:
        con.close()
    result = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "explain", figure_id, "--db", str(demo.db)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        env={"COLUMNS": "400", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    for expected in (figure_id, sentence, title, url, sha256):
        assert expected in result.stdout
    missing = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "explain", "no-such-figure", "--db", str(demo.db)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert missing.returncode == 1 and "no figure" in missing.stderr


def test_report_cli_writes_beside_the_snapshot(demo: Settings, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "report", "--db", str(demo.db), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert out.exists() and str(out) in result.stdout.replace("\n", "")


def test_urls_other_than_http_are_dropped_and_json_cannot_close_a_script() -> None:
    assert safe_url("https://www.spp.gov.cn/a.shtml") == "https://www.spp.gov.cn/a.shtml"
    for bad in (EVIL_URL, " JavaScript:x", "data:text/html,x", "//evil", "http://a b", None, 3):
        assert safe_url(bad) is None
    text = script_json({"t": "</script><b>&\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text


def test_every_metric_and_offence_has_a_bilingual_label() -> None:
    metrics = set(lexicon.load("metrics")["zh"]) - {NEUTRAL}
    assert metrics <= set(METRICS)
    assert all(zh for _, zh in METRICS.values())
