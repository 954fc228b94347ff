"""Ranges: 3000至5000人, 2至3万人, "3,000 to 5,000 people", "between 3,000 and 5,000".

The finders see only the upper end (the number next to the counter word). A range is reported as
one figure spanning both ends, valued at its middle with the qualifier `about`, so the bounds the
warehouse derives from it cover the range. A from-to change (从X上升至Y, "rose from X to Y") is not
a range: the lower end must not follow 从/由/from.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.extract.mention import Mention
from pipeline.extract.numbers import ARABIC, CN_NUMERAL_CHARS, parse_value

_ZH_LOW = re.compile(
    rf"(?<![从由\d.,{CN_NUMERAL_CHARS}])(?P<between>)(?P<low>(?:{ARABIC}|[{CN_NUMERAL_CHARS}]+)(?P<scale>[万亿])?)"
    r"\s*(?:至|到|-|—|－|~|～)\s*$"
)
_EN_LOW = re.compile(
    rf"(?<![\d.,])(?<!from )(?P<between>between )?"
    rf"(?P<low>(?:{ARABIC})(?P<scale> (?:million|billion))?) (?:to|and|-) $"
)
_LOOKBACK = 24
_YEAR = re.compile(r"(?:19|20)\d{2}")  # "from 137 in 2018 to 130,000": a year, not a range end


_ZH_CONNECTORS = frozenset("至到-—－~～")


def _ends_with_connector(before: str, lang: str) -> bool:
    """Whether `before` ends the way _ZH_LOW / _EN_LOW require (至 / " to ")."""
    if lang == "zh":
        return before.rstrip()[-1:] in _ZH_CONNECTORS
    return before.endswith((" to ", " and ", " - "))


def merge_ranges(mentions: list[Mention], norm: str, lang: str) -> list[Mention]:
    """Widen each mention whose number is the upper end of a range to cover the lower end."""
    result = []
    for mention in mentions:
        if mention.start != mention.num_start:  # a qualifier before the number: not a range
            result.append(mention)
            continue
        before = norm[max(0, mention.start - _LOOKBACK) : mention.start]
        if not _ends_with_connector(before, lang):  # the common case, decided without a regex
            result.append(mention)
            continue
        match = (_ZH_LOW if lang == "zh" else _EN_LOW).search(before)
        # "3,000 and 5,000 people" lists two numbers; only "between ... and ..." is a range
        listed = match is not None and " and " in match.group(0) and not match.group("between")
        if match is None or listed:
            result.append(mention)
            continue
        low_text = match.group("low")
        upper_text = norm[mention.num_start : mention.end]
        if lang == "zh" and not match.group("scale") and (scale := re.search("[万亿]", upper_text)):
            low_text += scale.group()  # 2至3万人: both ends in 万
        low = parse_value(low_text, lang)
        if low is None or not 0 < low < mention.value or _YEAR.fullmatch(low_text):
            result.append(mention)
            continue
        opening = "between" if match.group("between") is not None else "low"
        start = mention.start - len(before) + match.start(opening)
        result.append(replace(mention, start=start, num_start=start,
                              value=(low + mention.value) / 2, qualifier="about"))  # fmt: skip
    return result
