"""Finds counted numbers in English text: "more than 42,000 people", "1.2 million", "five cases"."""

from __future__ import annotations

import re
from functools import cache

from pipeline.extract import lexicon
from pipeline.extract.mention import Mention
from pipeline.extract.numbers import ARABIC, EN_SCALES, EN_WORD_NUMBER, EN_WORDS, parse_english

_WORD_NUMBER = EN_WORD_NUMBER
_MONTHS = (
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|"
    r"july|august|september|october|november|december"
)
_TOKEN = re.compile(r"[a-z][a-z.'-]*|[^\sa-z]")
_BLOCKERS = re.compile(
    r"(?:aged|ages?|age of|article|articles|no\.|number|chapter|session|level|grade|class|"
    r"paragraph|item|phase|top|hotline|call|dial|phone|telephone|tel\.?|case no\.?|"
    r"between the ages of|aged between|\$)\s*$"
)
MAX_HEAD_DISTANCE = 7
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s*$")
_MONTH_AFTER = re.compile(rf"\s*(?:{_MONTHS})\b")
_AGE_RANGE = re.compile(r"aged (?:between )?\d+ (?:and|to) $")
# "dealt with in those two areas": a spelled number after a demonstrative refers back
_ANAPHORIC = re.compile(r"\b(?:those|these|the|both|all)\s+$")
_CONJUNCTIONS = ("and", "or")


@cache
def _pattern() -> re.Pattern[str]:
    quals = lexicon.load("qualifiers")["en_prefix"]
    scales = lexicon.alternation(list(EN_SCALES))
    return re.compile(
        rf"(?<![\w.,$-])(?:(?P<pre>{lexicon.alternation(list(quals))})\s+)?(?P<dollar>\$)?"
        rf"(?P<num>{ARABIC}|{_WORD_NUMBER})(?![\w-]|,\d|\.\d)"
        rf"(?:\s*(?P<scale>{scales})\b)?"
        rf"(?:\s*(?P<pct>percent|per cent|%))?"
    )


def find_mentions_en(lowered: str) -> list[Mention]:
    """Every counted number of a lower-cased English body; unit None when no head noun follows."""
    mentions: list[Mention] = []
    for match in _pattern().finditer(lowered):
        mention = _mention(lowered, match)
        if mention is not None:
            mentions.append(mention)
    return mentions


def _mention(text: str, match: re.Match[str]) -> Mention | None:
    num = match.group("num")
    is_word = not num[0].isdigit()
    value = parse_english(num, match.group("scale"))
    if value is None or _is_trap(text, match, value):
        return None
    end = match.end()
    if match.group("pct"):
        unit: str | None = "percent"
    elif match.group("dollar"):
        unit = "other"
    else:
        unit, head_end = _head_noun(text, end)
        end = head_end or end
    if is_word and (unit is None or value < 2 or _ANAPHORIC.search(text, 0, match.start())):
        return None
    quals = lexicon.load("qualifiers")["en_prefix"]
    pre = match.group("pre")
    return Mention(
        start=match.start(),
        end=end,
        value=value,
        unit=unit,
        qualifier=str(quals[pre]) if pre else "exact",
        num_start=match.start("num"),
        num_end=match.end("num"),
    )


def _is_trap(text: str, match: re.Match[str], value: float) -> bool:
    """Dates, years, ordinals, ages, durations and article numbers are not statistics."""
    num = match.group("num")
    before = text[max(0, match.start() - 25) : match.start()]
    after = text[match.end() : match.end() + 12]
    if _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after):
        return True
    if _BLOCKERS.search(before) or _AGE_RANGE.search(before):
        return True
    words, marks = _not_after()
    if words.match(after) or after.startswith(marks):
        return True
    year_like = re.fullmatch(r"(?:19|20)\d{2}", num) is not None
    return year_like and not match.group("pct") and not match.group("scale")


@cache
def _not_after() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """Words after a number that make it no statistic ("5 years"), and marks glued to it."""
    not_after = [str(word) for word in lexicon.load("units")["en_not_after"]]
    words = [word for word in not_after if word[0].isalpha()]
    marks = tuple(word for word in not_after if not word[0].isalpha())
    return re.compile(rf"\s*(?:{lexicon.alternation(words)})\b"), marks


def _head_noun(text: str, start: int) -> tuple[str | None, int | None]:
    """The unit named by the counted noun within a few words after the number."""
    nouns = _unit_nouns()
    stops = set(lexicon.load("units")["en_stop_words"])
    tokens = list(_TOKEN.finditer(text, start, min(len(text), start + 80)))
    for words, token in enumerate(tokens, 1):
        word = token.group().rstrip(".'")
        if not word or not word[0].isalpha():
            return None, None
        if word in nouns:
            return nouns[word], token.start() + len(word)
        if token.group().endswith(".") and word.count(".") == 0:
            return None, None  # the sentence ended before any counted noun
        if word in _CONJUNCTIONS and words < len(tokens) and _modifier(tokens[words].group()):
            continue  # "five major telecom and online fraud cases": a coordinated modifier
        if word in stops or words >= MAX_HEAD_DISTANCE:
            return None, None
    return None, None


def _modifier(word: str) -> bool:
    """A word that can continue a noun phrase after "and" (not a number, verb or stop word)."""
    word = word.rstrip(".'")
    stops = set(lexicon.load("units")["en_stop_words"])
    return (word[:1].isalpha() and word not in EN_WORDS and word not in stops
            and not word.endswith("ed") and word not in _unit_nouns())  # fmt: skip


@cache
def _unit_nouns() -> dict[str, str]:
    table: dict[str, list[str]] = lexicon.load("units")["en"]
    return {str(noun): unit for unit, nouns in table.items() for noun in nouns}
