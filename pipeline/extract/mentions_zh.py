"""Finds counted numbers in Chinese text: 4.2万余人, 70余万人, 3200余万元.

The counter word decides the unit (件 case, 人 person, 件次 case_time, % percent ...)."""

from __future__ import annotations

import re
from functools import cache

from pipeline.extract import lexicon
from pipeline.extract.mention import Mention
from pipeline.extract.numbers import ARABIC, CN_NUMERAL_CHARS, GLOSS, parse_number, scale_zh


@cache
def _pattern() -> re.Pattern[str]:
    units = lexicon.load("units")
    quals = lexicon.load("qualifiers")
    # The qualifier before the number (约, 近, 超过...) is looked up backwards from each match
    # (`_prefix`): a pattern opening on an optional alternation is tried at every character.
    return re.compile(
        rf"(?P<num>{ARABIC}|[{CN_NUMERAL_CHARS}]+)"
        rf"(?P<yu1>余|多)?"
        rf"(?P<scale>千万|百万|万亿|万|亿)?{GLOSS}"
        rf"(?P<yu2>余|多)?"
        rf"(?P<unit>{lexicon.alternation(list(units['zh']))}){GLOSS}"
        rf"(?P<post>{lexicon.alternation(list(quals['zh_suffix']))})?"
    )


def find_mentions_zh(folded: str) -> list[Mention]:
    """Every counted number of a folded Chinese body, in order, traps (dates, 第N) left out."""
    units = lexicon.load("units")
    quals = lexicon.load("qualifiers")
    mentions: list[Mention] = []
    for match in _pattern().finditer(folded):
        mention = _mention(folded, match, units, quals)
        if mention is not None:
            mentions.append(mention)
    return mentions


def _mention(
    folded: str, match: re.Match[str], units: dict, quals: dict
) -> Mention | None:  # fmt: skip
    num = match.group("num")
    unit_word = match.group("unit")
    is_numeral = not num[0].isdigit()
    if is_numeral and not match.group("scale") and unit_word not in units["zh_numeral_counters"]:
        return None
    before = folded[max(0, match.start("num") - 6) : match.start("num")]
    if before[-1:] and (before[-1].isdigit() or before[-1] in ".,/" or (before[-1].isascii()
                        and before[-1].isalpha())):  # fmt: skip
        return None
    if before.endswith(_words(units, "zh_not_before")):
        return None
    if folded.startswith(_words(units, "zh_not_after"), match.end()):
        return None
    value = parse_number(num)
    if value is None or (is_numeral and value < 2):
        return None
    value = scale_zh(value, match.group("scale"))
    prefix = _prefix(folded, match.start(), quals)
    qualifier = _qualifier(match, quals, prefix)
    if qualifier == "exact" and units["zh"][unit_word] == "percent":
        qualifier = _share_qualifier(folded, match.start() - len(prefix), quals)
    return Mention(
        start=match.start() - len(prefix),
        end=match.end(),
        value=value,
        unit=units["zh"][unit_word],
        qualifier=qualifier,
        num_start=match.start("num"),
        num_end=match.end("num"),
    )


_WORDS: dict[str, tuple[str, ...]] = {}


def _words(units: dict, key: str) -> tuple[str, ...]:
    if key not in _WORDS:
        _WORDS[key] = tuple(str(word) for word in units[key])
    return _WORDS[key]


@cache
def _prefixes() -> tuple[str, ...]:
    """The Chinese qualifier prefixes, longest first (将近 before 近)."""
    words = lexicon.load("qualifiers")["zh_prefix"]
    return tuple(sorted(map(str, words), key=len, reverse=True))


def _prefix(folded: str, start: int, quals: dict) -> str:
    """The qualifier word written right before the number at `start`, or ""."""
    before = folded[max(0, start - 3) : start]
    return next((word for word in _prefixes() if before.endswith(word)), "")


def _qualifier(match: re.Match[str], quals: dict, prefix: str) -> str:
    if match.group("yu1") or match.group("yu2"):
        return "more_than"
    if match.group("post"):
        return str(quals["zh_suffix"][match.group("post")])
    if prefix:
        return str(quals["zh_prefix"][prefix])
    return "exact"


SHARE_WINDOW = 30


def _share_qualifier(folded: str, start: int, quals: dict) -> str:
    """约占全国办案总量的9%: the qualifier before 占 belongs to the share after it (same clause)."""
    clause = re.split(r"[,;。，；]", folded[max(0, start - SHARE_WINDOW) : start])[-1]
    for word, qualifier in quals["zh_share_prefix"].items():
        if word in clause:
            return str(qualifier)
    return "exact"
