"""extract_figures: release body -> Figures. Finds numbers, changes and periods, then reads the
metric, offence and agency of each figure from its sentence."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from pipeline.extract import classify, lexicon
from pipeline.extract.attach import attach_changes
from pipeline.extract.changes import find_changes
from pipeline.extract.figure import Figure
from pipeline.extract.lexicon import fold
from pipeline.extract.lists import spread_metrics, spread_over_years
from pipeline.extract.mention import ChangeItem, Mention
from pipeline.extract.mentions_en import find_mentions_en
from pipeline.extract.mentions_zh import find_mentions_zh
from pipeline.extract.periods import (
    LOCAL_GAP,
    Period,
    PeriodCue,
    calendar_default,
    default_period,
    find_period_cues,
    mark_local,
    mark_scope,
    year_before,
)
from pipeline.extract.ranges import merge_ranges
from pipeline.extract.sentences import (
    HEADING,
    Sentence,
    sentence_at,
    sentence_index,
    split_sentences,
)

_CJK = re.compile(r"[\u4e00-\u9fff]")
MIN_CJK_SHARE = 0.1
MIN_UNITLESS_VALUE = 100  # an English number with no head noun counts only if this large


def detect_lang(text: str) -> str:
    """ "zh" when at least a tenth of the characters are CJK, else "en"."""
    letters = sum(1 for ch in text if not ch.isspace()) or 1
    return "zh" if len(_CJK.findall(text)) / letters >= MIN_CJK_SHARE else "en"


def normalise(text: str, lang: str) -> str:
    """Folded (and, for English, lower-cased) copy of `text` with identical offsets."""
    folded = fold(text)
    if lang == "zh":
        return folded
    lowered = folded.lower()
    if len(lowered) == len(folded):  # no character lower-cases to two (İ): offsets hold
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in folded)


def extract_figures(
    text: str,
    published: date,
    *,
    title: str = "",
    lang: str | None = None,
    jurisdiction: str = "national",
) -> list[Figure]:
    """Every statistic reported in a release body, sorted by position.

    >>> [f.text for f in extract_figures("起诉4.2万余人，同比上升63.5%。", date(2024, 2, 4))]
    ['4.2万余人']
    """
    lang = "zh" if (lang or detect_lang(text)).startswith("zh") else "en"
    norm = normalise(text, lang)
    sentences = split_sentences(text)
    changes = find_changes(norm, lang)
    mentions = _mentions(norm, lang, changes, sentences)
    attached, bare = attach_changes(mentions, changes, sentences, lang, norm)
    cues = find_period_cues(norm, lang, published, [(m.num_start, m.end) for m in mentions])
    initial = _title_period(title, lang, published)
    compared = initial if initial != default_period(published) else calendar_default(published)
    figures: list[Figure] = []
    cues = mark_local(cues, [(m.num_start, m.end) for m in mentions], norm)
    cues = mark_scope(
        cues, [s.start for s in sentences], [(m.num_start, m.end) for m in mentions], norm
    )
    for index, mention in enumerate(mentions):
        if lang == "en" and not _cue_before(mention, mentions, cues, sentences):
            following = _following_cue(mention, mentions[index + 1 :], cues, norm)
            if following is not None:
                figures.append(_figure(text, norm, lang, sentences, mention, attached.get(index),
                                       following.period, jurisdiction))  # fmt: skip
                continue
        period = period_for(
            mention.start, mention.end, cues, sentences, initial, english=lang == "en", text=norm
        )
        from_level = _is_from_level(norm, mention)
        change = attached.get(index)
        if period is initial and (from_level or change is not None):
            period = compared  # a window compared with a year before is a calendar one
        if from_level and not _has_local_cue(mention, cues):
            period = year_before(period)
        period = _ongoing(period, mention, cues, sentences, norm, published)
        figures.append(
            _figure(text, norm, lang, sentences, mention, attached.get(index), period, jurisdiction)
        )
    for change in bare:
        period = period_for(
            change.start, change.end, cues, sentences, initial, english=lang == "en"
        )
        figures.append(_bare_figure(text, norm, lang, sentences, change, period, jurisdiction))
    figures = _parallel_levels(figures, mentions, cues, sentences, norm)
    figures = _list_item_metrics(figures, sentences, norm, lang)
    figures = _listed_metrics(figures, mentions, norm)
    figures = spread_over_years(figures, cues, sentences, norm, lang)
    if lang == "zh":
        figures = spread_metrics(figures, sentences, norm)
    figures = _inherit_offences(figures, norm, sentences, lang)
    return sorted(figures, key=lambda figure: (figure.start, figure.end))


def _inherit_offences(
    figures: list[Figure], norm: str, sentences: list[Sentence], lang: str
) -> list[Figure]:
    """Give figures whose sentence names no offence the one their paragraph is about (or the
    paragraph before, when the sentence refers back to it)."""
    result = []
    for figure in figures:
        if figure.offense is None and figure.value is not None:
            paragraph_start = norm.rfind("\n\n", 0, figure.start) + 1
            sentence = sentence_at(sentences, figure.start)
            sentence_start = sentence.start if sentence else figure.start
            sentence_end = sentence.end if sentence else figure.end
            before = norm[paragraph_start : max(sentence_start, paragraph_start)]
            own = norm[sentence_start:sentence_end]
            previous_start = norm.rfind("\n\n", 0, max(paragraph_start - 2, 0)) + 1
            previous = norm[previous_start : max(paragraph_start - 2, previous_start)]
            offence = classify.context_offence(before, own, lang, previous)
            if offence:
                figure = replace(figure, offense=offence)
        result.append(figure)
    return result


def _mentions(
    norm: str, lang: str, changes: list[ChangeItem], sentences: list[Sentence]
) -> list[Mention]:
    found = find_mentions_zh(norm) if lang == "zh" else find_mentions_en(norm)
    kept = [m for m in merge_ranges(found, norm, lang)
            if not any(c.start < m.num_end and m.num_start < c.end for c in changes)]  # fmt: skip
    if lang == "zh":
        return kept
    return _resolve_unitless(kept, sentences, norm)


def _resolve_unitless(
    mentions: list[Mention], sentences: list[Sentence], norm: str
) -> list[Mention]:
    """An English number without a head noun takes the head noun of the list it opens ("330, 365
    and 1,155 cases"), else borrows the unit of the figure before it in its sentence or the
    previous one ("17,264 people ..., compared with 17,144 in 2017"); otherwise
    it is dropped."""
    listed = _listed_units(mentions, norm)
    result: list[Mention] = []
    for index, mention in enumerate(mentions):
        if mention.unit is not None:
            result.append(mention)
            continue
        if index in listed:
            result.append(_with_unit(mention, listed[index]))
            continue
        sentence = sentence_at(sentences, mention.start)
        low = sentence.start if sentence else 0
        low = max((s.start for s in sentences if s.end <= low), default=low)
        earlier = [m for m in result if m.start >= low and m.unit not in (None, "percent")]
        if mention.value < MIN_UNITLESS_VALUE:
            continue
        if earlier:
            result.append(_with_unit(mention, earlier[-1].unit))
        elif sentence is not None and (unit := _subject_unit(norm, sentence)) is not None:
            result.append(_with_unit(mention, unit))
    return result


_LIST_GAP = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s+")


def _listed_metrics(figures: list[Figure], mentions: list[Mention], norm: str) -> list[Figure]:
    """ "with 150,000, 88,000 and 46,000 people prosecuted respectively": the numbers of a list
    count what its last one does. (`figures` starts with one figure per mention, in order.)"""
    result = list(figures)
    for index in range(len(mentions) - 2, -1, -1):
        figure, following = result[index], result[index + 1]
        listed = _LIST_GAP.fullmatch(norm, mentions[index].end, mentions[index + 1].start)
        same_kind = figure.unit == following.unit and following.metric != "other"
        if figure.metric == "other" and same_kind and listed:
            result[index] = replace(figure, metric=following.metric)
    return result


def _listed_units(mentions: list[Mention], norm: str) -> dict[int, str]:
    """ "330, 365 and 1,155 cases": the numbers of a list take the head noun of its last one."""
    units: dict[int, str] = {}
    for index in range(len(mentions) - 2, -1, -1):
        mention, following = mentions[index], mentions[index + 1]
        unit = following.unit or units.get(index + 1)
        if (
            mention.unit is None
            and unit
            and _LIST_GAP.fullmatch(norm, mention.end, following.start)
        ):
            units[index] = unit
    return units


def _subject_unit(norm: str, sentence: Sentence) -> str | None:
    pattern, labels = lexicon.cue_pattern("units", "en_subject")
    found = pattern.search(norm, sentence.start, sentence.end)
    return labels[found.group()] if found else None


def _with_unit(mention: Mention, unit: str | None) -> Mention:
    return Mention(mention.start, mention.end, mention.value, unit, mention.qualifier,
                   mention.num_start, mention.num_end)  # fmt: skip


def _title_period(title: str, lang: str, published: date) -> Period:
    cues = find_period_cues(normalise(title, lang), lang, published) if title else []
    return cues[0].period if cues else default_period(published)


_CLAUSE_BREAK = re.compile(r"[;:]|[,.](?!\d)")  # not the comma of "43,000"


def period_for(
    start: int,
    end: int,
    cues: list[PeriodCue],
    sentences: list[Sentence],
    initial: Period,
    *,
    english: bool = False,
    text: str = "",
) -> Period:
    """The period of the figure at [start, end).

    A cue right after the figure ("17,144 in 2017") or right before it ("从2021年41.7%") is its
    own; otherwise the last cue before it in its sentence, then (English word order: "charged
    74,713 suspects ... from January to March") the first cue after it in its sentence, then the
    last governing cue before it in the text, then the title's period, then the default.
    """
    sentence = sentence_at(sentences, start)
    low = sentence.start if sentence else start
    high = sentence.end if sentence else end
    for cue in cues:
        if cue.local and (0 <= cue.start - end <= LOCAL_GAP or 0 <= start - cue.end <= 2):
            return cue.period
    before = [cue for cue in cues if cue.end <= start and not cue.local]
    in_sentence = [cue for cue in before if cue.start >= low]
    if in_sentence:
        return in_sentence[-1].period
    after = [cue for cue in cues if end <= cue.start and cue.end <= high and not cue.local]
    if english:
        # "not to arrest 42,000 owners and not to prosecute 51,000 from 2018 to 2022": a window
        # closing the clause dates every figure of it, the one it is glued to included
        trailing = [cue for cue in cues if end <= cue.start and cue.end <= high and cue.local
                    and not _CLAUSE_BREAK.search(text, end, cue.start)]  # fmt: skip
        after = sorted(after + trailing[:1], key=lambda cue: cue.start)
    if after and english:
        return after[0].period
    governing = [cue for cue in before
                 if cue.governs and (cue.expires is None or start < cue.expires)]  # fmt: skip
    return governing[-1].period if governing else initial


# 不诉率从15.6%上升至24.9% / "rose from 41.7 percent to 64.1 percent": the from-level is the
# comparison period's (a year earlier), the to-level the period in force.
_FROM_ZH = re.compile(r"(?:上升|下降|提高|降低|增加|减少|增长|回落|升|降|增|减)(?:至|到)")
_FROM_EN = re.compile(r"\s+to\s+(?:[a-z]+\s+)?\d")


_FROM_MARK_ZH = re.compile(r"[从由](?:\d{4}年的?)?$")  # 从15.6% / 从2018年的22.1%


def _is_from_level(norm: str, mention: Mention) -> bool:
    before = norm[max(0, mention.start - 9) : mention.start]
    if _FROM_MARK_ZH.search(before):
        return _FROM_ZH.match(norm, mention.end) is not None
    return before.endswith("from ") and _FROM_EN.match(norm, mention.end) is not None


LIST_REACH = 12  # list items looked through back to the list's introduction
_CRIME_NAME = re.compile(
    r"[\u4e00-\u9fff、()]{1,20}罪"
)  # 故意伤害罪7962人: an item opening on a 罪名


def _list_item_metrics(
    figures: list[Figure], sentences: list[Sentence], norm: str, lang: str
) -> list[Figure]:
    """起诉人数居前六位的罪名如下： / 危险驾驶罪7962人，占…； / 盗窃罪4153人…: list or table items
    that name no metric count what the list's introduction (the sentence ending in a colon,
    or the numbered section heading, before them) names."""
    result = list(figures)
    offences, _ = classify.offence_pattern(lang)
    for index, figure in enumerate(result):
        if figure.value is None or figure.metric != "other":
            continue
        position = sentence_index(sentences, figure.start)
        if position < 0 or _named_metrics(norm, sentences[position].start, figure.start, lang):
            continue
        for earlier in range(position, max(-1, position - LIST_REACH), -1):
            sentence = sentences[earlier]
            intro = norm.endswith(":", sentence.start, sentence.end) or HEADING.match(
                norm, sentence.start
            )
            if earlier < position and intro:
                if named := _named_metrics(norm, sentence.start, sentence.end, lang):
                    result[index] = replace(figure, metric=named[-1])
                break
            if not _is_list_item(norm, sentence, offences):
                break
    return result


LIST_ITEM_LENGTH = 120


def _is_list_item(norm: str, sentence: Sentence, offences: re.Pattern[str]) -> bool:
    """An item of a list or table: it opens on an offence (盗窃罪4153人，占13.2%), or it is a
    short line of its own ("Dangerous driving: 74,000, down 28.5%")."""
    if offences.match(norm, sentence.start) or _CRIME_NAME.match(norm, sentence.start):
        return True
    own_line = (sentence.start == 0 or norm[sentence.start - 1] == "\n") and (
        sentence.end == len(norm) or norm[sentence.end] == "\n"
    )
    return own_line and sentence.end - sentence.start <= LIST_ITEM_LENGTH


def _named_metrics(norm: str, start: int, end: int, lang: str) -> list[str]:
    """The count metrics named in norm[start:end] (no rates, shares or "other")."""
    return [label for label in classify.cue_labels("metrics", lang, norm[start:end])
            if label not in classify.RATE_METRICS and label not in ("share", "other")]  # fmt: skip


def _parallel_levels(
    figures: list[Figure],
    mentions: list[Mention],
    cues: list[PeriodCue],
    sentences: list[Sentence],
    norm: str,
) -> list[Figure]:
    """不捕率从2018年的22.1%升至2022年的43.4%，不诉率从7.7%升至26.3%: a from/to pair with no dates
    of its own takes those of the dated pair before it in its sentence. (`figures` starts with
    one figure per mention, in the same order.)"""
    result = list(figures)
    dated: dict[int, tuple[Figure, Figure]] = {}
    for index in range(len(mentions) - 1):
        low, high = mentions[index], mentions[index + 1]
        if not _is_from_level(norm, low):
            continue
        sentence = sentence_at(sentences, low.start)
        key = sentence.start if sentence else -1
        own = _has_local_cue(low, cues), _has_local_cue(high, cues)
        if all(own):
            dated[key] = result[index], result[index + 1]
        elif not any(own) and key in dated:
            for offset, model in enumerate(dated[key]):
                result[index + offset] = replace(result[index + offset],
                    period_start=model.period_start, period_end=model.period_end)  # fmt: skip
    return result


# "the SPP is supervising the handling of 24 major gang crimes", 目前正在办理: a count still running
# (opening on literals, word boundaries checked behind the first letter: see scan.py)
_ONGOING = re.compile(
    r"(?:i(?<!\wi)s|a(?<!\wa)re) (?:now |currently |also |still )?(?:supervising|handling|"
    r"overseeing|investigating|reviewing|prosecuting|dealing)\b|s(?<!\ws)o far\b|目前|正在"
)


def _ongoing(
    period: Period,
    mention: Mention,
    cues: list[PeriodCue],
    sentences: list[Sentence],
    norm: str,
    published: date,
) -> Period:
    """A figure its sentence gives as still running, with no period of its own in that
    sentence, runs from the window in force to the publication day."""
    if period.end >= published:
        return period
    sentence = sentence_at(sentences, mention.start)
    if sentence is None:
        return period
    if any(sentence.start <= cue.start < sentence.end for cue in cues):
        return period
    if _ONGOING.search(norm, sentence.start, sentence.end) is None:
        return period
    return Period(period.start, published)


def _has_local_cue(mention: Mention, cues: list[PeriodCue]) -> bool:
    return any(cue.local and (0 <= cue.start - mention.end <= LOCAL_GAP
                              or 0 <= mention.start - cue.end <= 2) for cue in cues)  # fmt: skip


def _cue_before(
    mention: Mention, mentions: list[Mention], cues: list[PeriodCue], sentences: list[Sentence]
) -> bool:
    """Whether the figure's sentence opens on a window, before any figure ("Last year alone,
    prosecutors charged 493 people, ... and 152 in the first four months"): English then
    states no period after the count."""
    sentence = sentence_at(sentences, mention.start)
    low = sentence.start if sentence else 0
    first = min((m.start for m in mentions if low <= m.start), default=mention.start)
    return any(low <= cue.start and cue.end <= first and not cue.local for cue in cues)


def _following_cue(
    mention: Mention, later: list[Mention], cues: list[PeriodCue], norm: str
) -> PeriodCue | None:
    """English states the period after the count: "137 people ... in 2018, 499 people in 2019";
    a cue between a figure and the next one, in the same clause, is the figure's own."""
    limit = later[0].start if later else len(norm)
    for cue in cues:
        if mention.end <= cue.start < limit and not re.search(
            r"[.;:]\s", norm[mention.end : cue.start]
        ):
            return cue
    return None


def _figure(
    text: str,
    norm: str,
    lang: str,
    sentences: list[Sentence],
    mention: Mention,
    change: ChangeItem | None,
    period: Period,
    jurisdiction: str,
) -> Figure:
    sentence = sentence_at(sentences, mention.start)
    low = sentence.start if sentence else 0
    high = sentence.end if sentence else len(text)
    left, right = norm[low : mention.num_start], norm[mention.end : high]
    change_unit = change.unit if change else None
    if change and mention.unit == "percent" and change_unit == "percent":
        change_unit = "percentage_points"  # a rate changes in points even when written "%"
    return Figure(
        start=mention.start,
        end=mention.end,
        text=text[mention.start : mention.end],
        sentence=sentence.text if sentence else "",
        value=mention.value,
        unit=mention.unit,
        qualifier=mention.qualifier,
        metric=classify.metric_of(
            left,
            right,
            mention.unit,
            lang,
            norm[mention.num_end : mention.end],
            context=_topic_context(norm, sentences, low, left, right),
            previous=_previous_sentence(norm, sentences, low) if "受理" in left else "",
        ),
        offense=classify.offence_of(left, right, lang, norm[mention.num_end : mention.end]),
        jurisdiction=jurisdiction,
        agency=classify.agency_of(left, lang),
        period_start=period.start,
        period_end=period.end,
        change_value=change.value if change else None,
        change_unit=change_unit,
        change_direction=change.direction if change else None,
        change_basis=change.basis if change else None,
    )


# "168,000 of the cases", "in those two areas", 其中: a figure that breaks down the one before it
# (each English word opens on its first letter, the word boundary checked behind it, so the
# regex engine skips ahead to candidate letters)
_ANAPHORA = re.compile(
    r"o(?<!\wo)f (?:them|the cases|these|those|which)\b|th(?<!\wth)(?:ose|ese)\b"
    r"|a(?<!\wa)mong them\b|o(?<!\wo)f the total\b|其中"
)


def _topic_context(norm: str, sentences: list[Sentence], low: int, left: str, right: str) -> str:
    """What a figure's metric may be specialised by: its own sentence before it, and the
    previous sentence too when the figure refers back to it."""
    if _ANAPHORA.search(left) or _ANAPHORA.search(right):
        return _previous_sentence(norm, sentences, low) + " " + left
    return left


def _previous_sentence(norm: str, sentences: list[Sentence], start: int) -> str:
    earlier = sentence_at(sentences, start - 1) if start > 0 else None
    if earlier is None:
        earlier = next((s for s in reversed(sentences) if s.end <= start), None)
    return norm[earlier.start : earlier.end] if earlier else ""


def _bare_figure(
    text: str,
    norm: str,
    lang: str,
    sentences: list[Sentence],
    change: ChangeItem,
    period: Period,
    jurisdiction: str,
) -> Figure:
    sentence = sentence_at(sentences, change.start)
    low = sentence.start if sentence else 0
    high = sentence.end if sentence else len(text)
    left, right = norm[low : change.start], norm[change.end : high]
    return Figure(
        start=change.start,
        end=change.end,
        text=text[change.start : change.end],
        sentence=sentence.text if sentence else "",
        value=None,
        unit=None,
        metric=classify.metric_of(left, right, None, lang),
        offense=classify.offence_of(left, right, lang),
        jurisdiction=jurisdiction,
        agency=classify.agency_of(left, lang),
        period_start=period.start,
        period_end=period.end,
        change_value=change.value,
        change_unit=change.unit,
        change_direction=change.direction,
        change_basis=change.basis,
    )
