"""Article pages to `ParsedRelease`: title, publication date and body text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pipeline.parse.dates import date_from_url, parse_date
from pipeline.parse.html import block_text, select_first, soup_of
from pipeline.sources import ArticleSpec


class ParseError(ValueError):
    """The page does not have what the source's selectors promise; the message says what."""


@dataclass(frozen=True, slots=True)
class ParsedRelease:
    title: str
    published: date
    body: str


def _clean_title(title: str, suffixes: tuple[str, ...]) -> str:
    title = " ".join(title.split())
    for suffix in sorted(suffixes, key=len, reverse=True):
        if title.endswith(suffix.strip()) and len(title) > len(suffix.strip()):
            return title[: -len(suffix.strip())].rstrip(" _-")
    return title


def parse_article(
    html: str, spec: ArticleSpec, url: str, listing_date: date | None = None
) -> ParsedRelease:
    """Parse one article. The date comes from the page's own date line, else the listing entry,
    else the URL (posting dates in URLs can be years after the document, site-zh.md §2.3)."""
    soup = soup_of(html)
    for selector in spec.drop:
        for element in soup.select(selector):
            element.decompose()
    body_el = select_first(soup, spec.body)
    if body_el is None:
        raise ParseError(f"body selector {list(spec.body)} matched no text on {url}")
    body = block_text(body_el)
    title_el = select_first(soup, spec.title)
    title = (
        _clean_title(title_el.get_text(" ", strip=True), spec.title_suffixes) if title_el else ""
    )
    if not title:
        raise ParseError(f"title selector {list(spec.title)} matched no text on {url}")
    date_el = select_first(soup, spec.date) if spec.date else None
    published = (
        (parse_date(date_el.get_text(" ", strip=True)) if date_el else None)
        or listing_date
        or date_from_url(url)
    )
    if published is None:
        raise ParseError(f"no publication date on {url} (date selector {list(spec.date)})")
    return ParsedRelease(title=title, published=published, body=body)
