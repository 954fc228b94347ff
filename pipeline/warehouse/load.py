"""Loading the archive into the warehouse: fetch records into fetch_log, articles parsed and
extracted into releases and figures. One transaction per load, so a failure writes nothing.

A release's figures are a pure function of (raw page, extractor version): a load replaces the
rows it owns, and `reparse` goes through the same code with every archived article.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb
import yaml

from pipeline.extract import EXTRACTOR_VERSION, extract_figures
from pipeline.extract.figure import Figure
from pipeline.fetch.archive import FetchRecord, RawArchive
from pipeline.fetch.encoding import DecodeError, decode_html
from pipeline.parse import ParseError, join_pages, parse_article
from pipeline.sources import SourceError, SourceSpec
from pipeline.sources.spec import parse_source
from pipeline.warehouse.figure_store import replace_figures
from pipeline.warehouse.revisions import apply_revisions

log = logging.getLogger(__name__)

FETCH_COLUMNS = (
    "fetch_id",
    "run_id",
    "source",
    "kind",
    "url",
    "final_url",
    "fetched_at",
    "status",
    "outcome",
    "error",
    "attempts",
    "bytes",
    "elapsed_ms",
    "sha256",
)
RELEASE_COLUMNS = (
    "release_id",
    "source",
    "article_key",
    "url",
    "title",
    "published_date",
    "language",
    "publisher",
    "jurisdiction",
    "raw_sha256",
    "fetched_at",
    "parser_version",
    "parse_status",
    "parse_error",
    "body",
)
FIGURE_COLUMNS = (
    "figure_id",
    "release_id",
    "value",
    "unit",
    "qualifier",
    "metric",
    "offense",
    "jurisdiction",
    "agency",
    "period_start",
    "period_end",
    "change_value",
    "change_unit",
    "change_direction",
    "change_basis",
    "span_start",
    "span_end",
    "span_text",
    "sentence",
    "parser_version",
)


@dataclass(slots=True)
class LoadStats:
    fetches: int = 0
    releases: int = 0
    figures: int = 0
    parse_errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "fetches": self.fetches,
            "releases": self.releases,
            "figures": self.figures,
            "parse_errors": list(self.parse_errors),
        }


def release_id(source: str, key: str) -> str:
    return hashlib.sha256(f"{source}|{key}".encode()).hexdigest()[:16]


def figure_id(rid: str, figure: Figure) -> str:
    return hashlib.sha256(f"{rid}|{figure.start}|{figure.end}|{figure.unit}".encode()).hexdigest()[
        :16
    ]


def _spec_for(
    record: FetchRecord, specs: Mapping[str, SourceSpec], archive: RawArchive
) -> SourceSpec:
    """The current spec of the record's source, else the snapshot archived with the crawl."""
    if record.source in specs:
        return specs[record.source]
    if record.spec_sha256 and archive.has(record.spec_sha256):
        data: dict[str, Any] = yaml.safe_load(archive.get(record.spec_sha256))
        data["listing"]["start_urls"] = list(data["listing"]["start_urls"])
        return parse_source(data, origin=f"archive:{record.spec_sha256[:12]}")
    raise SourceError(f"no source definition for {record.source!r} (and no archived snapshot)")


def build_release(
    record: FetchRecord, spec: SourceSpec, archive: RawArchive
) -> tuple[dict[str, Any], list[Figure]]:
    """Parse and extract one archived article into a releases row and its figures.

    Bad pages are not exceptions here: they come back as a row with parse_status = 'error'.
    """
    if not (record.article_key and record.sha256):
        raise ValueError(f"fetch record {record.fetch_id} has no archived article to parse")
    rid = release_id(record.source, record.article_key)
    listing_date = date.fromisoformat(record.listing_date) if record.listing_date else None
    row: dict[str, Any] = {
        "release_id": rid,
        "source": record.source,
        "article_key": record.article_key,
        "url": record.url,
        "title": record.listing_title,
        "published_date": listing_date,
        "language": spec.language,
        "publisher": spec.publisher,
        "jurisdiction": spec.jurisdiction,
        "raw_sha256": record.sha256,
        "fetched_at": record.fetched_at,
        "parser_version": EXTRACTOR_VERSION,
        "parse_status": "ok",
        "parse_error": None,
        "body": None,
    }
    try:
        raw = archive.get(record.sha256)
        content_type = {k.lower(): v for k, v in record.headers.items()}.get("content-type")
        html, _ = decode_html(raw, content_type, spec.encoding)
        parsed = parse_article(html, spec.article, record.url, listing_date)
        if record.pages:  # a multi-page article: one release, every page's body
            parsed = join_pages(parsed, _continuation_html(record, spec, archive), spec.article)
    except (DecodeError, ParseError, FileNotFoundError) as exc:
        row.update(parse_status="error", parse_error=f"{type(exc).__name__}: {exc}")
        return row, []
    row.update(title=parsed.title, published_date=parsed.published, body=parsed.body)
    try:
        figures = extract_figures(
            parsed.body,
            parsed.published,
            title=parsed.title,
            lang=spec.language,
            jurisdiction=spec.jurisdiction,
        )
    except Exception as exc:  # an extractor bug on one page must not cost the other releases
        log.exception("extraction failed on %s", record.url)
        row.update(
            parse_status="error", parse_error=f"extraction failed: {type(exc).__name__}: {exc}"
        )
        return row, []
    return row, figures


def _continuation_html(record: FetchRecord, spec: SourceSpec, archive: RawArchive) -> list[str]:
    """Pages 2.. of a multi-page article, decoded like page 1 (same headers, same encoding)."""
    content_type = {k.lower(): v for k, v in record.headers.items()}.get("content-type")
    return [decode_html(archive.get(sha), content_type, spec.encoding)[0] for sha in record.pages]


def _figure_rows(rid: str, figures: Iterable[Figure]) -> list[tuple[Any, ...]]:
    rows: dict[str, tuple[Any, ...]] = {}
    for f in figures:
        fid = figure_id(rid, f)
        rows.setdefault(
            fid,
            (
                fid,
                rid,
                f.value,
                f.unit,
                f.qualifier,
                f.metric,
                f.offense,
                f.jurisdiction,
                f.agency,
                f.period_start,
                f.period_end,
                f.change_value,
                f.change_unit,
                f.change_direction,
                f.change_basis,
                f.start,
                f.end,
                f.text,
                f.sentence,
                EXTRACTOR_VERSION,
            ),
        )
    return list(rows.values())


def _latest_articles(records: Iterable[FetchRecord]) -> list[FetchRecord]:
    """The newest good fetch of each (source, article) in the given records."""
    latest: dict[tuple[str, str], FetchRecord] = {}
    for r in records:
        if r.kind == "article" and r.outcome == "ok" and r.article_key and r.sha256:
            latest[(r.source, r.article_key)] = r
    return list(latest.values())


def load(
    con: duckdb.DuckDBPyConnection,
    archive: RawArchive,
    specs: Mapping[str, SourceSpec],
    *,
    reparse: bool = False,
) -> LoadStats:
    """Load fetch records not yet in fetch_log and (re)build the releases they bring.

    With `reparse`, every archived article is re-extracted with the current code.
    """
    stats = LoadStats()
    records = list(archive.records())
    loaded = {row[0] for row in con.execute("select fetch_id from fetch_log").fetchall()}
    new = [r for r in records if r.fetch_id not in loaded]
    articles = _latest_articles(records if reparse else new)
    con.execute("begin")
    try:
        if new:
            con.executemany(
                f"insert into fetch_log ({', '.join(FETCH_COLUMNS)}) values "
                f"({', '.join('?' * len(FETCH_COLUMNS))}) on conflict do nothing",
                [tuple(getattr(r, c) for c in FETCH_COLUMNS) for r in new],
            )
        replaced: list[str] = []
        incoming: list[tuple[Any, ...]] = []
        for record in articles:
            try:
                spec = _spec_for(record, specs, archive)
            except SourceError as exc:  # kept in the archive; loads once the source is back
                stats.parse_errors.append(f"{record.url}: skipped: {exc}")
                log.warning("skipped %s: %s", record.url, exc)
                continue
            row, figures = build_release(record, spec, archive)
            if row["parse_status"] != "ok":
                stats.parse_errors.append(f"{record.url}: {row['parse_error']}")
                log.warning("unparsable page recorded and skipped: %s", row["parse_error"])
            con.execute(
                f"insert or replace into releases ({', '.join(RELEASE_COLUMNS)}) values "
                f"({', '.join('?' * len(RELEASE_COLUMNS))})",
                [row[c] for c in RELEASE_COLUMNS],
            )
            figure_rows = _figure_rows(row["release_id"], figures)
            replaced.append(row["release_id"])
            incoming.extend(figure_rows)
            stats.releases += 1
            stats.figures += len(figure_rows)
        if replaced:  # one bulk replace (Arrow + insert ... select), figure_changes recorded
            replace_figures(con, replaced, incoming)
        apply_revisions(con, records, release_id)  # versions, removals, reprints
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    stats.fetches = len(new)
    return stats
