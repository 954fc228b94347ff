"""`crimestats sources check`: try a source file against its live site in one minute.

Fetches listing page 1 and the first article it links (politely: the source's own client, robots
obeyed), then reports what every selector found, so whoever fixes a source sees at once which
selector broke. Nothing is archived or loaded.

Example::

    report = check_source(load_source(Path("pipeline/sources/gd.yaml")))
    print(report.ok, report.problems)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pipeline.crawl import looks_like_challenge
from pipeline.extract import extract_figures
from pipeline.fetch.encoding import DecodeError, decode_html
from pipeline.fetch.http import HttpClient, Response
from pipeline.fetch.urls import article_key, canonical_url
from pipeline.parse import (
    ListingItem,
    ParsedRelease,
    ParseError,
    continuation_urls,
    join_pages,
    next_page_url,
    parse_article,
    parse_listing,
)
from pipeline.parse.dates import parse_date
from pipeline.parse.html import select_first, soup_of
from pipeline.sources import SourceSpec


@dataclass(frozen=True, slots=True)
class Finding:
    """What one selector matched on a page: how many elements, and the first one's text."""

    part: str  # listing.item, article.title ...
    selector: str
    matches: int
    sample: str


@dataclass(slots=True)
class CheckReport:
    source: str
    listing_url: str
    listing_outcome: str = ""
    listing_error: str | None = None
    encoding: str | None = None
    items: list[ListingItem] = field(default_factory=list)
    next_page: str | None = None
    article_url: str | None = None
    article_key: str | None = None
    article_outcome: str | None = None
    continuation: list[str] = field(default_factory=list)
    parsed: ParsedRelease | None = None
    figures: int = 0
    findings: list[Finding] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _sample(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _findings(html: str, part: str, selectors: tuple[str, ...]) -> list[Finding]:
    soup = soup_of(html)
    found = []
    for selector in selectors:
        elements = soup.select(selector)
        first = next((e for e in elements if e.get_text(strip=True)), None)
        found.append(
            Finding(part, selector, len(elements), _sample(first.get_text(" ")) if first else "")
        )
    return found


def _fetch(client: HttpClient, spec: SourceSpec, url: str) -> tuple[Response, str, str | None]:
    resp = client.get(url)
    if not resp.ok:
        return resp, "", None
    try:
        text, codec = decode_html(resp.body, resp.headers.get("Content-Type"), spec.encoding)
    except DecodeError as exc:
        return _as(resp, "decode_error", str(exc)), "", None
    if looks_like_challenge(text):
        return _as(resp, "challenge", "page holds only a script (bot challenge)"), "", codec
    return resp, text, codec


def _as(resp: Response, outcome: str, error: str) -> Response:
    return Response(resp.url, outcome, status=resp.status, attempts=resp.attempts, error=error)


def check_source(spec: SourceSpec, client: HttpClient | None = None) -> CheckReport:
    """Listing page 1 and its first article through the source's selectors; see module doc."""
    own = client is None
    http = client or HttpClient(spec.allowed_hosts, spec.rate_limit_per_second, retries=1)
    report = CheckReport(spec.name, spec.listing.start_urls[0])
    try:
        _check(spec, http, report)
    finally:
        if own:
            http.close()
    return report


def _check(spec: SourceSpec, http: HttpClient, report: CheckReport) -> None:
    resp, html, codec = _fetch(http, spec, report.listing_url)
    report.listing_outcome, report.listing_error, report.encoding = resp.outcome, resp.error, codec
    if not resp.ok:
        report.problems.append(f"listing page: {resp.outcome} ({resp.error})")
        return
    listing = spec.listing
    report.findings += _findings(html, "listing.item", (listing.item,))
    soup = soup_of(html)
    first_entry = next(iter(soup.select(listing.item)), None)
    if first_entry is not None:
        for part, selector in (("listing.link", listing.link), ("listing.date", listing.date)):
            if selector:
                matched = first_entry.select(selector)
                sample = _sample(matched[0].get_text(" ")) if matched else ""
                if matched and part == "listing.link":
                    sample += f" -> {matched[0].get('href')}"
                report.findings.append(
                    Finding(part + " (1st item)", selector, len(matched), sample)
                )
    report.items = parse_listing(html, listing, report.listing_url)
    report.next_page = next_page_url(html, listing, report.listing_url, 1)
    if listing.next_page:
        report.findings += _findings(html, "listing.next_page", (listing.next_page,))
    if not report.items:
        report.problems.append(f"listing.item {listing.item!r} found no entry with a link")
        return
    if not any(i.date for i in report.items):
        report.problems.append(f"listing.date {listing.date!r} found no date")
    allowed = [i for i in report.items if spec.allows(i.url)]
    if not allowed:
        report.problems.append(f"no listed link is on allowed_hosts {spec.allowed_hosts}")
        return
    item = allowed[0]
    report.article_url = canonical_url(item.url)
    report.article_key = article_key(item.url, spec)
    resp, page, _ = _fetch(http, spec, report.article_url)
    report.article_outcome = resp.outcome
    if not resp.ok:
        report.problems.append(f"article {report.article_url}: {resp.outcome} ({resp.error})")
        return
    article = spec.article
    for part, selectors in (
        ("article.title", article.title),
        ("article.date", article.date),
        ("article.body", article.body),
        ("article.drop", article.drop),
    ):
        report.findings += _findings(page, part, selectors)
    report.continuation = continuation_urls(page, resp.final_url or report.article_url)
    _parse(spec, http, report, page, item.date)


def _parse(
    spec: SourceSpec, http: HttpClient, report: CheckReport, page: str, listed: date | None
) -> None:
    url = str(report.article_url)
    try:
        parsed = parse_article(page, spec.article, url, listed)
        more = []
        for extra in report.continuation:
            resp, html, _ = _fetch(http, spec, extra)
            if not resp.ok:
                report.problems.append(f"continuation page {extra}: {resp.outcome}")
                break
            more.append(html)
        parsed = join_pages(parsed, more, spec.article)
    except ParseError as exc:
        report.problems.append(f"article: {exc}")
        return
    report.parsed = parsed
    date_el = select_first(soup_of(page), spec.article.date) if spec.article.date else None
    if parse_date(date_el.get_text(" ") if date_el else None) is None:
        report.problems.append(
            f"article.date {list(spec.article.date)} gave no date (fell back to listing or URL)"
        )
    report.figures = len(
        extract_figures(
            parsed.body,
            parsed.published,
            title=parsed.title,
            lang=spec.language,
            jurisdiction=spec.jurisdiction,
        )
    )
