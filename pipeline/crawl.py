"""The crawl loop: listing pages, then the articles they link, into the raw archive.

Incremental by default: paging stops at the first listing page with nothing new, and an article
already archived is not fetched again. A backfill keeps paging back to `since` instead.
Nothing here touches the warehouse; `load` reads what the crawl archived.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime

import yaml

from pipeline.fetch.archive import FetchRecord, RawArchive
from pipeline.fetch.encoding import DecodeError, decode_html
from pipeline.fetch.http import HttpClient, Response
from pipeline.fetch.urls import article_key, canonical_url
from pipeline.parse import ListingItem, next_page_url, parse_listing
from pipeline.sources import SourceSpec

log = logging.getLogger(__name__)


@dataclass(slots=True)
class CrawlStats:
    source: str
    run_id: str
    pages: int = 0
    articles: int = 0
    skipped_known: int = 0
    errors: int = 0
    listing_failures: int = 0
    error_messages: list[str] = field(default_factory=list)

    @property
    def source_down(self) -> str | None:
        """Why the source counts as down in this run (no listing page answered), else None.
        Failing articles alone do not count: they are retried by the next run."""
        if self.pages == 0:
            return "no listing page was fetched (check listing.start_urls and max_pages)"
        if self.listing_failures == self.pages:
            first = next(m for m in self.error_messages if m.startswith("listing "))
            return f"every listing page failed ({self.pages}); first: {first}"
        return None

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "source_down": self.source_down}


Progress = Callable[[CrawlStats, str], None]


def new_run_id() -> str:
    """Sortable by time, unique across parallel tasks."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ") + "-" + uuid.uuid4().hex[:6]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _snapshot(spec: SourceSpec, archive: RawArchive) -> str:
    """Archive the spec used for this run, so a reparse can find its selectors even for a
    source file that lived outside the package."""
    data = asdict(spec)
    data.pop("origin", None)
    return archive.put(yaml.safe_dump(data, allow_unicode=True, sort_keys=True).encode())


def archive_state(archive: RawArchive, source: str) -> tuple[set[str], set[str]]:
    """(keys archived fine, keys whose last attempt failed) for one source's articles."""
    last: dict[str, str] = {}
    for record in archive.records(source):
        key = record.article_key
        if record.kind == "article" and key and (record.outcome == "ok" or last.get(key) != "ok"):
            last[key] = record.outcome
    ok = {k for k, outcome in last.items() if outcome == "ok"}
    return ok, set(last) - ok


def _listing_validators(archive: RawArchive, source: str) -> dict[str, dict[str, str]]:
    """ETag / Last-Modified of each listing page's last good fetch, for conditional GET."""
    found: dict[str, dict[str, str]] = {}
    for record in archive.records(source):
        if record.kind == "listing" and record.outcome == "ok":
            headers = {k.lower(): v for k, v in record.headers.items()}
            conditional = {}
            if "etag" in headers:
                conditional["If-None-Match"] = headers["etag"]
            if "last-modified" in headers:
                conditional["If-Modified-Since"] = headers["last-modified"]
            found[record.url] = conditional
    return found


def looks_like_challenge(text: str) -> bool:
    """A 200 page that is only a script (the JavaScript anti-bot pages of Chinese government
    sites) rather than content."""
    lowered = text.lower()
    if "<script" not in lowered:
        return False
    from pipeline.parse.html import soup_of  # local: only needed for suspicious pages

    soup = soup_of(text)
    for element in soup(["script", "style", "noscript"]):
        element.decompose()
    return len(soup.get_text(strip=True)) < 40


class Crawler:
    """Crawls one source into the archive, recording every fetch."""

    def __init__(
        self,
        spec: SourceSpec,
        archive: RawArchive,
        client: HttpClient | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.spec = spec
        self.archive = archive
        self.client = client or HttpClient(spec.allowed_hosts, spec.rate_limit_per_second)
        self.progress = progress or (lambda stats, message: None)
        self.stats = CrawlStats(source=spec.name, run_id=new_run_id())
        self.spec_sha = _snapshot(spec, archive)

    def _record(self, kind: str, url: str, resp: Response, **extra: object) -> FetchRecord:
        sha = self.archive.put(resp.body) if resp.body and resp.outcome in ("ok",) else None
        record = FetchRecord(
            fetch_id=uuid.uuid4().hex,
            run_id=self.stats.run_id,
            source=self.spec.name,
            kind=kind,
            url=url,
            fetched_at=_now(),
            outcome=resp.outcome,
            status=resp.status,
            final_url=resp.final_url,
            sha256=sha,
            bytes=len(resp.body),
            attempts=resp.attempts,
            elapsed_ms=resp.elapsed_ms,
            error=resp.error,
            headers=resp.headers,
            spec_sha256=self.spec_sha,
            **extra,  # type: ignore[arg-type]
        )
        self.archive.append(record)
        if resp.outcome not in ("ok", "not_modified"):
            self.stats.errors += 1
            self.stats.listing_failures += kind == "listing"
            self.stats.error_messages.append(f"{kind} {resp.outcome}: {url}: {resp.error}")
        return record

    def _fetch(self, url: str, headers: dict[str, str] | None = None) -> tuple[Response, str]:
        """Fetch and decode; undecodable pages and bot challenges become failed outcomes."""
        resp = self.client.get(url, headers=headers)
        text = ""
        if resp.ok:
            try:
                text, _ = decode_html(
                    resp.body, resp.headers.get("Content-Type"), self.spec.encoding
                )
            except DecodeError as exc:
                return _failed(resp, "decode_error", str(exc)), ""
            if looks_like_challenge(text):
                return _failed(resp, "challenge", "page holds only a script (bot challenge)"), ""
        return resp, text

    def run(
        self, since: date | None = None, until: date | None = None, backfill: bool = False
    ) -> CrawlStats:
        """Walk the listing pages and archive new articles; see the module docstring."""
        if backfill and since is None:
            raise ValueError("a backfill needs a --since date to walk back to")
        known, failed = archive_state(self.archive, self.spec.name)
        validators = {} if backfill else _listing_validators(self.archive, self.spec.name)
        seen_keys: set[str] = set()
        for start_url in self.spec.listing.start_urls:
            page_url: str | None = start_url
            page_number = 1
            while page_url and page_number <= self.spec.listing.max_pages:
                resp, html = self._fetch(page_url, validators.get(page_url))
                self._record("listing", page_url, resp)
                self.stats.pages += 1
                self.progress(self.stats, f"page {page_number}")
                if not resp.ok:
                    break  # not_modified: nothing new on page 1 means nothing new at all
                items = parse_listing(html, self.spec.listing, page_url)
                if not items:
                    log.warning("%s: listing page %s has no entries", self.spec.name, page_url)
                    break
                new, older = self._articles(items, known, failed, seen_keys, since, until)
                dated = [i for i in items if i.date]
                if since and dated and older == len(dated):
                    break  # every entry on this page predates the window
                if not backfill and since is None and new == 0:
                    break  # incremental: a page with nothing new ends the crawl
                page_url = next_page_url(html, self.spec.listing, page_url, page_number)
                page_number += 1
        return self.stats

    def _articles(
        self,
        items: list[ListingItem],
        known: set[str],
        failed: set[str],
        seen: set[str],
        since: date | None,
        until: date | None,
    ) -> tuple[int, int]:
        new = older = 0
        for item in items:
            if not self.spec.allows(item.url):
                continue
            if since and item.date and item.date < since:
                older += 1
                continue
            if until and item.date and item.date > until:
                continue
            key = article_key(item.url, self.spec)
            if key in seen:
                continue
            seen.add(key)
            if key in known:
                self.stats.skipped_known += 1
                continue
            if key not in failed:
                new += 1  # a URL that failed before counts as known for paging
            url = canonical_url(item.url)
            resp, _ = self._fetch(url)
            self._record(
                "article",
                url,
                resp,
                article_key=key,
                listing_title=item.title,
                listing_date=item.date.isoformat() if item.date else None,
            )
            if resp.ok:
                known.add(key)
                self.stats.articles += 1
            self.progress(self.stats, item.title[:40])
        return new, older


def _failed(resp: Response, outcome: str, error: str) -> Response:
    return Response(
        resp.url,
        outcome,
        status=resp.status,
        final_url=resp.final_url,
        attempts=resp.attempts,
        elapsed_ms=resp.elapsed_ms,
        error=error,
        headers=resp.headers,
    )
