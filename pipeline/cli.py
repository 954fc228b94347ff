"""The `crimestats` command: thin, each command one call into `pipeline.jobs`."""

from __future__ import annotations

import logging
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from pipeline import jobs
from pipeline.progress import crawl_progress
from pipeline.report import ReportError
from pipeline.settings import Settings
from pipeline.sources import SourceError
from pipeline.warehouse.connection import WarehouseBusy, sql_dir
from pipeline.warehouse.gates import QualityGateFailed

app = typer.Typer(
    help="crimestats: procuratorate press releases to a queryable record of crime statistics.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Warehouse file [env CRIMESTATS_DB; default data/warehouse.duckdb]"),
]
ArchiveOption = Annotated[
    Path | None,
    typer.Option(
        "--archive", help="Raw archive directory [env CRIMESTATS_ARCHIVE; default data/raw]"
    ),
]
AnalyticsOption = Annotated[
    Path | None,
    typer.Option("--analytics", help="Published snapshot [default analytics.duckdb beside --db]"),
]
SourceOption = Annotated[str | None, typer.Option("--source", help="Source name (see `sources`)")]
SourceFileOption = Annotated[
    Path | None, typer.Option("--source-file", help="A source YAML file anywhere", exists=True)
]


def _date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _settings(db: Path | None, archive: Path | None, analytics: Path | None = None) -> Settings:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stderr
    )
    return Settings.from_env(db=db, archive=archive, analytics=analytics)


def _fail(message: str) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code=1)


def _summary(report: jobs.RunReport, settings: Settings) -> None:
    table = Table(title="crawl")
    for column in ("source", "pages", "new articles", "known", "errors"):
        table.add_column(column, justify="right" if column != "source" else "left")
    for c in report.crawls:
        table.add_row(c.source, str(c.pages), str(c.articles), str(c.skipped_known), str(c.errors))
    out.print(table)
    if report.load:
        out.print(
            f"loaded: {report.load.releases} releases, {report.load.figures} figures, "
            f"{report.load.fetches} fetch records"
        )
        for problem in report.load.parse_errors:
            out.print(f"[yellow]unparsable page recorded:[/] {problem}")
    for name, problem in report.failed_sources.items():
        err.print(f"[bold red]source {name} failed:[/] {problem}")
    if report.build and report.build.gates:
        _print_warnings(report.build.gates.to_dict())
    if report.published:
        out.print(f"analytics snapshot: {report.published.resolve()}")


def _guard(fn: Any) -> Any:
    """Known failures (bad source file, busy warehouse) end with a message, not a traceback."""
    try:
        return fn()
    except (SourceError, WarehouseBusy, ValueError, QualityGateFailed, FileNotFoundError,
            ReportError, LookupError) as exc:  # fmt: skip
        raise _fail(str(exc)) from None


@app.command()
def demo(
    db: DbOption = None, archive: ArchiveOption = None, analytics: AnalyticsOption = None
) -> None:
    """Serve the bundled sample site on 127.0.0.1, crawl it, build, publish, print a summary."""
    settings = _settings(db, archive, analytics)
    with crawl_progress() as progress:
        report = _guard(lambda: jobs.demo(settings, progress=progress))
    _summary(report, settings)
    _print_totals(settings)
    out.print(f"warehouse: {settings.db.resolve()}")
    if not report.ok:
        raise typer.Exit(code=1)


def _print_totals(settings: Settings) -> None:
    """What the analyst sees first: totals per language and the national series."""
    import duckdb

    con = duckdb.connect(str(settings.analytics), read_only=True)
    try:
        queries = sql_dir() / "queries"
        totals = con.execute((queries / "summary_totals.sql").read_text("utf-8")).fetchall()
        series = con.execute((queries / "summary_national.sql").read_text("utf-8")).fetchall()
    finally:
        con.close()
    table = Table(title="warehouse")
    for column in ("language", "releases", "figures"):
        table.add_column(column, justify="right")
    for row in totals:
        table.add_row(*(str(v) for v in row))
    out.print(table)
    latest = Table(title="national arrests and prosecutions, persons (series)")
    for column in ("from", "to", "arrested", "prosecuted"):
        latest.add_column(column, justify="right")
    for start, end, arrested, prosecuted in series:
        latest.add_row(
            str(start),
            str(end),
            *(f"{v:,.0f}" if v is not None else "-" for v in (arrested, prosecuted)),
        )
    out.print(latest)


@app.command()
def run(
    db: DbOption = None, archive: ArchiveOption = None, analytics: AnalyticsOption = None
) -> None:
    """The nightly job: every enabled source, incremental, then load, build and publish."""
    settings = _settings(db, archive, analytics)
    with crawl_progress() as progress:
        report = _guard(lambda: jobs.run(settings, progress=progress))
    _summary(report, settings)
    if not report.ok:
        raise typer.Exit(code=1)


def _crawl(
    source: str | None,
    source_file: Path | None,
    since: str | None,
    until: str | None,
    backfill: bool,
    db: Path | None,
    archive: Path | None,
    analytics: Path | None,
) -> None:
    settings = _settings(db, archive, analytics)
    start, end = _date(since), _date(until)
    if backfill and start is None:
        raise _fail("backfill needs --since")
    if start and end and end < start:
        raise _fail(f"--until {end} is before --since {start}")
    spec = _guard(lambda: jobs.resolve_source(settings, source, source_file))
    with crawl_progress() as progress:
        report = _guard(
            lambda: jobs.run(
                settings, [spec], since=start, until=end, backfill=backfill, progress=progress
            )
        )
    _summary(report, settings)
    if not report.ok:
        raise typer.Exit(code=1)


@app.command()
def crawl(
    source: SourceOption = None,
    source_file: SourceFileOption = None,
    since: Annotated[
        str | None, typer.Option(help="Only releases published on/after (YYYY-MM-DD)")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Only releases published on/before (YYYY-MM-DD)")
    ] = None,
    db: DbOption = None,
    archive: ArchiveOption = None,
    analytics: AnalyticsOption = None,
) -> None:
    """Crawl one source (incremental: stops paging where everything is known), load, build."""
    _crawl(source, source_file, since, until, False, db, archive, analytics)


@app.command()
def backfill(
    since: Annotated[str, typer.Option(help="Walk listing pages back to this date (YYYY-MM-DD)")],
    source: SourceOption = None,
    source_file: SourceFileOption = None,
    until: Annotated[str | None, typer.Option(help="Newest publication date to take")] = None,
    db: DbOption = None,
    archive: ArchiveOption = None,
    analytics: AnalyticsOption = None,
) -> None:
    """Walk a source's listing pages back to --since, skipping what is archived, then load."""
    _crawl(source, source_file, since, until, True, db, archive, analytics)


@app.command()
def reparse(
    db: DbOption = None,
    archive: ArchiveOption = None,
    analytics: AnalyticsOption = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what would change; replace nothing")
    ] = False,
) -> None:
    """Re-extract every archived release with the current code (no network), then build.
    What changed is kept in figure_changes; --dry-run prints it first and writes nothing."""
    settings = _settings(db, archive, analytics)
    if dry_run:
        from pipeline.warehouse.reparse import describe, dry_run_changes

        changes = _guard(lambda: dry_run_changes(settings))
        for change in changes:
            out.print(describe(change), markup=False, highlight=False)
        out.print(f"{len(changes)} figure(s) would change; nothing was replaced (--dry-run)")
        return
    stats = _guard(lambda: jobs.load(settings, reparse=True))
    _, published = _guard(lambda: jobs.build(settings))
    out.print(
        f"reparsed {stats.releases} releases into {stats.figures} figures; "
        f"{len(stats.parse_errors)} unparsable; snapshot {published}"
    )


@app.command()
def build(
    db: DbOption = None, archive: ArchiveOption = None, analytics: AnalyticsOption = None
) -> None:
    """Rebuild the summary tables and publish the analytics snapshot."""
    settings = _settings(db, archive, analytics)
    stats, published = _guard(lambda: jobs.build(settings))
    for model, rows in stats.rows.items():
        out.print(f"{model}: {rows} rows")
    if stats.gates:
        _print_warnings(stats.gates.to_dict())
    out.print(f"analytics snapshot: {published}")


@app.command()
def extract(
    input: Annotated[
        Path,
        typer.Option(
            "--input",
            help="releases.jsonl: id, published, title, text, lang?, jurisdiction?",
            exists=True,
        ),
    ],
    output: Annotated[
        Path | None, typer.Option("--output", help="Figures JSONL [default stdout]")
    ] = None,
    db: DbOption = None,
    archive: ArchiveOption = None,
) -> None:
    """Extract figures from releases given as JSON lines (no network, no database).

    --db and --archive are accepted like everywhere else and left untouched.
    """
    from pipeline.extract_io import extract_jsonl

    sink = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        count, problems = extract_jsonl(input, sink)
    finally:
        if output:
            sink.close()
    for problem in problems:
        err.print(f"[yellow]skipped:[/] {problem}")
    err.print(f"{count} figures")
    if problems:
        raise typer.Exit(code=1)


sources_app = typer.Typer(
    help="List the source files (`sources`), or try one against its site (`sources check`).",
    invoke_without_command=True,
)
app.add_typer(sources_app, name="sources")


@sources_app.callback()
def list_sources(ctx: typer.Context, db: DbOption = None, archive: ArchiveOption = None) -> None:
    """List the source files, whether `run` crawls them, and what the archive holds of each."""
    from pipeline.fetch.archive import RawArchive

    if ctx.invoked_subcommand is not None:
        return
    settings = _settings(db, archive)
    held: dict[str, list[int]] = {}
    for record in RawArchive(settings.archive).records():
        counts = held.setdefault(record.source, [0, 0])
        counts[0] += record.kind == "article" and record.outcome == "ok"
        counts[1] += record.outcome not in ("ok", "not_modified")
    table = Table()
    for column in ("name", "enabled", "language", "publisher", "start URL", "archived", "failed"):
        table.add_column(column)
    placeholder = "http://base-url.invalid"  # fills {base_url} in sources served locally
    for spec in jobs.sources(settings, base_url=placeholder, host="base-url.invalid").values():
        articles, failed = held.get(spec.name, [0, 0])
        start = spec.listing.start_urls[0].replace(placeholder, "{base_url}")
        table.add_row(spec.name, str(spec.enabled), spec.language, spec.publisher, start,
                      str(articles), str(failed))  # fmt: skip
    out.print(table)


@sources_app.command("check")
def check_source(
    name: Annotated[str | None, typer.Argument(help="Source name (see `sources`)")] = None,
    source_file: SourceFileOption = None,
    base_url: Annotated[
        str | None, typer.Option(help="Fills {base_url} in a locally served source file")
    ] = None,
) -> None:
    """Fetch listing page 1 and one article, and show what every selector found."""
    from pipeline.sourcecheck import check_source as run_check

    settings = _settings(None, None)
    variables = {}
    if base_url:
        variables = {"base_url": base_url.rstrip("/"), "host": base_url.split("://")[-1].strip("/")}
    spec = _guard(lambda: jobs.resolve_source(settings, name, source_file, **variables))
    report = run_check(spec)
    out.print(f"[bold]{spec.name}[/]  listing {report.listing_url}: {report.listing_outcome}"
              f" (encoding {report.encoding})")  # fmt: skip
    for i, item in enumerate(report.items[:5], 1):
        out.print(f"  {i}. {item.date or '-'}  {item.title[:50]}  {item.url}")
    if len(report.items) > 5:
        out.print(f"  ... {len(report.items)} entries; next page: {report.next_page}")
    table = Table(title="selectors")
    for column in ("part", "selector", "matches", "first match"):
        table.add_column(column)
    for f in report.findings:
        table.add_row(f.part, f.selector, str(f.matches), f.sample)
    out.print(table)
    if report.article_url:
        out.print(f"article {report.article_url} (key {report.article_key}): "
                  f"{report.article_outcome}; pages {1 + len(report.continuation)}")  # fmt: skip
    if report.parsed:
        parsed = report.parsed
        out.print(f"  title: {parsed.title}\n  published: {parsed.published}")
        out.print(f"  body: {len(parsed.body)} chars, {parsed.body.count(chr(10) * 2) + 1} "
                  f"paragraphs: {parsed.body[:120]!r}\n  figures: {report.figures}")  # fmt: skip
    for problem in report.problems:
        err.print(f"[bold red]problem:[/] {problem}")
    if not report.ok:
        raise typer.Exit(code=1)
    out.print("[green]ok[/]: every part of the source file found something")


@app.command()
def recheck(
    source: SourceOption = None,
    source_file: SourceFileOption = None,
    limit: Annotated[
        int | None, typer.Option(help="At most this many releases (least recently checked)")
    ] = None,
    db: DbOption = None,
    archive: ArchiveOption = None,
    analytics: AnalyticsOption = None,
) -> None:
    """Fetch archived releases again: edits become new versions, vanished pages are marked
    removed (never deleted); then load and build."""
    settings = _settings(db, archive, analytics)
    specs = None
    if source or source_file:
        specs = [_guard(lambda: jobs.resolve_source(settings, source, source_file))]
    with crawl_progress() as progress:
        report = _guard(lambda: jobs.recheck(settings, specs, limit=limit, progress=progress))
    for c in report.crawls:
        out.print(f"{c.source}: {c.changed} changed, {c.removed} removed, {c.errors} errors")
    _guard(lambda: jobs.build(settings))
    if not report.ok:
        raise typer.Exit(code=1)


def _print_warnings(gates: dict[str, Any]) -> None:
    """Quality-gate warnings of the last build (they block nothing; see table quality_issues)."""
    for check, count in sorted(gates.get("warnings", {}).items()):
        out.print(f"[yellow]warning:[/] {check}: {count} (see quality_issues)")


@app.command()
def export(
    out_dir: Annotated[Path, typer.Option("--out", help="Directory to write into")],
    format: Annotated[str, typer.Option("--format", help="parquet or csv")] = "parquet",
    db: DbOption = None,
    archive: ArchiveOption = None,
    analytics: AnalyticsOption = None,
) -> None:
    """Export releases, figures and series from the analytics snapshot (Parquet or CSV)."""
    from pipeline.warehouse.export import export as export_tables

    settings = _settings(db, archive, analytics)
    written = _guard(lambda: export_tables(settings.analytics, out_dir, format))
    for table, path in written.items():
        out.print(f"{table}: {path}")


@app.command()
def report(
    output: Annotated[
        Path | None,
        typer.Option("--out", help="HTML file [default report.html beside the snapshot]"),
    ] = None,
    db: DbOption = None,
    archive: ArchiveOption = None,
    analytics: AnalyticsOption = None,
) -> None:
    """Write the analyst report (one self-contained HTML file) from the analytics snapshot."""
    from pipeline.report import build_report

    settings = _settings(db, archive, analytics)
    target = output or settings.analytics.with_name("report.html")
    written = _guard(lambda: build_report(settings.analytics, target))
    out.print(f"report: {written.resolve()}", markup=False, highlight=False)


@app.command()
def explain(
    figure_id: Annotated[str, typer.Argument(help="figures.figure_id (report tooltips show it)")],
    db: DbOption = None,
    archive: ArchiveOption = None,
    analytics: AnalyticsOption = None,
) -> None:
    """Print a figure with its sentence, release (title, date, URL) and raw-page sha256."""
    from pipeline.report.explain import describe
    from pipeline.report.explain import explain as lookup

    settings = _settings(db, archive, analytics)
    facts = _guard(lambda: lookup(settings.analytics, figure_id))
    for line in describe(facts):
        out.print(line, markup=False, highlight=False, soft_wrap=True)


review_app = typer.Typer(help="Figures a person should look at.", no_args_is_help=True)
app.add_typer(review_app, name="review")


@review_app.command("export")
def review_export(
    output: Annotated[Path, typer.Option("--out", help="CSV file to write")] = Path("review.csv"),
    db: DbOption = None,
    archive: ArchiveOption = None,
    analytics: AnalyticsOption = None,
) -> None:
    """Write conflicts, failed year-on-year checks and doubtful figures to a CSV; fill in
    new_value/new_metric/new_offense/new_period and reason, then `correct --from-csv`."""
    from pipeline.warehouse.export import review_export as write_review

    settings = _settings(db, archive, analytics)
    count = _guard(lambda: write_review(settings.analytics, output))
    out.print(f"{count} figure(s) to review: {output}")


@app.command()
def correct(
    figure_id: Annotated[str | None, typer.Argument(help="figures.figure_id")] = None,
    value: Annotated[float | None, typer.Option(help="Corrected value")] = None,
    metric: Annotated[str | None, typer.Option(help="Corrected metric")] = None,
    offense: Annotated[str | None, typer.Option(help="Corrected offence id")] = None,
    period: Annotated[
        str | None, typer.Option(help="Corrected period: YYYY-MM-DD..YYYY-MM-DD")
    ] = None,
    reason: Annotated[str | None, typer.Option(help="Why (required)")] = None,
    from_csv: Annotated[
        Path | None, typer.Option("--from-csv", help="A filled-in review sheet", exists=True)
    ] = None,
    by: Annotated[str | None, typer.Option(help="Who corrects [default: your user name]")] = None,
    db: DbOption = None,
    archive: ArchiveOption = None,
    analytics: AnalyticsOption = None,
) -> None:
    """Correct a figure (kept by raw page hash and span, so it survives reparses), then build."""
    from pipeline.warehouse import corrections
    from pipeline.warehouse.connection import writer

    settings = _settings(db, archive, analytics)

    def wanted() -> list[corrections.Correction]:
        if from_csv is not None:
            return corrections.read_csv(from_csv)
        if figure_id is None:
            raise ValueError("name a FIGURE_ID or give --from-csv FILE")
        start, end = corrections.parse_period(period) if period else (None, None)
        return [corrections.Correction(figure_id, reason or "", value, metric, offense, start, end)]

    todo = _guard(wanted)

    def store() -> list[str]:
        with writer(settings.db, settings.lock_wait_seconds) as con:
            return corrections.correct_all(con, todo, by)

    ids = _guard(store)
    out.print(f"stored {len(ids)} correction(s)")
    _, published = _guard(lambda: jobs.build(settings))
    out.print(f"analytics snapshot: {published}")


@app.command()
def shell(
    db: DbOption = None, archive: ArchiveOption = None, analytics: AnalyticsOption = None
) -> None:
    """Open the analytics snapshot read-only (the duckdb CLI if installed, else Python)."""
    import shutil

    settings = _settings(db, archive, analytics)
    target = settings.analytics
    if not target.exists():
        raise _fail(f"no analytics snapshot at {target}: run `crimestats build` first")
    cli = shutil.which("duckdb")
    if cli:
        import os

        os.execv(cli, [cli, "-readonly", str(target)])
    import code

    import duckdb

    con = duckdb.connect(str(target), read_only=True)
    code.interact(
        banner=f"{target} (read-only): con.sql('select * from series limit 5').show()",
        local={"con": con, "duckdb": duckdb},
    )


@app.command()
def docs(
    output: Annotated[Path | None, typer.Option("--out", help="Markdown file to write")] = None,
) -> None:
    """Regenerate docs/data-dictionary.md from the warehouse's COMMENT ON metadata."""
    from pipeline.warehouse import dictionary

    out.print(str(dictionary.write(output or dictionary.DEFAULT_PATH)))


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
