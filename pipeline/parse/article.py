"""Article pages to `ParsedRelease`: title, publication date and body text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit, urlunsplit

from bs4 import BeautifulSoup

from pipeline.fetch.urls import absolute, canonical_url
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


def _body(soup: BeautifulSoup, spec: ArticleSpec, where: str) -> str:
    """The body text after the `drop` selectors are removed; ParseError when nothing matches."""
    for selector in spec.drop:
        for element in soup.select(selector):
            element.decompose()
    body_el = select_first(soup, spec.body)
    if body_el is None:
        raise ParseError(f"body selector {list(spec.body)} matched no text {where}")
    return block_text(body_el)


def parse_article(
    html: str, spec: ArticleSpec, url: str, listing_date: date | None = None
) -> ParsedRelease:
    """Parse one article. The date comes from the page's own date line, else the listing entry,
    else the URL (posting dates in URLs can be years after the document, site-zh.md §2.3)."""
    soup = soup_of(html)
    body = _body(soup, spec, f"on {url}")
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


def continuation_urls(html: str, url: str) -> list[str]:
    """Further pages of a multi-page article, in page order: links to the same file name with a
    `_<n>` suffix (en.spp.gov.cn `c_948419.htm` -> `c_948419_2.htm`; TRS `t..._1.shtml`)."""
    parts = urlsplit(url)
    stem, dot, ext = parts.path.rpartition(".")
    if not dot or "/" in ext:
        return []
    pattern = re.compile(re.escape(stem) + r"_(\d{1,3})\." + re.escape(ext))
    found: dict[int, str] = {}
    for link in soup_of(html).select("a[href]"):
        href = link.get("href")
        if not isinstance(href, str):
            continue
        target = urlsplit(canonical_url(absolute(href, url)))
        if target.netloc == parts.netloc.lower() and (m := pattern.fullmatch(target.path)):
            found.setdefault(int(m.group(1)), urlunsplit(target))
    return [found[n] for n in sorted(found)]


def join_pages(first: ParsedRelease, more: list[str], spec: ArticleSpec) -> ParsedRelease:
    """One release from a multi-page article: page 1's title and date, every page's body."""
    bodies = [first.body]
    for index, html in enumerate(more, 2):
        bodies.append(_body(soup_of(html), spec, f"on page {index}"))
    return ParsedRelease(title=first.title, published=first.published, body="\n\n".join(bodies))
