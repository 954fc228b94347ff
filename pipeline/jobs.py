"""The pipeline's steps as plain functions: what the CLI and the Airflow DAGs call.

fetch_source  one source's listing pages and new articles into the raw archive (network)
load          archive -> releases, figures, fetch_log (the single warehouse writer)
build         summary models rebuilt, then the analytics snapshot published
run           every enabled source fetched in isolation, then load and build
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline.crawl import Crawler, CrawlStats, Progress
from pipeline.fetch.archive import RawArchive
from pipeline.fetch.http import HostLimiter
from pipeline.report import ReportError, build_report
from pipeline.settings import Settings
from pipeline.sources import SourceError, SourceSpec, load_source, load_sources
from pipeline.warehouse.build import BuildStats
from pipeline.warehouse.build import build as build_models
from pipeline.warehouse.connection import writer
from pipeline.warehouse.load import LoadStats
from pipeline.warehouse.load import load as load_archive
from pipeline.warehouse.publish import publish
from pipeline.warehouse.runs import record_crawls

log = logging.getLogger(__name__)


@dataclass(slots=True)
class RunReport:
    crawls: list[CrawlStats] = field(default_factory=list)
    failed_sources: dict[str, str] = field(default_factory=dict)
    load: LoadStats | None = None
    build: BuildStats | None = None
    published: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.failed_sources


def sources(settings: Settings, **variables: str) -> dict[str, SourceSpec]:
    """Every source file in the settings' sources directory, by name."""
    return load_sources(settings.sources_dir, **variables)


def resolve_source(
    settings: Settings, name: str | None = None, source_file: Path | None = None, **variables: str
) -> SourceSpec:
    """A source by name (from the sources directory) or from a YAML file anywhere."""
    if source_file is not None:
        return load_source(source_file, **variables)
    if name is None:
        raise SourceError("name a source (--source NAME) or a file (--source-file PATH)")
    path = settings.sources_dir / f"{name}.yaml"
    if path.exists():
        spec = load_source(path, **variables)
        if spec.name == name:
            return spec
    known = sources(settings, **variables)
    if name not in known:
        raise SourceError(f"unknown source {name!r}; known: {', '.join(sorted(known)) or 'none'}")
    return known[name]


def enabled_sources(settings: Settings) -> list[str]:
    return sorted(name for name, spec in sources(settings).items() if spec.enabled)


def fetch_source(
    spec: SourceSpec,
    settings: Settings,
    *,
    since: date | None = None,
    until: date | None = None,
    backfill: bool = False,
    progress: Progress | None = None,
) -> CrawlStats:
    """Crawl one source into the archive. Touches no database, so fetches can run in parallel:
    per-host rate limits are kept across processes through files under the archive's state/."""
    HostLimiter.share_through(settings.archive / "state" / "hosts")
    crawler = Crawler(spec, RawArchive(settings.archive), progress=progress)
    try:
        return crawler.run(since=since, until=until, backfill=backfill)
    finally:
        crawler.client.close()
        HostLimiter.share_through(None)


def load(
    settings: Settings,
    extra_specs: Mapping[str, SourceSpec] | None = None,
    *,
    reparse: bool = False,
) -> LoadStats:
    """Parse and extract what the archive holds that the warehouse has not seen (all of it with
    `reparse`), under the writer lock."""
    specs = dict(sources(settings, base_url="http://localhost", host="localhost"))
    specs.update(extra_specs or {})
    with writer(settings.db, settings.lock_wait_seconds) as con:
        return load_archive(con, RawArchive(settings.archive), specs, reparse=reparse)


def record_crawl_stats(settings: Settings, crawls: list[CrawlStats]) -> None:
    """Keep what each crawl counted (listing items per page: see source_health) in crawl_runs."""
    with writer(settings.db, settings.lock_wait_seconds) as con:
        record_crawls(con, crawls)


def build(settings: Settings, *, publish_snapshot: bool = True) -> tuple[BuildStats, Path | None]:
    """Rebuild the summary models, publish the analytics snapshot, then render report.html beside
    it from the snapshot (outside the writer lock). A report that fails to render raises
    ReportError after the snapshot is published: the data is out, the failure is not silent."""
    with writer(settings.db, settings.lock_wait_seconds) as con:
        stats = build_models(con)
        target = publish(con, settings.analytics) if publish_snapshot else None
    if target is not None:
        publish_report(target)
    return stats, target


def publish_report(snapshot: Path) -> Path:
    """report.html beside the analytics snapshot, rendered from it."""
    out = snapshot.with_name("report.html")
    try:
        return build_report(snapshot, out)
    except Exception as exc:
        log.exception("report from %s failed", snapshot)
        raise ReportError(
            f"analytics snapshot {snapshot} was published, but the report {out} failed: "
            f"{type(exc).__name__}: {exc} (rerun with `crimestats report`)"
        ) from exc


def run(
    settings: Settings,
    specs: list[SourceSpec] | None = None,
    *,
    since: date | None = None,
    until: date | None = None,
    backfill: bool = False,
    progress: Progress | None = None,
) -> RunReport:
    """Fetch each source in isolation (one failing source does not stop the others), then load
    and build. `report.ok` is False when any source failed, so the caller can exit non-zero."""
    if specs is None:
        everything = sources(settings)
        specs = [everything[name] for name in enabled_sources(settings)]
    report = RunReport()
    for spec in specs:
        try:
            stats = fetch_source(
                spec, settings, since=since, until=until, backfill=backfill, progress=progress
            )
            report.crawls.append(stats)
            if stats.source_down:
                report.failed_sources[spec.name] = stats.source_down
        except Exception as exc:  # isolate sources: record, go on, fail the run at the end
            log.exception("source %s failed", spec.name)
            report.failed_sources[spec.name] = f"{type(exc).__name__}: {exc}"
    report.load = load(settings, {s.name: s for s in specs})
    record_crawl_stats(settings, report.crawls)
    report.build, report.published = build(settings)
    return report


def recheck(
    settings: Settings,
    specs: list[SourceSpec] | None = None,
    *,
    limit: int | None = None,
    progress: Progress | None = None,
) -> RunReport:
    """Fetch archived releases again (every source with archived articles, or `specs`), then
    load: changed pages become new versions, pages gone (404/410) mark their release removed."""
    if specs is None:
        everything = sources(settings)
        held = {r.source for r in RawArchive(settings.archive).records() if r.kind == "article"}
        specs = [spec for name, spec in sorted(everything.items()) if name in held]
    report = RunReport()
    for spec in specs:
        crawler = Crawler(spec, RawArchive(settings.archive), progress=progress)
        try:
            report.crawls.append(crawler.recheck(limit=limit))
        except Exception as exc:  # isolate sources, as `run` does
            log.exception("recheck of %s failed", spec.name)
            report.failed_sources[spec.name] = f"{type(exc).__name__}: {exc}"
        finally:
            crawler.client.close()
    report.load = load(settings, {s.name: s for s in specs})
    return report


def sample_specs(base_url: str) -> list[SourceSpec]:
    """The bundled sample site's sources (zh and en), pointed at a running server."""
    host = base_url.split("://", 1)[1].rstrip("/")
    here = Path(__file__).resolve().parent / "sources"
    return [
        load_source(here / name, base_url=base_url, host=host)
        for name in ("sample.yaml", "sample_en.yaml")
    ]


def demo(settings: Settings, progress: Progress | None = None) -> RunReport:
    """Serve the bundled sample site on 127.0.0.1, crawl it, load, build and publish."""
    from pipeline.demo.server import serve_site

    with serve_site() as base_url:
        return run(settings, sample_specs(base_url), progress=progress)
