"""The crawl loop: listing pages, then the articles they link, into the raw archive.

Incremental by default: paging stops at the first listing page with nothing new, and an article
already archived is not fetched again. A URL that failed counts as known for paging and is
retried on later runs with a per-URL backoff (1 h, 2 h, 4 h ... capped at 7 days), its attempts
counted from the fetch records. A backfill keeps paging back to `since` instead, and leaves a
checkpoint after every listing page so an interrupted backfill resumes where it stopped.
Multi-page articles (`_2`, `_3` pages) are fetched whole: the article's record lists its pages.
`recheck` fetches archived articles again: changed content is a new archived version, a 404 marks
the release removed. Nothing here touches the warehouse; `load` reads what the crawl archived.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, date, datetime, timedelta
from typing import Any

import yaml

from pipeline.fetch.archive import FetchRecord, RawArchive
from pipeline.fetch.encoding import DecodeError, decode_html
from pipeline.fetch.http import HttpClient, Response
from pipeline.fetch.urls import article_key, canonical_url
from pipeline.parse import ListingItem, continuation_urls, next_page_url, parse_listing
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
    deferred: int = 0  # failed URLs not yet due for another attempt (per-URL backoff)
    retried: int = 0  # failed URLs of earlier runs tried again
    changed: int = 0  # recheck: articles whose content changed (a new archived version)
    removed: int = 0  # recheck: articles that are gone (404/410)
    resumed_from_page: int | None = None  # backfill: checkpoint page this run started at
    since: date | None = None
    newest: date | None = None  # newest and oldest listing dates seen (backfill progress)
    oldest: date | None = None
    started: float = field(default_factory=time.monotonic)
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

    def eta_seconds(self) -> float | None:
        """Backfill ETA from how far the listing dates have walked from the newest seen back to
        `since`, at the pace so far; None when there is nothing to extrapolate from."""
        if not (self.since and self.newest and self.oldest) or self.newest <= self.since:
            return None
        total = (self.newest - self.since).days
        done = min(total, (self.newest - self.oldest).days)
        if done <= 0:
            return None
        elapsed = time.monotonic() - self.started
        return elapsed * (total - done) / done

    def describe(self) -> str:
        """One progress line: pages, articles, errors, and the ETA of a backfill."""
        text = f"{self.pages} pages, {self.articles} articles, {self.errors} errors"
        if self.since and self.oldest:
            eta = self.eta_seconds()
            text += f", back to {self.oldest} of {self.since}"
            text += f", ETA {eta:.0f} s" if eta is not None else ""
        return text

    def to_dict(self) -> dict[str, object]:
        data = {**asdict(self), "source_down": self.source_down, "eta_seconds": self.eta_seconds()}
        for name in ("since", "newest", "oldest"):
            data[name] = data[name].isoformat() if data[name] else None
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CrawlStats:
        """The stats back from `to_dict` (an Airflow fetch task's XCom, say)."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for name in ("since", "newest", "oldest"):
            if isinstance(values.get(name), str):
                values[name] = date.fromisoformat(values[name])
        return cls(**values)


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


@dataclass(frozen=True, slots=True)
class Failing:
    """An article whose latest fetch failed: how often in a row, when last, and how to retry."""

    key: str
    url: str
    failures: int
    last_at: datetime
    listing_title: str | None
    listing_date: str | None

    def due(self, now: datetime, base: timedelta, cap: timedelta = timedelta(days=7)) -> bool:
        """Per-URL backoff: the n-th retry waits base * 2**(n-1), at most `cap`."""
        wait = min(cap, base * 2 ** max(0, self.failures - 1))
        return now >= self.last_at + wait


@dataclass(frozen=True, slots=True)
class Archived:
    """The latest good fetch of an article: where it lives and its validators."""

    key: str
    url: str
    sha256: str
    headers: dict[str, str]
    listing_title: str | None
    listing_date: str | None


def archive_state(
    archive: RawArchive, source: str
) -> tuple[dict[str, Archived], dict[str, Failing]]:
    """(articles archived fine, articles never archived whose last attempts failed), by key.

    A release fetched fine once stays known whatever later rechecks say."""
    good: dict[str, Archived] = {}
    failing: dict[str, Failing] = {}
    for r in archive.records(source):
        key = r.article_key
        if r.kind != "article" or not key:
            continue
        if r.outcome == "ok" and r.sha256:
            good[key] = Archived(key, r.url, r.sha256, r.headers, r.listing_title, r.listing_date)
            failing.pop(key, None)
        elif key not in good and r.outcome != "not_modified":
            before = failing.get(key)
            failing[key] = Failing(
                key,
                r.url,
                (before.failures if before else 0) + 1,
                datetime.fromisoformat(r.fetched_at),
                r.listing_title,
                r.listing_date,
            )
    return good, failing


def _listing_state(archive: RawArchive, source: str) -> tuple[dict[str, dict[str, str]], set[str]]:
    """(ETag / Last-Modified of each listing page's last good fetch, for conditional GET;
    listing pages whose last fetch failed)."""
    found: dict[str, dict[str, str]] = {}
    failed: set[str] = set()
    for record in archive.records(source):
        if record.kind != "listing" or record.outcome == "not_modified":
            continue
        if record.outcome == "ok":
            found[record.url] = _conditional_headers(record.headers)
            failed.discard(record.url)
        else:
            failed.add(record.url)
    return found, failed


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
    """Crawls one source into the archive, recording every fetch.

    `retry_backoff` is the first wait before a failed article is tried again on a later run
    (doubling per failure, capped at 7 days); tests pass timedelta(0)."""

    def __init__(
        self,
        spec: SourceSpec,
        archive: RawArchive,
        client: HttpClient | None = None,
        progress: Progress | None = None,
        *,
        retry_backoff: timedelta = timedelta(hours=1),
    ) -> None:
        self.spec = spec
        self.archive = archive
        self.client = client or HttpClient(spec.allowed_hosts, spec.rate_limit_per_second)
        self.progress = progress or (lambda stats, message: None)
        self.stats = CrawlStats(source=spec.name, run_id=new_run_id())
        self.spec_sha = _snapshot(spec, archive)
        self.retry_backoff = retry_backoff

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

    def _walk_name(self) -> str:
        return f"walk-{self.spec.name}"

    def _checkpoint_name(self) -> str:
        return f"backfill-{self.spec.name}"

    def run(
        self, since: date | None = None, until: date | None = None, backfill: bool = False
    ) -> CrawlStats:
        """Walk the listing pages and archive new articles; see the module docstring."""
        if backfill and since is None:
            raise ValueError("a backfill needs a --since date to walk back to")
        self.stats.since = since if backfill else None
        known, failing = archive_state(self.archive, self.spec.name)
        validators, failed_listings = _listing_state(self.archive, self.spec.name)
        if backfill or failed_listings:
            validators = {}  # a listing walk broke off last time: read the pages afresh
        checkpoint = self.archive.read_state(self._checkpoint_name()) if backfill else None
        window = [str(since), str(until)]
        if checkpoint and checkpoint.get("window") != window:
            checkpoint = None  # another range: start from page 1
        # An incremental run that was killed mid-walk left its walk marker incomplete: the next
        # run must not stop at a page of known articles before the page the killed run reached.
        walk = None if backfill or since else self._walk_name()
        unfinished = self.archive.read_state(walk) if walk else None
        floor = int(unfinished["page"]) if unfinished and not unfinished["complete"] else 0
        if floor:
            validators = {}
        seen_keys: set[str] = set()
        now = datetime.now(UTC)
        for start_url in self.spec.listing.start_urls:
            page_url: str | None = start_url
            page_number = 1
            resume = (checkpoint or {}).get("pages", {}).get(start_url)
            if resume:
                page_url, page_number = resume["next_url"], int(resume["page_number"])
                self.stats.resumed_from_page = page_number
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
                new, older = self._articles(items, known, failing, seen_keys, since, until, now)
                dated = [i for i in items if i.date]
                if since and dated and older == len(dated):
                    page_url = None  # every entry on this page predates the window
                    break
                next_url = next_page_url(html, self.spec.listing, page_url, page_number)
                if walk:
                    self.archive.write_state(walk, {"complete": False, "page": page_number})
                if (
                    not backfill
                    and since is None
                    and new == 0
                    and next_url not in failed_listings
                    and page_number > floor  # pages the killed run finished, plus one
                ):
                    break  # incremental: a page with nothing new ends the crawl, unless the
                    # next page failed last time (what it lists was never seen)
                page_url = next_url
                page_number += 1
                if backfill:
                    self._save_checkpoint(window, start_url, page_url, page_number)
            if backfill and (page_url is None or page_number > self.spec.listing.max_pages):
                self._save_checkpoint(window, start_url, None, page_number)
        if backfill:
            state = self.archive.read_state(self._checkpoint_name()) or {}
            pages = state.get("pages", {})
            if all(pages.get(u, {}).get("next_url") is None for u in self.spec.listing.start_urls):
                self.archive.clear_state(self._checkpoint_name())  # the walk is complete
        if walk:
            self.archive.write_state(walk, {"complete": True, "page": 0})
        self._retry_failing(failing, seen_keys, now)
        return self.stats

    def _save_checkpoint(
        self, window: list[str], start_url: str, next_url: str | None, page_number: int
    ) -> None:
        state = self.archive.read_state(self._checkpoint_name()) or {}
        if state.get("window") != window:
            state = {"window": window, "pages": {}}
        state["pages"][start_url] = {"next_url": next_url, "page_number": page_number}
        self.archive.write_state(self._checkpoint_name(), state)

    def _articles(
        self,
        items: list[ListingItem],
        known: dict[str, Archived],
        failing: dict[str, Failing],
        seen: set[str],
        since: date | None,
        until: date | None,
        now: datetime,
    ) -> tuple[int, int]:
        new = older = 0
        for item in items:
            if not self.spec.allows(item.url):
                continue
            if item.date:
                self.stats.newest = max(self.stats.newest or item.date, item.date)
                self.stats.oldest = min(self.stats.oldest or item.date, item.date)
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
            before = failing.get(key)
            if before is None:
                new += 1  # a URL that failed before counts as known for paging
            elif not before.due(now, self.retry_backoff):
                self.stats.deferred += 1
                continue
            else:
                self.stats.retried += 1
            listing_date = item.date.isoformat() if item.date else None
            if self._fetch_article(canonical_url(item.url), key, item.title, listing_date):
                known[key] = Archived(key, item.url, "", {}, item.title, listing_date)
                failing.pop(key, None)
            self.progress(self.stats, item.title[:40])
        return new, older

    def _retry_failing(self, failing: dict[str, Failing], seen: set[str], now: datetime) -> None:
        """Failed articles not met on this run's listing pages (a quiet run stops at page 1)
        get their retry here, when their backoff allows."""
        for key, before in list(failing.items()):
            if key in seen:
                continue
            if not before.due(now, self.retry_backoff):
                self.stats.deferred += 1
                continue
            self.stats.retried += 1
            self._fetch_article(before.url, key, before.listing_title, before.listing_date)
            self.progress(self.stats, f"retry {key}")

    def _fetch_article(
        self,
        url: str,
        key: str,
        listing_title: str | None,
        listing_date: str | None,
        headers: dict[str, str] | None = None,
    ) -> FetchRecord:
        """Fetch one article and its continuation pages; the article record comes last and is
        ok only when every page was fetched (so a half article is retried, never loaded)."""
        resp, html = self._fetch(url, headers)
        pages: list[str] = []
        if resp.ok:
            for more in continuation_urls(html, resp.final_url or url)[:50]:
                page, _ = self._fetch(more)
                page_record = self._record("article_page", more, page, article_key=key)
                if not page.ok:
                    resp = _failed(resp, page.outcome, f"page {more}: {page.error}")
                    break
                pages.append(str(page_record.sha256))
        record = self._record(
            "article",
            url,
            resp,
            article_key=key,
            listing_title=listing_title,
            listing_date=listing_date,
            pages=pages if resp.ok else [],
        )
        if resp.ok:
            self.stats.articles += 1
        return record

    def recheck(self, keys: Iterable[str] | None = None, limit: int | None = None) -> CrawlStats:
        """Fetch archived articles again (`keys`, else all, oldest check first, at most `limit`).

        Changed bytes are archived as a new version beside the old one; a 404/410 is recorded
        and `load` marks the release removed; an unchanged page (304 or same bytes) costs
        nothing downstream."""
        known, _ = archive_state(self.archive, self.spec.name)
        last_checked = _last_article_fetch(self.archive, self.spec.name)
        wanted = set(keys) if keys is not None else set(known)
        order = sorted((k for k in wanted if k in known), key=lambda k: last_checked.get(k, ""))
        for key in order[:limit] if limit is not None else order:
            before = known[key]
            conditional = _conditional_headers(before.headers)
            record = self._fetch_article(
                before.url, key, before.listing_title, before.listing_date, conditional
            )
            if record.outcome == "ok" and record.sha256 != before.sha256:
                self.stats.changed += 1
            elif record.outcome == "not_found":
                self.stats.removed += 1
            self.progress(self.stats, f"recheck {key}")
        return self.stats


def _conditional_headers(headers: dict[str, str]) -> dict[str, str]:
    lowered = {k.lower(): v for k, v in headers.items()}
    conditional = {}
    if "etag" in lowered:
        conditional["If-None-Match"] = lowered["etag"]
    if "last-modified" in lowered:
        conditional["If-Modified-Since"] = lowered["last-modified"]
    return conditional


def _last_article_fetch(archive: RawArchive, source: str) -> dict[str, str]:
    last: dict[str, str] = {}
    for record in archive.records(source):
        if record.kind == "article" and record.article_key:
            last[record.article_key] = record.fetched_at
    return last


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
