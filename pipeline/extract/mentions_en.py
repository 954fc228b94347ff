"""Finds counted numbers in English text: "more than 42,000 people", "1.2 million", "five cases",
"2,400-plus people", ">90%", and data-table rows ("Cases opened: 46,000") whose label or heading
names what they count."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from pipeline.extract import lexicon
from pipeline.extract.mention import Mention
from pipeline.extract.numbers import ARABIC, EN_SCALES, EN_WORD_NUMBER, EN_WORDS, parse_english
from pipeline.extract.sentences import last_match

_WORD_NUMBER = EN_WORD_NUMBER
_MONTHS = (
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|"
    r"july|august|september|october|november|december"
)
_TOKEN = re.compile(r"[a-z][a-z.'-]*|[^\sa-z]")
_BLOCKERS = re.compile(
    r"(?:aged|ages?|age of|article|articles|no\.|number|chapter|session|level|grade|class|"
    r"paragraph|item|phase|top|hotline|call|dial|phone|telephone|tel\.?|case no\.?|"
    r"between the ages of|aged between|units?:|units of|\$)\s*$"
)
# "dial the 12309 hotline", "call or text 12355", "the hotline number is 96110": a phone number,
# with a few function words between the contact word and the digits.
_CONTACT_BEFORE = re.compile(
    r"\b(?:hotlines?|helplines?|dial(?:s|ed|led|ing|ling)?|call(?:s|ing)?|phon(?:e|ing)|"
    r"telephone|text(?:ing)?|tel\.?)(?:\s+(?:the|a|its|their|our|at|via|up|or|and|number|no\.|"
    r"is|was|on|hotline|helpline|line|dial|call|text))*\s*:?\s*$"
)
# "(2024) Min 0102 Xing Chu 318": the parts of a Chinese case number (a year in brackets, then
# pinyin syllables and digit groups), never statistics.
_CASE_NUMBER = re.compile(
    r"[(\[]\d{4}[)\]]\s*(?:(?!(?:the|and|of|in|to|for|with|by|were|was|is|are|from|than|"
    r"they|it|its|over|about)\b)[a-z]{1,6}\.?\s+|\d+\s+){1,6}$"
)
CASE_NUMBER_REACH = 48
# "12309.gov.cn": a number glued to a domain name
_DOMAIN_AFTER = re.compile(r"\.[a-z]")
MAX_HEAD_DISTANCE = 7
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s*$")
_MONTH_AFTER = re.compile(rf"\s*(?:{_MONTHS})\b")
_AGE_RANGE = re.compile(r"aged (?:between )?\d+ (?:and|to) $")
# "dealt with in those two areas": a spelled number after a demonstrative refers back
_ANAPHORIC = re.compile(r"\b(?:those|these|the|both|all)\s+$")
_CONJUNCTIONS = ("and", "or")


@cache
def _pattern() -> re.Pattern[str]:
    quals = lexicon.load("qualifiers")
    pre, post = (lexicon.alternation(list(quals[key])) for key in ("en_prefix", "en_suffix"))
    scales = lexicon.alternation(list(EN_SCALES))
    return re.compile(
        rf"(?<![\w.,$-])(?:(?P<pre>{pre})\s+)?(?P<dollar>\$)?"
        rf"(?P<num>{ARABIC}|{_WORD_NUMBER})(?P<post>{post})?(?![\w-]|,\d|\.\d)"
        rf"(?:\s*(?P<scale>{scales})\b)?"
        rf"(?:\s*(?P<pct>percent|per cent|%))?"
    )


def find_mentions_en(lowered: str) -> list[Mention]:
    """Every counted number of a lower-cased English body; unit None when no head noun follows
    and neither the clause's subject nor the figure a baseline is compared with names one."""
    mentions: list[Mention] = []
    lines = _hotline_numbers(lowered)
    for match in _pattern().finditer(lowered):
        if lines and match.group("num") in lines:
            continue  # "through the 12309 network" where "the 12309 hotline" names it elsewhere
        mention = _mention(lowered, match)
        if mention is not None:
            mentions.append(mention)
    return _drop_repeats(_units_from_context(mentions, lowered), lowered)


# "the 12309 hotline", "hotline 12355": an ungrouped number the text names as a phone line
_HOTLINE_NUMBER = re.compile(
    r"\b(\d{3,})\s+(?:[a-z-]+\s+){0,3}?(?:hotline|helpline|hot-line)|"
    r"\b(?:hotline|helpline|hot-line)s?\b[^\d.\n]{0,20}?(\d{3,})\b"
)


def _hotline_numbers(text: str) -> frozenset[str]:
    if "hotline" not in text and "helpline" not in text and "hot-line" not in text:
        return frozenset()
    return frozenset(m.group(1) or m.group(2) for m in _HOTLINE_NUMBER.finditer(text))


# "Of the 412 cases, 97 involved ...": a definite number repeating a figure given before refers
# back to it and is no new statistic.
_DEFINITE_BEFORE = re.compile(r"\b(?:the|these|those|all)\s+$")


def _drop_repeats(mentions: list[Mention], text: str) -> list[Mention]:
    kept: list[Mention] = []
    for mention in mentions:
        if (
            mention.unit not in (None, "percent")
            and _DEFINITE_BEFORE.search(text, max(0, mention.start - 7), mention.start)
            and any(m.value == mention.value and m.unit == mention.unit for m in kept)
        ):
            continue
        kept.append(mention)
    return kept


# A sentence or clause ends before this: ". ", "; ", a paragraph break.
_CLAUSE_END = re.compile(r"[.;!?]\s|\n")
SUBJECT_REACH = 160
# "compared with 92 in 2018", "up from 1,300 a year earlier": a baseline counts the same thing
# as the figure it is compared with.
_BASELINE_BEFORE = re.compile(
    r"(?:compared (?:with|to)|as against|against|versus|vs\.?|from|than)\s+$"
)
_BASELINE_AFTER = re.compile(
    r"\s+(?:(?:in|during|for|over)\s+(?:(?:19|20)\d{2}\b|the (?:same|previous|prior|preceding) "
    r"(?:period|year)|last year|a year earlier)|(?:a|one) year (?:earlier|ago|before)|"
    r"(?:last|the previous|the prior|the preceding) year|the year before)"
)
BASELINE_REACH = 20


def _units_from_context(mentions: list[Mention], text: str) -> list[Mention]:
    """A number with no head noun counts what its clause's subject names ("the number of people
    prosecuted stood at 1.69 million"; "the numbers of cases and suspects grew to 4,500 and
    7,800 respectively"), else, as a baseline ("166 people ..., compared with 92 in 2018"),
    what the figure before it in its sentence counts."""
    result: list[Mention] = []
    own: list[Mention] = []  # the mentions whose unit their own words name
    for mention in mentions:
        if mention.unit is None:
            unit = _row_unit(text, mention)
            unit = unit or _partitive_unit(text, mention, result)
            unit = unit or _subject_unit(text, mention, result, own)
            unit = unit or _baseline_unit(text, mention, result)
            if unit is not None:
                result.append(replace(mention, unit=unit))
                continue
        else:
            own.append(mention)
        result.append(mention)
    return result


ROW_REACH = 100  # the longest label of a data-table row
MAX_ROWS = 40  # rows looked through, upwards, for the table's heading
# "Cases opened: 46,000": a data-table row, a label then a colon before the number. (The
# number is the row's first; "10:30" is a time.)
_ROW_LABEL = re.compile(rf"(?P<label>[^\n:]{{1,{ROW_REACH}}}):[ \t]*")
_ROW = re.compile(rf"[^\n:]{{1,{ROW_REACH}}}:[ \t]*[^\n\d]{{0,12}}\d")  # a row has a number
# "(unit: persons)", "(in cases)", "Unit: people": the unit a table states for its numbers
_STATED_UNIT = re.compile(r"\bunits?\s*:\s*(?P<noun>[a-z-]+)|\((?:in\s+)?(?P<noun2>[a-z-]+)\)")
_CLOCK = re.compile(r":\d")


def _row_unit(text: str, mention: Mention) -> str | None:
    """The unit of a table row's number that has no head noun: the counted noun its label
    opens on ("Cases opened: 46,000", "Suggestions issued: 31,000"), else the one its table's
    heading names ("2. Persons prosecuted for selected offenses" above "Money laundering:
    1,040"). An offence noun in a label ("Drug crimes: 5,000") yields to the heading's noun."""
    line_start = text.rfind("\n", max(0, mention.start - ROW_REACH - 2), mention.start) + 1
    if line_start == 0 and mention.start > ROW_REACH + 2:
        return None
    row = _ROW_LABEL.fullmatch(text, line_start, mention.start)
    if row is None or _CLOCK.match(text, mention.num_end):
        return None
    label = row.group("label")
    number_of = _number_of()[0].search(label)
    noun = number_of.group("noun") if number_of else _first_noun(label, head_only=True)
    if noun is not None and noun not in _offence_nouns():
        return _unit_nouns()[noun]
    heading = _heading(text, line_start)
    if heading is not None and (stated := _stated_unit(heading)) is not None:
        return stated
    found = _first_noun(heading, head_only=False) if heading else None
    noun = found or noun
    return _unit_nouns()[noun] if noun else None


def _stated_unit(heading: str) -> str | None:
    for match in _STATED_UNIT.finditer(heading):
        noun = match.group("noun") or match.group("noun2")
        if noun in _unit_nouns():
            return _unit_nouns()[noun]
    return None


def _heading(text: str, line_start: int) -> str | None:
    """The line above the block of table rows that holds the row starting at `line_start`
    (no blank line between), when it is no row itself."""
    pos = line_start
    for _ in range(MAX_ROWS):
        if pos == 0:
            return None
        start = text.rfind("\n", 0, pos - 1) + 1
        line = text[start : pos - 1]
        if not line.strip() or len(line) > ROW_REACH:
            return None
        if _ROW.match(line) is None:
            return line
        pos = start
    return None


def _first_noun(words: str, *, head_only: bool) -> str | None:
    """The first counted noun of a label or heading, possessives ("citizens'") left out as
    modifiers. With `head_only` (a label), only a noun before its first stop word counts
    ("Lawsuits brought to court", "Crimes against minors"); otherwise (a heading) offence nouns
    are passed over ("Persons prosecuted for selected offenses")."""
    nouns = _unit_nouns()
    stops = set(lexicon.load("units")["en_stop_words"])
    tokens = _TOKEN.findall(words)
    for index, token in enumerate(tokens):
        word = token.rstrip(".")
        if head_only and word in stops:
            return None
        if word.endswith(("'", "'s")) or tokens[index + 1 : index + 2] == ["’"]:
            continue
        if word in nouns and (head_only or word not in _offence_nouns()):
            return word
    return None


@cache
def _offence_nouns() -> frozenset[str]:
    return frozenset(str(word) for word in lexicon.load("units")["en_offence_nouns"])


def _clause_start(text: str, start: int, reach: int) -> int:
    end = last_match(_CLAUSE_END, text, start, reach)
    return end.end() if end else max(0, start - reach)


def _subject_unit(
    text: str, mention: Mention, earlier: list[Mention], own: list[Mention]
) -> str | None:
    low = _clause_start(text, mention.start, SUBJECT_REACH)
    found: tuple[int, list[str]] | None = None
    pattern, labels = lexicon.cue_pattern("units", "en_subject")
    for cue in pattern.finditer(text, low, mention.start):
        found = (cue.end(), [labels[cue.group()]])
    number_of, more, nouns = _number_of()
    for cue in number_of.finditer(text, low, mention.start):
        if found is None or cue.end() > found[0]:
            units, pos = [nouns[cue.group("noun")]], cue.end()
            while (nxt := more.match(text, pos, mention.start)) is not None:
                units.append(nouns[nxt.group("noun")])
                pos = nxt.end()
            found = (pos, units)
    if found is None:
        return None
    end, units = found
    if any(end <= m.start and m.unit != "percent" for m in own):
        return None  # a figure with a head noun of its own in between is the closer referent
    between = [m for m in earlier if end <= m.start]
    if len(set(units)) == 1:
        return units[0]
    # several counted nouns: the numbers after them take them in order ("respectively")
    clause_end = _CLAUSE_END.search(text, mention.end)
    tail = text[mention.end : clause_end.start() if clause_end else len(text)]
    if "respectively" in tail and len(between) < len(units):
        return units[len(between)]
    return None


@cache
def _number_of() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """ "the number of telecom fraud cases prosecuted": a subject naming its counted noun, and
    the nouns coordinated with it ("the numbers of cases and suspects")."""
    nouns = _unit_nouns()
    noun = rf"(?P<noun>{lexicon.trie(list(nouns))})\b"
    return (
        re.compile(rf"\bnumbers? of (?:[a-z-]+ ){{0,3}}?{noun}"),
        re.compile(rf"(?:\s*,\s*|,?\s+(?:and|or)\s+)(?:[a-z-]+ ){{0,2}}?{noun}"),
        nouns,
    )


# "placed 17 of them under ...": a part of the figure before it; "Of the 412 cases, 97
# involved ...", "Among them, 47 were ...": a part of the group the clause opens on.
_OF_THEM_AFTER = re.compile(r"\s+of (?:them|those|these)\b")
_PART_OF_BEFORE = re.compile(
    r"\b(?:of|among|amongst)\s+(?:them|those|these|the\s+[\d,.]+\s+(?P<noun>[a-z-]+)"
    r"|(?:the|these|those)\s+(?P<noun2>[a-z-]+))\s*,\s*$"
)
PART_REACH = 200


def _partitive_unit(text: str, mention: Mention, earlier: list[Mention]) -> str | None:
    if not _OF_THEM_AFTER.match(text, mention.num_end):
        part = _PART_OF_BEFORE.search(text, max(0, mention.start - 40), mention.start)
        if part is None:
            return None
        if (noun := part.group("noun") or part.group("noun2")) is not None:
            return _unit_nouns().get(noun)
    return _last_counted_unit(earlier, max(0, mention.start - PART_REACH))


def _baseline_unit(text: str, mention: Mention, earlier: list[Mention]) -> str | None:
    if not _BASELINE_BEFORE.search(text, max(0, mention.start - BASELINE_REACH), mention.start):
        return None
    if not _BASELINE_AFTER.match(text, mention.end):
        return None
    return _last_counted_unit(earlier, _clause_start(text, mention.start, SUBJECT_REACH * 2))


def _last_counted_unit(earlier: list[Mention], low: int) -> str | None:
    """The unit of the last count (no percentage) among `earlier` starting at or after `low`."""
    counted = [m for m in earlier if m.start >= low and m.unit not in (None, "percent")]
    return counted[-1].unit if counted else None


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
        if unit == NOT_COUNTED:
            return None
        end = head_end or end
    if is_word and (unit is None or value < 2 or _ANAPHORIC.search(text, 0, match.start())):
        return None
    if _THRESHOLD_AFTER.match(text, end) or _EACH_BEFORE.search(
        text, max(0, match.start() - 30), match.start()
    ):
        return None
    quals = lexicon.load("qualifiers")
    pre, post = match.group("pre"), match.group("post")
    start, qualifier = match.start(), "exact"
    if pre and _particle_of_verb(text, pre, match.start()):
        start = match.start("num")  # "handed over 960 leads": "over" goes with the verb
    elif pre:
        qualifier = str(quals["en_prefix"][pre])
    elif post:
        qualifier = str(quals["en_suffix"][post])
    elif (sign := _sign_before().search(text, max(0, start - 3), start)) is not None:
        start, qualifier = sign.start(), str(quals["en_sign"][sign.group(1)])
    return Mention(
        start=start,
        end=end,
        value=value,
        unit=unit,
        qualifier=qualifier,
        num_start=match.start("num"),
        num_end=match.end("num"),
    )


# "evading duties of more than 2.5 million yuan counts as especially serious smuggling": the
# amount a legal threshold names, no statistic. (Singular verbs only: "2,300 cases constitute
# 12 percent" or "are considered major" still count.)
_THRESHOLD_AFTER = re.compile(
    r"\s*,?\s*(?:counts as|is (?:considered|deemed|regarded as|treated as|defined as|"
    r"punishable)|qualifies as)\b"
)
# "92 major accidents, each of which killed at least three people": what each item of a figure
# involves, no count of its own.
_EACH_BEFORE = re.compile(
    r"\beach (?:of (?:which|whom|them) |(?:involving|with|causing|killing) )(?:[a-z-]+ )?$"
)


@cache
def _particle_verbs() -> dict[str, re.Pattern[str]]:
    table = lexicon.load("qualifiers")["en_particle_verbs"]
    return {
        str(word): re.compile(rf"\b(?:{lexicon.alternation([str(v) for v in verbs])})\s+$")
        for word, verbs in table.items()
    }


def _particle_of_verb(text: str, pre: str, start: int) -> bool:
    """ "handed over 960 leads", "placed under 17 ...": the prefix word is the particle of the
    verb before it, not a qualifier of the number."""
    pattern = _particle_verbs().get(pre)
    return pattern is not None and pattern.search(text, max(0, start - 12), start) is not None


@cache
def _sign_before() -> re.Pattern[str]:
    """ ">90%", "≥ 95 percent": a comparison sign before a number in a data table."""
    signs = lexicon.alternation(list(lexicon.load("qualifiers")["en_sign"]))
    return re.compile(rf"({signs}) ?$")


def _is_trap(text: str, match: re.Match[str], value: float) -> bool:
    """Dates, years, ordinals, ages, durations and article numbers are not statistics."""
    num = match.group("num")
    before = text[max(0, match.start() - 25) : match.start()]
    after = text[match.end() : match.end() + 12]
    if _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after):
        return True
    if _BLOCKERS.search(before) or _AGE_RANGE.search(before):
        return True
    if num.isdigit() and _is_code(text, match, before):
        return True
    words, marks = _not_after()
    if words.match(after) or after.startswith(marks):
        return True
    year_like = re.fullmatch(r"(?:19|20)\d{2}", num) is not None
    return year_like and not match.group("pct") and not match.group("scale")


def _is_code(text: str, match: re.Match[str], before: str) -> bool:
    """An ungrouped digit string that is a phone number, part of a case number or of a domain
    name, or has a leading zero ("0102"). Phone numbers have three digits or more (110, 12309)."""
    num = match.group("num")
    if num[0] == "0" and len(num) > 1:
        return True
    if len(num) >= 3 and _CONTACT_BEFORE.search(before):
        return True
    if _CASE_NUMBER.search(text, max(0, match.start() - CASE_NUMBER_REACH), match.start()):
        return True
    return _DOMAIN_AFTER.match(text, match.end("num")) is not None


@cache
def _not_after() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """Words after a number that make it no statistic ("5 years"), and marks glued to it."""
    not_after = [str(word) for word in lexicon.load("units")["en_not_after"]]
    words = [word for word in not_after if word[0].isalpha()]
    marks = tuple(word for word in not_after if not word[0].isalpha())
    return re.compile(rf"\s*(?:{lexicon.alternation(words)})\b"), marks


NOT_COUNTED = "not counted"  # the unit _head_noun gives a number that names a phone line
# "about 3,100 were students", "Fourteen were given ...": a number as the subject of a copula
# whose complement names what it counts.
_COPULAS = ("were", "are")
_PARTITIVE = ("the", "these", "those", "all")


def _head_noun(text: str, start: int) -> tuple[str | None, int | None]:
    """The unit named by the counted noun within a few words after the number; NOT_COUNTED when
    a service line comes first ("the 12309 procuratorial service hotline")."""
    nouns = _unit_nouns()
    stops = set(lexicon.load("units")["en_stop_words"])
    lines = _not_counted()
    line_end = text.find("\n", start, start + 80)  # a table row's number heads no noun below
    tokens = list(_TOKEN.finditer(text, start, line_end if line_end >= 0 else start + 80))
    copula = False
    for words, token in enumerate(tokens, 1):
        word = token.group().rstrip(".'")
        if not word or not word[0].isalpha():
            return None, None
        if word in nouns:
            if tokens[0].group() == "of":  # a part of a group named before: the span ends early
                return nouns[word], None
            return nouns[word], token.start() + len(word)
        if word in lines:
            return NOT_COUNTED, None
        if token.group().endswith(".") and word.count(".") == 0:
            return None, None  # the sentence ended before any counted noun
        if words == 1 and word == "of" and tokens[1:2] and tokens[1].group() in _PARTITIVE:
            continue  # "14,900 of the recipients"
        if words == 2 and tokens[0].group() == "of" and word in _PARTITIVE:
            continue
        if words == 1 and word in _COPULAS:
            copula = True
            continue
        if copula and word.endswith(("ed", "en")):
            return None, None  # "12,385 were charged with ... crimes": a verb, not a complement
        if word in _CONJUNCTIONS and words < len(tokens) and _modifier(tokens[words].group()):
            continue  # "five major telecom and online fraud cases": a coordinated modifier
        if word in stops or words >= MAX_HEAD_DISTANCE:
            return None, None
    return None, None


@cache
def _not_counted() -> frozenset[str]:
    return frozenset(str(word) for word in lexicon.load("units")["en_not_counted"])


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
