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
from pipeline.settings import Settings
from pipeline.sources import SourceError
from pipeline.warehouse.connection import WarehouseBusy

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
    if report.published:
        out.print(f"analytics snapshot: {report.published.resolve()}")


def _guard(fn: Any) -> Any:
    """Known failures (bad source file, busy warehouse) end with a message, not a traceback."""
    try:
        return fn()
    except (SourceError, WarehouseBusy, ValueError) as exc:
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
        totals = con.execute(
            "select r.language, count(distinct r.release_id), count(f.figure_id)"
            " from releases r left join figures f using (release_id) group by 1 order by 1"
        ).fetchall()
        series = con.execute(
            "select period_start, period_end,"
            " max(value) filter (where metric = 'arrested'),"
            " max(value) filter (where metric = 'prosecuted')"
            " from latest_figures where jurisdiction = 'national' and offense is null"
            " and unit = 'person' and metric in ('arrested', 'prosecuted')"
            " group by 1, 2 order by 2 desc, 1 desc limit 15"
        ).fetchall()
    finally:
        con.close()
    table = Table(title="warehouse")
    for column in ("language", "releases", "figures"):
        table.add_column(column, justify="right")
    for row in totals:
        table.add_row(*(str(v) for v in row))
    out.print(table)
    latest = Table(title="national arrests and prosecutions, persons (latest_figures)")
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
    db: DbOption = None, archive: ArchiveOption = None, analytics: AnalyticsOption = None
) -> None:
    """Re-extract every archived release with the current code (no network), then build."""
    settings = _settings(db, archive, analytics)
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


@app.command("sources")
def list_sources(db: DbOption = None, archive: ArchiveOption = None) -> None:
    """List the source files, whether `run` crawls them, and what the archive holds of each."""
    from pipeline.fetch.archive import RawArchive

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


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
