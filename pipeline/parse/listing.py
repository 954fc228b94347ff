"""Listing pages: the entries (link, title, date) and the way to the next page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pipeline.fetch.urls import absolute
from pipeline.parse.dates import parse_date
from pipeline.parse.html import soup_of
from pipeline.sources import ListingSpec

# TRS pager call on every listing page: createPageHTML(<page count>, <current index>, "index", ...)
_TRS_PAGER = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)")


@dataclass(frozen=True, slots=True)
class ListingItem:
    url: str
    title: str
    date: date | None


def parse_listing(html: str, spec: ListingSpec, page_url: str) -> list[ListingItem]:
    """Entries of one listing page in page order; entries without a link are skipped."""
    soup = soup_of(html)
    items: list[ListingItem] = []
    for entry in soup.select(spec.item):
        link = entry.select_one(spec.link) if spec.link else entry
        href = link.get("href") if link is not None else None
        if not isinstance(href, str) or not href.strip() or href.startswith("javascript:"):
            continue
        date_el = entry.select_one(spec.date) if spec.date else None
        items.append(
            ListingItem(
                url=absolute(href, page_url),
                title=link.get_text(" ", strip=True) if link is not None else "",
                date=parse_date(date_el.get_text(" ", strip=True)) if date_el else None,
            )
        )
    return items


def next_page_url(html: str, spec: ListingSpec, page_url: str, page_number: int) -> str | None:
    """URL of listing page `page_number + 1` (page 1 is the start URL).

    TRS sites number static pages index.shtml, index_1.shtml, index_2.shtml...: page 2 is n = 1.
    Sites with a next link use the `next_page` selector instead.
    """
    if spec.next_page:
        link = soup_of(html).select_one(spec.next_page)
        href = link.get("href") if link is not None else None
        return absolute(href, page_url) if isinstance(href, str) and href.strip() else None
    if spec.page_url_template:
        pager = _TRS_PAGER.search(html)
        if pager and page_number >= int(pager.group(1)):
            return None  # the pager says this was the last page
        return spec.page_url_template.format(n=page_number)
    return None
