"""Publication dates as the sites write them: 2023-04-27, 2023年04月27日,
发布时间：2023-04-27 10:00, April 27, 2023, Apr. 27, 2023, and the dates in article URLs."""

from __future__ import annotations

import re
from datetime import date

_NUMERIC = re.compile(r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_ENGLISH = re.compile(r"\b([A-Z][a-z]{2})[a-z]*\.?\s+(\d{1,2}),?\s+((?:19|20)\d{2})\b")
_URL = (
    re.compile(r"/t((?:19|20)\d{2})(\d{2})(\d{2})_\d+"),  # TRS: /202304/t20230427_612345.shtml
    re.compile(r"/((?:19|20)\d{2})-(\d{2})/(\d{2})/"),  # en.spp.gov.cn: /2023-04/27/c_943384.htm
)


def _make(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def parse_date(text: str | None) -> date | None:
    """The first date written in `text`, or None."""
    if not text:
        return None
    if m := _NUMERIC.search(text):
        return _make(*m.groups())
    if (m := _ENGLISH.search(text)) and m.group(1).lower() in _MONTHS:
        return _make(m.group(3), str(_MONTHS[m.group(1).lower()]), m.group(2))
    return None


def date_from_url(url: str) -> date | None:
    """The date a CMS put in an article URL (the posting date, not always the document's)."""
    for pattern in _URL:
        if m := pattern.search(url):
            return _make(*m.groups())
    return None
