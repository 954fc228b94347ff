"""HTML to structured text, pure functions: listing entries and article title/date/body."""

from pipeline.parse.article import (
    ParsedRelease,
    ParseError,
    continuation_urls,
    join_pages,
    parse_article,
)
from pipeline.parse.dates import parse_date
from pipeline.parse.listing import ListingItem, next_page_url, parse_listing

__all__ = [
    "ListingItem",
    "ParseError",
    "ParsedRelease",
    "continuation_urls",
    "join_pages",
    "next_page_url",
    "parse_article",
    "parse_date",
    "parse_listing",
]
