"""Finds counted numbers in Chinese text: 4.2万余人, 70余万人, 3200余万元, 万余件 (a bare 万 with
余), 百分之十二点五 (a percentage spelled in words).

The counter word decides the unit (件 case, 人 person, 件次 case_time, % percent ...)."""

from __future__ import annotations

import re
from functools import cache

from pipeline.extract import lexicon
from pipeline.extract.mention import Mention
from pipeline.extract.numbers import (
    ARABIC,
    CN_DIGITS,
    CN_NUMERAL_CHARS,
    GLOSS,
    parse_decimal_numeral,
    parse_number,
    scale_zh,
)


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
    more: list[Mention] = []
    if "百分之" in folded:
        more += _spelled_percents(folded, quals)
    for match in _bare_scale_pattern().finditer(folded):
        mention = _bare_scale(folded, match, units, quals)
        if mention is not None:
            more.append(mention)
    if not more:
        return mentions
    taken = [(m.start, m.end) for m in mentions]
    more = [m for m in more if not any(s < m.end and m.start < e for s, e in taken)]
    return sorted(mentions + more, key=lambda m: m.start)


# 不起诉率为百分之十二点五, 占百分之六十一点三: a percentage spelled in words (百分之百 is
# mostly rhetoric, "wholly": no figure)
_SPELLED_PERCENT = re.compile(
    rf"百分之(?P<num>{ARABIC}|[{CN_NUMERAL_CHARS}]+(?:点[{''.join(CN_DIGITS)}]+)?)"
)


def _spelled_percents(folded: str, quals: dict) -> list[Mention]:
    found = []
    for match in _SPELLED_PERCENT.finditer(folded):
        value = parse_decimal_numeral(match.group("num"))
        if value is None or match.group("num") == "百":
            continue
        end = match.end()
        post = next((word for word in quals["zh_suffix"] if folded.startswith(word, end)), None)
        prefix = _prefix(folded, match.start(), quals)
        if post:
            qualifier, end = str(quals["zh_suffix"][post]), end + len(post)
        elif prefix:
            qualifier = str(quals["zh_prefix"][prefix])
        else:
            qualifier = _share_qualifier(folded, match.start(), quals)
        found.append(Mention(start=match.start() - len(prefix), end=end, value=value,
                             unit="percent", qualifier=qualifier, num_start=match.start(),
                             num_end=match.end()))  # fmt: skip
    return found


@cache
def _bare_scale_pattern() -> re.Pattern[str]:
    """万余件 / 亿余元 / 近万人: a 万 or 亿 with no number before it counts one of it, when 余/多
    after it or a qualifier before it says it is a round figure (bare 万人 is "per 10,000").
    Not after a digit (4.2万余人, found as a number) nor after 数/几/上/成 (数万人, 上万人)."""
    units = lexicon.load("units")
    quals = lexicon.load("qualifiers")
    # the lookbehind, behind the literal, leaves out the 万 of a number (4.2万余人) in C
    not_number = rf"[\d.,/数几上成{CN_NUMERAL_CHARS}]"
    return re.compile(
        rf"(?P<scale>[万亿])(?<!{not_number}[万亿]){GLOSS}(?P<yu2>余|多)?"
        rf"(?P<unit>{lexicon.alternation(list(units['zh']))}){GLOSS}"
        rf"(?P<post>{lexicon.alternation(list(quals['zh_suffix']))})?"
    )


def _bare_scale(folded: str, match: re.Match[str], units: dict, quals: dict) -> Mention | None:
    unit_word = match.group("unit")
    if units["zh"][unit_word] == "percent":
        return None
    if folded.startswith(_words(units, "zh_not_after"), match.end()):
        return None
    prefix = _prefix(folded, match.start(), quals)
    if not match.group("yu2") and not prefix:
        return None  # 万人 alone: "per 10,000 people", 万人大会; 罚金万元以上: a threshold
    qualifier = _qualifier(match, quals, prefix)
    if qualifier == "exact":
        return None  # 达万人
    return Mention(
        start=match.start() - len(prefix),
        end=match.end(),
        value=scale_zh(1.0, match.group("scale")),
        unit=units["zh"][unit_word],
        qualifier=qualifier,
        num_start=match.start(),
        num_end=match.end("scale"),
    )


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
    if start == 0 or folded[start - 1] not in _prefix_ends():
        return ""  # most numbers have none: one set lookup
    before = folded[max(0, start - 3) : start]
    return next((word for word in _prefixes() if before.endswith(word)), "")


@cache
def _prefix_ends() -> frozenset[str]:
    return frozenset(word[-1] for word in _prefixes())


def _qualifier(match: re.Match[str], quals: dict, prefix: str) -> str:
    if ("yu1" in match.re.groupindex and match.group("yu1")) or match.group("yu2"):
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
