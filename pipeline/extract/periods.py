"""Period cues (1至11月, 上半年, 五年来, "first half of 2020", "since 2019") resolved to dates.

Rules (SCHEMA "period"):
- A month window without a year takes the publication year, unless that would end the window
  after the release (1至11月 in a January release is last year's).
- 今年 / this year: the publication year up to the publication date (or the stated month).
- 去年 / "last year": the previous calendar year; 过去一年 / "the past year" too in a
  January-March work report, else the twelve months before publication.
- N年来 / "past five years": from January of the year N years before publication to the end of
  the previous year (work reports, January-March) or to the end of the previous month.
- 2019年以来 / "since 2019": 2019-01-01 to the publication date.
- A bare year (2019年 / "in 2019") is that calendar year.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from typing import Any

from pipeline.extract import lexicon, scan
from pipeline.extract.numbers import EN_WORDS, parse_chinese_numeral
from pipeline.extract.sentences import HEADING, last_match

WORK_REPORT_MONTHS = 3  # releases in January-March report on the previous year
YEAR_END_INTERVIEW_MONTHS = 2
LOCAL_GAP = 4  # "17,144 in 2017" / "从2021年41.7%": a cue this close binds to one figure only


@dataclass(frozen=True, slots=True)
class Period:
    """The span of time a figure covers."""

    start: date
    end: date


@dataclass(frozen=True, slots=True)
class PeriodCue:
    """A period phrase found in the body: `text[start:end]` resolves to `period`."""

    start: int
    end: int
    period: Period
    has_year: bool
    local: bool = False
    governs: bool = True
    kind: str = ""
    expires: int | None = None  # offset after which the cue governs no more (paragraph end)
    count: int | None = None  # N of "the N years" / "the N months"


@dataclass(frozen=True, slots=True)
class _Rule:
    kind: str
    pattern: re.Pattern[str]
    prefix: re.Pattern[str] | None
    prefix_required: bool
    not_before: tuple[str, ...]
    opens_on: str | None = None  # a name in the lexicon's `openings`: where matches can start
    needs: tuple[str, ...] = ()  # one of these is in every match (scan.required_literals)


PREFIX_REACH = 20  # longest prefix: "within the three" / "between " / "2023年"


@cache
def _patterns(lang: str) -> list[_Rule]:
    rules = lexicon.load("periods")[lang]
    return [
        _Rule(
            str(rule["kind"]),
            re.compile(rule["pattern"]),
            re.compile(f"(?:{rule['prefix']})$") if rule.get("prefix") else None,
            bool(rule.get("prefix_required")),
            tuple(str(word) for word in rule.get("not_before", [])),
            rule.get("opens_on"),
            scan.required_literals(rule["pattern"]),
        )
        for rule in rules
    ]


@cache
def _opening(name: str) -> re.Pattern[str]:
    return re.compile(lexicon.trie(lexicon.load("periods")["openings"][name]))


_PRESENT = ""  # key of `openings` holding the needed literals the text contains


@cache
def _all_needs(lang: str) -> frozenset[str]:
    return frozenset(needed for rule in _patterns(lang) for needed in rule.needs)


def scan_state(text: str, lang: str) -> dict[str, Any]:
    """What the rules' scans of one text share: the literals the rules need that the text
    holds (looked up once for all rules), then the positions of the word lists they open on."""
    return {_PRESENT: {needed for needed in _all_needs(lang) if needed in text}}


def _scan(rule: _Rule, text: str, openings: dict[str, Any]) -> Iterator[re.Match[str]]:
    """rule.pattern.finditer(text); for a rule that opens on a word list (month names), tried
    only where one of those words starts: a few positions instead of every letter, the same
    matches (the words are looked up once per text for all the rules that open on them)."""
    if rule.needs and openings[_PRESENT].isdisjoint(rule.needs):
        return  # the text lacks what every match holds: no scan at all
    if rule.opens_on is None:
        yield from rule.pattern.finditer(text)
        return
    if rule.opens_on not in openings:
        openings[rule.opens_on] = [m.start() for m in _opening(rule.opens_on).finditer(text)]
    end = 0
    for start in openings[rule.opens_on]:
        if start >= end and (match := rule.pattern.match(text, start)) is not None:
            yield match
            end = match.end()


def _matches(
    rule: _Rule, text: str, openings: dict[str, Any]
) -> Iterator[tuple[int, int, dict[str, str | None]]]:
    """(start, end, groups) of every match of `rule`, its prefix included."""
    for match in _scan(rule, text, openings):
        start = match.start()
        if rule.not_before and text.endswith(rule.not_before, 0, start):
            continue
        groups = match.groupdict()
        if rule.prefix is not None:
            lead = rule.prefix.search(text, max(0, start - PREFIX_REACH), start)
            if lead is None and rule.prefix_required:
                continue
            if lead is not None:
                start = lead.start()
                groups.update({k: v for k, v in lead.groupdict().items() if v is not None})
        if start and text[start - 1].isdigit():
            continue
        yield start, match.end(), groups


def find_period_cues(
    text: str, lang: str, published: date, figures: list[tuple[int, int]] | None = None
) -> list[PeriodCue]:
    """Every period phrase of a folded zh / lower-cased en text, in order, non-overlapping.

    A year stated with a window (2023年, "in 2020") is the year of the windows named without
    one after it (一季度, "the first five months") when it dates a figure (`figures`: spans) in
    its own sentence: "the campaign that ran from 2018 to 2020" sets no year for "the first
    half" that follows. 今年 / "this year" always sets it."""
    starts = sorted(start for start, _ in figures) if figures is not None else None
    stated: date | None = None  # the statement's day, looked for when a window needs it
    cues: list[PeriodCue] = []
    taken: list[tuple[int, int]] = []
    context_year: int | None = None
    found: list[tuple[int, int, str, dict[str, str | None]]] = []
    openings = scan_state(text, lang)
    for rule in _patterns(lang):
        for start, end, groups in _matches(rule, text, openings):
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            found.append((start, end, rule.kind, groups))
    for start, end, kind, groups in sorted(found, key=lambda item: item[0]):
        if kind == "same":  # 同期 / "by that date": the period of the cue before
            if cues:
                cues.append(PeriodCue(start, end, cues[-1].period, False, kind=kind))
            continue
        if kind in ANAPHORIC_KINDS:  # "over the two years": resolved by _follow_windows
            count = _small_number(groups.get("n"))
            fallback = _past_years(count, published) if kind == "the_years" and count else None
            cues.append(PeriodCue(start, end, fallback or _year(published.year), False,
                                  kind=kind, count=count))  # fmt: skip
            continue
        period = resolve(kind, groups, published, context_year)
        if kind in ("since", "rel_year") and period is not None and period.end == published:
            stated = stated or statement_date(text, lang, published)
            period = Period(period.start, stated)  # "..., the SPP said on Tuesday", 6月24日召开
        if period is not None and period.start > period.end:
            period = None  # "2021年以来" in a release of 2000: no window at all
        if (period is None or _is_change_basis(text, start, end, lang)
                or _is_event_year(text, start)):  # fmt: skip
            continue
        explicit = bool(groups.get("y1") or groups.get("y2"))
        # "since 2018" opens a window, it sets no year; 今年 / "this year" always does
        # 由2019年的52.4%降至…: a from-level's year is a point of comparison, not the story's
        dated = (
            explicit
            and _dates_a_figure(text, end, starts)
            and not text.endswith(("从", "由"), 0, start)
        )
        if kind != "since" and (dated or groups.get("rel")):
            context_year = period.end.year
        cues.append(PeriodCue(start, end, period, explicit, kind=kind))
    return _follow_windows(_join_since_until(cues, text))  # 同期 follows in mark_local


ANAPHORIC_KINDS = ("the_years", "the_months")


def _follow_windows(cues: list[PeriodCue]) -> list[PeriodCue]:
    """ "over the two years" / "over the 18 months": the last window before it of that length;
    with none, N years are the past N years and N months name nothing."""
    result: list[PeriodCue] = []
    for cue in cues:
        if cue.kind in ANAPHORIC_KINDS:
            named = _named_window(result, cue.count, cue.kind == "the_months")
            if named is None and cue.kind == "the_months":
                continue
            cue = replace(cue, period=named or cue.period)
        result.append(cue)
    return result


def _named_window(cues: list[PeriodCue], count: int | None, months: bool) -> Period | None:
    """The last window among `cues` spanning `count` calendar years (or months)."""
    for cue in reversed(cues):
        start, end = cue.period.start, cue.period.end
        span = (end.year - start.year) * 12 + end.month - start.month + 1
        if count and (span == count if months else end.year - start.year + 1 == count):
            return cue.period
    return None


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SAID_ON = re.compile(
    r"\b(?:said|says|announced|disclosed|reported|told [a-z ]{0,30}?)(?: on)? "
    r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today)\b"
)


# 6月24日，福建省人民检察院召开… / 最高人民检察院15日举行新闻发布会 / 北京4月9日电: the day of the
# statement, near the top of a Chinese release
_STATED_ZH = re.compile(
    r"(?:(\d{1,2})月)?(\d{1,2})日(?:电|上午|下午|晚|召开|举行|发布|公布|通报|表示|介绍|,)"
)
STATED_REACH = 80


def statement_date(text: str, lang: str, published: date) -> date:
    """The day the release's statement was made when the text names it ("the SPP said on
    Tuesday" in a story published on Wednesday; 6月24日…召开 near the top of a Chinese one),
    else the publication day: windows open to the present ("since 2020", 今年以来) end there."""
    if lang != "en":
        dated = _STATED_ZH.search(text, 0, STATED_REACH)
        if dated is None:
            return published
        month = int(dated.group(1)) if dated.group(1) else published.month
        try:
            day = date(published.year, month, int(dated.group(2)))
        except ValueError:
            return published
        return day if timedelta(0) <= published - day <= timedelta(days=10) else published
    found = _SAID_ON.search(text)
    if found is None:
        return published
    word = found.group(1)
    if word in ("yesterday", "today"):
        return published - timedelta(days=1 if word == "yesterday" else 0)
    back = (published.weekday() - _WEEKDAYS.index(word)) % 7
    return published - timedelta(days=back)


def _dates_a_figure(text: str, end: int, starts: list[int] | None) -> bool:
    """Whether a figure follows the cue ending at `end` in its sentence (always, with no
    figures given)."""
    if starts is None:
        return True
    index = bisect_left(starts, end)
    return index < len(starts) and not _SENTENCE_END.search(text, end, starts[index])


# "the campaign that began in 2018", "Back in 2020, ...": the year of an event, not a window
_EVENT_EN = re.compile(
    r"(?:began|begun|begins|launched|started|initiated|introduced|established|founded|added|"
    r"took effect|came into force|enacted|adopted|amended|revised|passed|back)"
    r"(?:[ ,]+[a-z'-]+){0,8}?\s+(?:in |at the (?:start|beginning|end) of |early in |late in )$"
)


def _is_event_year(text: str, start: int) -> bool:
    """ "launched in 2018", "took effect at the start of this year": when something happened."""
    before = text[max(0, start - 80) : start]
    if text.startswith("in ", start):  # the year rule's cue includes its "in"
        before += "in "
    return _EVENT_EN.search(before) is not None


_SENTENCE_END = re.compile(r"[。!?]|\.\s")


def _join_since_until(cues: list[PeriodCue], text: str) -> list[PeriodCue]:
    """ "Since ... in 2018, ... as of May 31" / 自2018年以来…截至5月底 (either order): one window
    from the start of the since-cue to the end of the until-cue (same sentence)."""
    joined = list(cues)
    for index in range(1, len(joined)):
        first, second = joined[index - 1], joined[index]
        if {first.kind, second.kind} != {"since", "until"}:
            continue
        # "... as of the end of 2023, since the system was established in July 2017" too
        since, until = (first, second) if first.kind == "since" else (second, first)
        if _SENTENCE_END.search(text, first.end, second.start):
            continue
        period = Period(since.period.start, until.period.end)
        joined[index - 1] = replace(first, period=period)
        joined[index] = replace(second, period=period)
    return _apply_cutoff(joined, text)


def _follow_same(cues: list[PeriodCue], text: str) -> list[PeriodCue]:
    """同期 / "over the same period" takes the window of the cue before it as finally
    resolved (2022年以来，截至今年6月底…同期: the joined window, not its end alone), passing
    over cues that date one figure only ("to 26.7 percent in 2022") or one aside ("Last year
    alone, ...")."""
    result: list[PeriodCue] = []
    for cue in cues:
        prior = next((c for c in reversed(result) if not c.local and not is_alone(text, c)), None)
        if cue.kind == "same" and prior is not None:
            cue = replace(cue, period=prior.period)
        result.append(cue)
    return result


# 本次通报的数据截至今年5月底 / "The figures run to the end of May": the data's cut-off date
_CUTOFF = re.compile(r"数据|统计|data|figures|statistics")


def _apply_cutoff(cues: list[PeriodCue], text: str) -> list[PeriodCue]:
    """Windows open to the present (2021年以来, "since 2019") after a statement of the data's
    cut-off date end on that date instead of the publication day."""
    result = list(cues)
    cutoff: Period | None = None
    for index, cue in enumerate(result):
        if cue.kind == "until":
            start = _sentence_start(text, cue.start)
            if _CUTOFF.search(text, start, cue.start):
                cutoff = cue.period
        elif cue.kind == "since" and cutoff is not None and cue.period.start <= cutoff.end:
            result[index] = replace(cue, period=Period(cue.period.start, cutoff.end))
    return result


SENTENCE_REACH = 200  # how far back a sentence's start is looked for


def _sentence_start(text: str, offset: int) -> int:
    """Start of the sentence holding `offset` (looking back at most SENTENCE_REACH)."""
    end = last_match(_SENTENCE_END, text, offset, SENTENCE_REACH)
    return end.end() if end else max(0, offset - SENTENCE_REACH)


_BASIS_EN = re.compile(
    r"(?:(?:from|than|compared (?:with|to)|versus|against|as in)\s+(?:during\s+|in\s+)?(?:the\s+)?"
    r"(?:same\s+period\s+(?:of\s+|in\s+)?)?"
    r"|times the (?:number|figure|total|level)s? (?:in|of|for|during) (?:the )?"
    r"|(?:that|those) of (?:the )?(?:same period (?:of |in )?)?)$"
)
_BASIS_ZH = re.compile(r"(?:比|较|与|和|同)$")
_AFTER_CHANGE_EN = re.compile(r"(?:percent|points?|%|times|fold)\s*$")
_RATIO_AFTER_ZH = re.compile(r"(?:同期)?[^,;。\d]{0,8}?的[近约]?[\d.一二三四五六七八九十两]+倍")
MAX_PAST_YEARS = 10  # "a record low for the past 25 years" is no statistics window
SCOPE_HEAD = 12  # a cue this close to its sentence start governs the sentences that follow


def _is_change_basis(text: str, start: int, end: int, lang: str) -> bool:
    """比2018年 / 是2022年的1.4倍 / "up 13 percent from last year": the comparison base, not the
    figure's period."""
    before = text[max(0, start - 40) : start]
    if lang == "zh":
        ratio = before.endswith("是") and _RATIO_AFTER_ZH.match(text, end) is not None
        return ratio or _BASIS_ZH.search(before) is not None
    if text.startswith("over ", start) and _AFTER_CHANGE_EN.search(before):
        return True  # "an increase of 3.3 percentage points over 2018"
    return _BASIS_EN.search(before) is not None or text.startswith("the previous year", start)


ASIDE_KINDS = ("past_years", "the_years", "the_months", "since")
# A sentence that breaks the story's period down (其中，3月份当月…; "Of them, ... in March") or
# compares with the period before (二季度…环比上升) dates only itself.
_BREAKDOWN = ("其中", "of them", "among them", "of these")
_COMPARES = re.compile(
    r"环比|month-on-month|quarter-on-quarter|from the previous (?:month|quarter)"
    r"|compared with the (?:previous|first|second|third) (?:month|quarter)"
)


def _is_aside(text: str, start: int, end: int, cue_start: int) -> bool:
    """Whether the sentence [start, end) holding a cue at `cue_start` is a breakdown or a
    comparison with the period before (其中 opening the sentence or the cue's clause)."""
    while start < end and text[start].isspace():
        start += 1
    lead = text[max(start, cue_start - 12) : cue_start].rstrip("，, ")
    return (text.startswith(_BREAKDOWN, start) or lead.endswith(_BREAKDOWN)
            or _COMPARES.search(text, start, end) is not None)  # fmt: skip


_CAMPAIGN = re.compile(r"campaign|专项斗争|专项行动")


def _last_sentence_end(text: str, offset: int) -> int:
    """Offset of the last sentence-ending mark before `offset` (within SENTENCE_REACH), or -1."""
    end = last_match(_SENTENCE_END, text, offset, SENTENCE_REACH)
    return end.start() if end else -1


def is_alone(text: str, cue: PeriodCue) -> bool:
    """ "Last year alone, ..." / "In 2023 alone": a window singled out of the story's."""
    return text.startswith(" alone", cue.end)


def mark_scope(
    cues: list[PeriodCue],
    sentence_starts: list[int],
    figures: list[tuple[int, int]] = (),  # type: ignore[assignment]
    text: str = "",
) -> list[PeriodCue]:
    """A cue governs the following sentences when it is the first of the body or opens its
    sentence ("上半年，…" / "In 2019, …"), or when it names a year and dates a figure of its own
    sentence ("Telecom fraud prosecutions in 2023 involved 51,000 individuals"); a cue in
    mid-sentence with no figure (…第二季度逮捕、起诉人数环比…, "issued a guideline in 2020")
    dates only its own sentence.

    A multi-year window (past five years, since 2019) that is not the first cue of the body
    is an aside: it governs to the end of its paragraph, then the story's period resumes; so
    does a window stated inside a numbered section of a release whose window is stated before
    its first section, up to the next section."""
    marked: list[PeriodCue] = []
    starts = sorted(sentence_starts)
    headings = [match.start() for match in HEADING.finditer(text)]
    for index, cue in enumerate(cues):
        position = bisect_right(starts, cue.start)
        opening = starts[position - 1] if position else 0
        closing = starts[position] if position < len(starts) else (len(text) or 1 << 62)
        dates_figure = (
            cue.has_year
            and cue.kind not in ASIDE_KINDS
            and any(opening <= start and end <= closing for start, end in figures)
        )
        governs = index == 0 or (
            (cue.start - opening <= SCOPE_HEAD or dates_figure)
            and not _is_aside(text, opening, closing, cue.start)
        )
        expires = None
        # a multi-year window, a window singled out ("Last year alone"), or a campaign's
        # ("during the three-year campaign from 2018 to 2020") dates its paragraph only
        campaign = _CAMPAIGN.search(text, opening, cue.start) is not None
        # a sentence opening mid-paragraph ("…降至27.1%。2022年，认罪认罚…") dates the rest of
        # its paragraph, not the paragraphs after it
        mid_paragraph = bool(text) and (
            text.rfind("\n", 0, opening) < _last_sentence_end(text, opening)
        )
        if index > 0 and (cue.kind in ASIDE_KINDS or is_alone(text, cue) or campaign
                          or mid_paragraph) and text:  # fmt: skip
            paragraph_end = text.find("\n\n", cue.end)
            expires = paragraph_end if paragraph_end >= 0 else None
        if index > 0 and headings and headings[0] < cue.start and cues[0].start < headings[0]:
            # a window stated inside a numbered section (四、第三季度单季情况 … 7月至9月) ends
            # with the section; the release's own window resumes after it
            following = bisect_left(headings, cue.end)
            if following < len(headings):
                end = headings[following]
                expires = end if expires is None else min(expires, end)
        changed = governs != cue.governs or expires != cue.expires
        marked.append(replace(cue, governs=governs, expires=expires) if changed else cue)
    return marked


def mark_local(cues: list[PeriodCue], spans: list[tuple[int, int]], text: str) -> list[PeriodCue]:
    """Flags cues glued to one figure (right before it, or right after it); they date only
    that figure and do not govern the figures that follow."""
    marked: list[PeriodCue] = []
    for index, cue in enumerate(cues):
        if cue.kind in ("until", "since"):  # "... in 48,217 cases by the end of July": the clause's
            marked.append(cue)
            continue
        before = any(0 <= start - cue.end <= 1 and text[cue.end : start] in ("", "的")
                     for start, _ in spans)  # fmt: skip
        after = any(0 <= cue.start - end <= LOCAL_GAP and not text[end : cue.start].strip()
                    for _, end in spans)  # fmt: skip
        # "Procuratorates prosecuted 9,317 people from 2021 to May this year.": the first window
        # named after a figure is the story's, as English writes it
        local = before or (after and index > 0)
        marked.append(replace(cue, local=local) if local != cue.local else cue)
    return _follow_same(marked, text)


def default_period(published: date) -> Period:
    """Period when the text states none: year to date; last year for a March release (the
    work reports); last year up to the day for a January-February one (year-end interviews:
    "have jointly overseen five cases" speaks of last year and of the weeks since)."""
    if published.month <= YEAR_END_INTERVIEW_MONTHS:
        return Period(date(published.year - 1, 1, 1), published)
    if published.month <= WORK_REPORT_MONTHS:
        return _year(published.year - 1)
    return Period(date(published.year, 1, 1), published)


def calendar_default(published: date) -> Period:
    """default_period for a figure compared with a year before ("9.6 percent more than in
    2022", 不诉率从15.6%上升至…): a calendar year, the last one early in the year."""
    if published.month <= WORK_REPORT_MONTHS:
        return _year(published.year - 1)
    return default_period(published)


def resolve(
    kind: str, groups: dict[str, str | None], published: date, context_year: int | None = None
) -> Period | None:
    """The dates a period phrase stands for; None when it cannot be resolved."""
    year = _year_of(groups, published, context_year)
    month1, month2 = _month(groups.get("m1")), _month(groups.get("m2"))
    if kind == "range":
        return _range(groups, published, year, month1, month2)
    if kind == "first_months":
        months = _small_number(groups.get("n"))
        return _months(year, 1, months, published, groups) if months else None
    if kind == "quarters":
        first, last = _QUARTERS[str(groups.get("q")).lower()]
        return _months(year, first, last, published, groups)
    if kind == "since":
        start_year = int(str(groups["y1"])) if groups.get("y1") else year
        day = int(str(groups["d1"])) if groups.get("d1") and month1 else 1
        try:
            return Period(date(start_year, month1 or 1, day), published)
        except ValueError:  # 2月30日
            return None
    if kind == "until":
        end_year = int(str(groups["y2"])) if groups.get("y2") else year
        end = _month_end(end_year, month2 or 12)
        return Period(date(end_year, 1, 1), end)
    if kind == "past_years":
        count = _small_number(groups.get("n") or groups.get("n2"))
        return _past_years(count, published) if count and count <= MAX_PAST_YEARS else None
    if kind == "past_year":
        if published.month <= WORK_REPORT_MONTHS:
            return _year(published.year - 1)
        return Period(published.replace(year=published.year - 1), published - timedelta(days=1))
    if kind == "full_year":
        return _year(context_year or default_period(published).start.year)
    if kind == "month" and month1:
        return Period(date(year, month1, 1), _month_end(year, month1))
    if kind == "year":
        return _year(int(str(groups["y1"])))
    if kind == "rel_year":
        if year == published.year:
            return Period(date(year, 1, 1), published)
        return _year(year)
    return None


_QUARTERS = {
    "前三季度": (1, 9), "第一季度": (1, 3), "一季度": (1, 3), "第二季度": (4, 6), "二季度": (4, 6),
    "第三季度": (7, 9), "三季度": (7, 9), "第四季度": (10, 12), "四季度": (10, 12),
    "上半年": (1, 6), "下半年": (7, 12), "first three quarters": (1, 9), "first quarter": (1, 3),
    "q1": (1, 3), "second quarter": (4, 6), "third quarter": (7, 9), "fourth quarter": (10, 12),
    "first half": (1, 6), "h1": (1, 6), "second half": (7, 12),
}  # fmt: skip


def _year_of(groups: dict[str, str | None], published: date, context_year: int | None) -> int:
    if groups.get("y1"):
        return int(str(groups["y1"]))
    for key in ("y2", "y3"):
        if groups.get(key):
            return int(str(groups[key]))
    rel = groups.get("rel")
    if rel:
        return published.year + int(lexicon.load("periods")["rel_years"][rel])
    return context_year or published.year


def _range(
    groups: dict[str, str | None], published: date, year: int, m1: int | None, m2: int | None
) -> Period | None:
    start_year = int(str(groups["y1"])) if groups.get("y1") else year
    if groups.get("y2"):
        end_year = int(str(groups["y2"]))
    elif groups.get("y3"):
        end_year = int(str(groups["y3"]))
    elif groups.get("rel"):
        end_year = published.year + int(lexicon.load("periods")["rel_years"][str(groups["rel"])])
    else:
        end_year = start_year if groups.get("y1") and m2 else year
    if not groups.get("y1"):
        start_year = end_year
        if not any(groups.get(key) for key in ("y2", "y3", "rel")) and m2:
            start_year = end_year = _year_not_after(end_year, m2, published)
    if start_year > end_year:
        return None
    return Period(date(start_year, m1 or 1, 1), _month_end(end_year, m2 or 12))


def _months(
    year: int, first: int, last: int, published: date, groups: dict[str, str | None]
) -> Period:
    if not groups.get("y1") and not groups.get("rel"):
        year = _year_not_after(year, last, published)
    return Period(date(year, first, 1), _month_end(year, last))


def _year_not_after(year: int, last_month: int, published: date) -> int:
    """A window without a year may not end after the release: 1至11月 in January is last year."""
    if date(year, last_month, 1) > published:
        return year - 1
    return year


def _past_years(count: int, published: date) -> Period:
    start = date(published.year - count, 1, 1)
    if published.month <= WORK_REPORT_MONTHS:
        return Period(start, date(published.year - 1, 12, 31))
    return Period(start, published.replace(day=1) - timedelta(days=1))


def year_before(period: Period) -> Period:
    """The same window a year earlier (29 February becomes the 28th)."""
    return Period(_shift_year(period.start), _shift_year(period.end))


def _shift_year(day: date) -> date:
    last = calendar.monthrange(day.year - 1, day.month)[1]
    return day.replace(year=day.year - 1, day=min(day.day, last))


def _year(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month(raw: str | None) -> int | None:
    if raw is None:
        return None
    if raw.isdigit():
        month = int(raw)
        return month if 1 <= month <= 12 else None
    return lexicon.load("periods")["months_en"].get(raw.lower())


def _small_number(raw: str | None) -> int | None:
    if raw is None:
        return None
    if raw.isdigit():
        return int(raw)
    if raw in EN_WORDS:
        return int(EN_WORDS[raw])
    value = parse_chinese_numeral(raw)
    return int(value) if value else None
