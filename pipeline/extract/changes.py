"""Finds reported changes: 同比上升63.5%, 分别下降38.6%、上升2.8%, "up 45 percent and 31 percent,
respectively", "a year-on-year increase of 63.5%", "almost three times as many as"."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from pipeline.extract import lexicon, scan
from pipeline.extract.mention import ChangeItem
from pipeline.extract.mentions_zh import GLOSS
from pipeline.extract.numbers import (
    ARABIC,
    CN_DIGITS,
    CN_NUMERAL_CHARS,
    EN_FRACTIONS,
    parse_decimal_numeral,
    parse_english,
)
from pipeline.extract.numbers import parse_number as parse_zh_number

_EN_NUM_WORDS = r"one|two|three|four|five|six|seven|eight|nine|ten|twice"
_EN_NUM = ARABIC + "|" + _EN_NUM_WORDS
_EN_QUAL = r"nearly|almost|about|around|more than|over|roughly|approximately|some|close to"
_EN_UNIT = r"percentage points?|percent|per cent|%|times|-fold| fold"
BASIS_WINDOW = 40


@dataclass(frozen=True, slots=True)
class _Item:
    start: int
    end: int
    value: float | None
    unit: str | None
    direction: str | None


@cache
def _zh_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    words = lexicon.load("changes")["zh"]
    up_down = lexicon.alternation(words["up"] + words["down"])
    units = "|".join(GLOSS.join(re.escape(ch) for ch in unit) + GLOSS
                     for unit in sorted(words["units"], key=len, reverse=True))  # fmt: skip
    number = rf"(?P<q>近|约|超过|逾)?(?P<num>{ARABIC}|[{CN_NUMERAL_CHARS}]+)(?P<unit>{units})"
    first = re.compile(
        rf"(?P<dir>{up_down})了?{number}|(?P<flat>{lexicon.alternation(words['flat'])})"
    )
    more = re.compile(rf"\s*(?:、|和|及|与|,)\s*(?:(?P<dir>{up_down})了?)?{number}")
    more_flat = re.compile(
        rf"\s*(?:、|和|及|与|,)\s*(?P<flat>{lexicon.alternation(words['flat'])})"
    )
    return first, more, more_flat


# "up 5 and 8 percent", "down 5, 8 and 12 percent": numbers sharing the unit after the last one;
# `list` holds all but the last, and each item of the group takes the unit (_en_items)
_EN_LISTED = (
    rf"(?:(?P<q>{_EN_QUAL})\s+)?(?P<list>(?:{_EN_NUM})(?:\s*,\s*(?:(?:{_EN_QUAL})\s+)?"
    rf"(?:{_EN_NUM}))*\s*,?\s+(?:and|or)\s+(?:(?:{_EN_QUAL})\s+)?)?"
    rf"(?P<num>{_EN_NUM})\s*(?P<unit>{_EN_UNIT})"
)
# "2.3 percentage points higher than in 2023": a comparative after the change is its direction
_EN_CHANGE_NOUNS = (
    r"increase|rise|surge|jump|growth|decrease|decline|drop|reduction|more|less|higher|lower"
)
_EN_UNIT_THEN_NOUN = (
    r"\s*(?:-|\s)?(?P<unit>percent|%|percentage points?|-fold|fold)(?:\s*|-)"
    r"(?:year-on-year\s+|annual\s+|-)?"
)


@cache
def _en_verb_first() -> re.Pattern[str]:
    """ "up (by) 45 percent", "an increase of 5 and 8 percent": a direction word, then the
    change. It opens on the direction words as a prefix tree, so the regex engine skips ahead
    to their first letters; the word boundary and "making an increase" are checked behind a
    match in Python (_verb_first_matches)."""
    words = lexicon.load("changes")["en"]
    return re.compile(
        rf"(?P<dir>{lexicon.trie(words['up'] + words['down'])})\s+(?:by\s+|of\s+)?{_EN_LISTED}"
    )


_NOT_VERB_FIRST = re.compile(r"[\w-]\Z|(?:making|made|makes|make) \Z")


def _verb_first_matches(text: str) -> Iterator[re.Match[str]]:
    r"""The matches of `(?<![\w-])(?<!making )(?<!made )(?<!makes )(?<!make )<verb first>`."""
    pattern = _en_verb_first()
    pos = 0
    while (match := pattern.search(text, pos)) is not None:
        start = match.start()
        if start and _NOT_VERB_FIRST.search(text, max(0, start - 7), start):
            pos = start + 1
            continue
        yield match
        pos = match.end()


@cache
def _en_patterns() -> tuple[list[scan.Part], list[scan.Part], re.Pattern[str]]:
    """Each pattern opens on its rarest token (a number before a unit, a ratio word), so the
    regex engine does not try optional qualifiers at every position; the qualifier before a
    change only moves its start and is found by looking back (_EN_QUAL_BEFORE).

    The first list holds the number-first forms tried before the plain ones: number lists
    sharing a unit ("5 and 8 percent increases"), ratios to a named figure ("3.5 times the
    number in ...", "twice that of 2018", anchored on "times" / "twice"). The second holds the
    plain number-first forms: digits, spelled ratios anchored on "times as" / "more than", and
    "double" anchored on itself. (Verb-first changes: _en_verb_first.)
    """
    words = lexicon.load("changes")["en"]
    direction = lexicon.alternation(words["up"] + words["down"])
    number = rf"(?:(?P<q>{_EN_QUAL})\s+)?(?P<num>{_EN_NUM})\s*(?P<unit>{_EN_UNIT})"
    ratio = r" (?:(?P<unit2>times) as (?:many|much)|(?P<frac>more) than)"
    # "3.5 times the number in the previous three years", "2.2 times of the figure", "three
    # times that of 2018", "four times higher than"
    named_ratio = (
        r" (?P<unit2>times) (?:as (?:high|large)\b|(?:that|those) of\b|"
        r"(?:of )?the (?:number|figure|total|level|count)s?\b|"
        r"(?:more|higher|greater|larger) than\b)"
    )
    ratio_words = [*_EN_NUM_WORDS.split("|"), "one-third", "a third", "half"]
    signs = re.escape(_SIGNS)
    digits_after_dot, digits_after_hyphen = (scan.arabic_not_after(c) for c in (r"[\w.]", r"[\w-]"))
    first = [
        scan.part(
            rf"(?P<list>{digits_after_dot}(?:\s*,\s*(?:{ARABIC}))*\s*,?\s+(?:and|or)\s+)"
            rf"(?P<num>{ARABIC}){_EN_UNIT_THEN_NOUN}(?P<dir>{_EN_CHANGE_NOUNS})s?\b"
        ),
        scan.part(rf"(?P<num2>{digits_after_hyphen}){named_ratio}", anchors=(" times ",), reach=24),
        scan.part(
            rf"(?<![\w-])(?P<num2>{'|'.join(ratio_words)}){named_ratio}",
            anchors=(" times ",),
            reach=max(map(len, ratio_words)),
        ),
        scan.part(
            r"(?<![\w-])(?P<num2>twice) (?:as (?:many|much|high|large)\b|(?:that|those) of\b|"
            r"the (?:number|figure|total|level|count)s?\b)",
            anchors=("twice ",),
        ),
    ]
    number_first = [
        scan.part(rf"(?P<num>{digits_after_dot}){_EN_UNIT_THEN_NOUN}(?P<dir>{_EN_CHANGE_NOUNS})\b"),
        scan.part(rf"(?P<num2>{digits_after_hyphen}){ratio}"),
        scan.part(
            rf"(?<![\w-])(?P<num2>{'|'.join(ratio_words)}){ratio}",
            anchors=(" times as ", " more than"),
            reach=max(map(len, ratio_words)),
        ),
        scan.part(
            rf"(?<![\w-])(?P<dbl>{lexicon.alternation(list(_en_multiples()))})(?![\w-])",
            anchors=("doubl", "tripl", "trebl", "quadrupl"),
        ),
        # "398,000 persons (+1.9%)", "Theft: 52,300, -4.1%": a signed percentage in a table
        # (opening on the sign, its left boundary checked behind it: see scan.py)
        scan.part(
            rf"(?P<sign>[{signs}])(?<![\w.,%+-][{signs}])(?P<num>{ARABIC})(?![\d,])\s*"
            r"(?P<unit>percentage points?|percent|per cent|%)(?!\w)"
        ),
    ]
    more = re.compile(rf"\s*(?:,\s*and|,|and)\s+(?:(?P<dir>{direction})\s+(?:by\s+)?)?{number}")
    return first, number_first, more


@cache
def _en_multiples() -> dict[str, float]:
    """ "doubled" 2, "tripled" 3, "quadrupled" 4: the result as a multiple of the base."""
    return {
        str(word): float(value)
        for word, value in lexicon.load("changes")["en"]["multiples"].items()
    }


_UP_SIGNS = "+＋"
_SIGNS = _UP_SIGNS + "-−–"  # hyphen, minus sign, en dash
_EN_QUAL_BEFORE = re.compile(rf"(?:{_EN_QUAL})\s+$")


def find_changes(text: str, lang: str) -> list[ChangeItem]:
    """Change items of a folded zh body or a lower-cased en body, grouped by clause."""
    if lang == "zh":
        found = _find_groups_zh(text) + _multiples_zh(text) + _ratios_zh(text)
        if "百分之" in text:
            found += _spelled_zh(text)
        groups = sorted(found, key=lambda group: group[0].start)
    else:
        groups = _find_groups_en(text)
    items: list[ChangeItem] = []
    for index, group in enumerate(groups):
        first, last = group[0], group[-1]
        basis = _basis(text, lang, first.start, last.end)
        window = text[max(0, first.start - 8) : last.end + BASIS_WINDOW]
        respectively = len(group) > 1 or (
            "分别" in window if lang == "zh" else "respectively" in window
        )
        items.extend(
            ChangeItem(
                item.start,
                item.end,
                item.value,
                item.unit,
                item.direction,
                basis,
                index,
                len(group),
                respectively,
            )
            for item in group
        )
    return items


def _find_groups_zh(text: str) -> list[list[_Item]]:
    first, more, more_flat = _zh_patterns()
    units = lexicon.load("changes")["zh"]["units"]
    up = set(lexicon.load("changes")["zh"]["up"])
    groups: list[list[_Item]] = []
    pos = 0
    while (match := first.search(text, pos)) is not None:
        if text[match.end() : match.end() + 1] == "至":
            pos = match.end()
            continue
        direction = None if match.group("flat") else ("up" if match.group("dir") in up else "down")
        group = [_zh_item(match, direction, units)]
        pos = match.end()
        while (nxt := more.match(text, pos) or more_flat.match(text, pos)) is not None:
            if nxt.re is more:
                if nxt.group("dir"):
                    direction = "up" if nxt.group("dir") in up else "down"
                group.append(_zh_item(nxt, direction, units))
            else:
                group.append(_Item(nxt.start("flat"), nxt.end(), None, None, None))
            pos = nxt.end()
        groups.append(group)
    return groups


def _zh_item(match: re.Match[str], direction: str | None, units: dict[str, str]) -> _Item:
    if direction is None or "num" not in match.re.groupindex or match.group("num") is None:
        return _Item(match.start(), match.end(), None, None, None)
    start = match.start("q") if match.group("q") else match.start("num")
    if match.group("dir"):
        start = match.start("dir")
    value = parse_zh_number(match.group("num"))
    unit = units[re.sub(r"\(.*?\)", "", match.group("unit"))]
    return _Item(start, match.end(), value, unit, direction)


def _find_groups_en(text: str) -> list[list[_Item]]:
    first, number_first, more = _en_patterns()
    up = set(lexicon.load("changes")["en"]["up"])
    groups: list[list[_Item]] = []
    taken: list[tuple[int, int]] = []
    passes = (
        _verb_first_matches(text),
        scan.finditer(first, text),
        scan.finditer(number_first, text),
    )
    for matches in passes:
        for match in matches:
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            if match.groupdict().get("num2") and text.endswith("up to ", 0, match.start()):
                continue  # "fines of up to five times the number ...": a cap, not a change
            group = _en_items(match, up)
            direction = group[-1].direction
            pos = match.end()
            while (nxt := more.match(text, pos)) is not None:
                item = _en_item(nxt, up, direction)
                direction = item.direction
                group.append(item)
                pos = nxt.end()
            taken.append((match.start(), pos))
            groups.append(group)
    groups.sort(key=lambda group: group[0].start)
    return groups


@cache
def _zh_multiples() -> tuple[re.Pattern[str], dict[str, float]]:
    words = lexicon.load("changes")["zh"]
    values = {str(k): float(v) for k, v in words["multiples"].items()}
    values.update(dict.fromkeys(map(str, words["multiple_no_number"]), math.nan))
    return re.compile(lexicon.alternation(list(values))), values


# 立案侦查95人，是2022年的1.4倍: the figure as a multiple of an earlier one (kept as written)
_RATIO_ZH = re.compile(
    rf"是(?:\d{{4}}年|去年|上年|前一年|前年|前[一二三四五六七八九十\d]{{1,2}}年)(?:同期)?的"
    rf"(?P<num>{ARABIC}|[{CN_NUMERAL_CHARS}]+)倍"
)


def _ratios_zh(text: str) -> list[list[_Item]]:
    groups = []
    for match in _RATIO_ZH.finditer(text):
        value = parse_zh_number(match.group("num"))
        if value is not None:
            groups.append([_Item(match.start(), match.end(), value, "times", "up")])
    return groups


@cache
def _spelled_zh_pattern() -> re.Pattern[str]:
    words = lexicon.load("changes")["zh"]
    up_down = lexicon.alternation(words["up"] + words["down"])
    return re.compile(
        rf"(?P<dir>{up_down})了?(?:近|约|超过|逾)?百分之"
        rf"(?P<num>{ARABIC}|[{CN_NUMERAL_CHARS}]+(?:点[{''.join(CN_DIGITS)}]+)?)"
    )


def _spelled_zh(text: str) -> list[list[_Item]]:
    """同比提高百分之五, 下降百分之十二点五: a change in percent spelled in words."""
    up = set(lexicon.load("changes")["zh"]["up"])
    groups = []
    for match in _spelled_zh_pattern().finditer(text):
        value = parse_decimal_numeral(match.group("num"))
        if value is not None:
            direction = "up" if match.group("dir") in up else "down"
            groups.append([_Item(match.start(), match.end(), value, "percent", direction)])
    return groups


def _multiples_zh(text: str) -> list[list[_Item]]:
    """翻一番 (1 times up) and 成倍上升 (times up, no number): a change of its own."""
    pattern, values = _zh_multiples()
    groups = []
    for match in pattern.finditer(text):
        value = values[match.group()]
        groups.append([_Item(match.start(), match.end(), None if math.isnan(value) else value,
                             "times", "up")])  # fmt: skip
    return groups


_LISTED_NUMBER = re.compile(rf"\b(?:{_EN_NUM})(?![\w.]|,\d)")


def _en_items(match: re.Match[str], up: set[str]) -> list[_Item]:
    """The change a match reports, or one per number of a list sharing its unit ("up 5 and 8
    percent respectively": 5 and 8 percent, both up)."""
    last = _en_item(match, up, None)
    if "list" not in match.re.groupindex or match.group("list") is None:
        return [last]
    items = []
    start = min(last.start, _qualified_start(match.string, match.start("list")))
    for number in _LISTED_NUMBER.finditer(match.string, match.start("list"), match.end("list")):
        value = 2.0 if number.group() == "twice" else parse_english(number.group())
        items.append(_Item(start, number.end(), value, last.unit, last.direction))
        start = _qualified_start(match.string, _next_start(match, number.end()))
    items.append(_Item(start, last.end, last.value, last.unit, last.direction))
    return items


def _next_start(match: re.Match[str], pos: int) -> int:
    """Start of the next listed number (or its qualifier) after `pos`."""
    found = _LISTED_NUMBER.search(match.string, pos, match.end("num"))
    return found.start() if found else match.start("num")


def _en_item(match: re.Match[str], up: set[str], inherited: str | None) -> _Item:
    groups = match.groupdict()
    word = groups.get("dir")
    direction = inherited if word is None else ("up" if word in up or word[:-1] in up else "down")
    first = _qualified_start(match.string, match.start())
    if groups.get("sign") is not None:
        sign_direction = "up" if groups["sign"] in _UP_SIGNS else "down"
        unit = "percentage_points" if groups["unit"].startswith("percentage") else "percent"
        value = parse_english(str(groups["num"]))
        return _Item(match.start(), match.end(), value, unit, sign_direction)
    if groups.get("dbl") is not None:  # "more than double the figure", "almost tripled"
        return _Item(first, match.end(), _en_multiples()[str(groups["dbl"])], "times", "up")
    if groups.get("num2") is not None:
        raw = str(groups["num2"])
        if groups.get("frac"):
            return _Item(first, match.end(), EN_FRACTIONS.get(raw, 100.0), "percent", "up")
        value = 2.0 if raw == "twice" else parse_english(raw)
        return _Item(first, match.end(), value, "times", "up")
    start = min(match.start(name) for name in ("dir", "q", "num") if groups.get(name))
    if not groups.get("dir"):
        start = _qualified_start(match.string, start)
    raw_unit = str(groups["unit"]).strip(" -")
    unit = "percentage_points" if raw_unit.startswith("percentage") else (
        "times" if raw_unit in ("times", "fold") else "percent")  # fmt: skip
    value = 2.0 if groups["num"] == "twice" else parse_english(str(groups["num"]))
    return _Item(start, match.end(), value, unit, direction)


def _qualified_start(text: str, start: int) -> int:
    """Start of "nearly 52 percent" given the start of "52 percent"."""
    found = _EN_QUAL_BEFORE.search(text, max(0, start - 20), start)
    return found.start() if found else start


def _basis(text: str, lang: str, start: int, end: int) -> str:
    words = lexicon.load("changes")[lang]
    if lang == "zh":
        before = text[max(0, start - 14) : start]
        if any(re.search(word, before) for word in words["other_basis"]):
            return "other"
        return "year_on_year" if any(w in before for w in words["year_on_year"]) else "other"
    window = text[max(0, start - 20) : end + BASIS_WINDOW]
    return "year_on_year" if any(w in window for w in words["year_on_year"]) else "other"
