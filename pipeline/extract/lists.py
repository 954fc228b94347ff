"""Lists that hand out one item per figure: years and metrics.

Year lists, each figure of the list gets its own year:
- a window of whole years, then 分别 / "respectively": 2021至2023年，开展监督立案分别为330件、
  365件、1155件; "from 2021 to 2023 ... 330, 365 and 1,155 cases respectively";
- a list of years: 2021年、2022年分别起诉A人、B人; "137, 499 and 2,000 people in 2018, 2019 and
  2020".

Only when the sentence holds, for each unit, exactly as many figures as there are years.

Metric lists: 批准逮捕、起诉毒品犯罪分别为4.8万人、6.9万人 gives the first figure `arrested`, the
second `prosecuted`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from pipeline.extract.classify import cue_labels
from pipeline.extract.figure import Figure
from pipeline.extract.periods import PeriodCue
from pipeline.extract.sentences import Sentence, sentence_at

MAX_YEARS = 10
_MARKERS = {"zh": "分别", "en": "respectively"}
_YEAR = r"(?:19|20)\d{2}"
# (each opens on a literal with its boundary checked behind it, so the scanner skips ahead)
_YEAR_LISTS = {
    "zh": re.compile(
        rf"(?:1(?<!\d1)9|2(?<!\d2)0)\d{{2}}年?(?:(?:、|,|，|和|及|与){_YEAR}年?)+(?!\d)"
    ),
    "en": re.compile(
        rf"(?:i(?<!\wi)n|d(?<!\wd)uring|f(?<!\wf)or) {_YEAR}(?:(?:,| and|, and) {_YEAR})+\b"
    ),
}


def spread_over_years(
    figures: list[Figure], cues: list[PeriodCue], sentences: list[Sentence], norm: str, lang: str
) -> list[Figure]:
    """Figures of a year list (see the module docstring) each get their own calendar year."""
    result = list(figures)
    for cue in cues:
        years = _whole_years(cue)
        sentence = sentence_at(sentences, cue.start)
        if not years or sentence is None:
            continue
        marker = norm.find(_MARKERS[lang], cue.end, sentence.end)
        if marker < 0 or any(cue.end <= c.start < sentence.end for c in cues if c is not cue):
            continue
        low = marker if lang == "zh" else cue.end  # English names the list before the word
        _assign(result, years, low, sentence.end, (cue.period.start, cue.period.end))
    for found in _YEAR_LISTS[lang].finditer(norm):
        sentence = sentence_at(sentences, found.start())
        years = [int(year) for year in re.findall(_YEAR, found.group())]
        if sentence is not None and years == sorted(set(years)) and len(years) <= MAX_YEARS:
            _assign(result, years, sentence.start, sentence.end, None)
    return result


def _assign(
    figures: list[Figure],
    years: list[int],
    low: int,
    high: int,
    period: tuple[date | None, date | None] | None,
) -> None:
    """Give the figures in [low, high) their years, in order, per unit (when `period` is set,
    only figures dated by it)."""

    def listed(figure: Figure) -> bool:
        dated = period is None or (figure.period_start, figure.period_end) == period
        return low <= figure.start and figure.end <= high and dated

    for group in _groups_of(figures, listed, len(years)):
        for index, year in zip(group, years, strict=True):
            figures[index] = replace(
                figures[index], period_start=date(year, 1, 1), period_end=date(year, 12, 31)
            )


def _whole_years(cue: PeriodCue) -> list[int]:
    start, end = cue.period.start, cue.period.end
    if (start.month, start.day, end.month, end.day) != (1, 1, 12, 31):
        return []
    years = list(range(start.year, end.year + 1))
    return years if 2 <= len(years) <= MAX_YEARS else []


_AFTER_LIST = re.compile(r"分别(?:为|是|达)?")


def spread_metrics(figures: list[Figure], sentences: list[Sentence], norm: str) -> list[Figure]:
    """Chinese figures listed after 分别 take, in order, the metrics listed before it, when
    there are as many metrics (two or more, all different) as figures of each unit."""
    result = list(figures)
    for found in _AFTER_LIST.finditer(norm):
        sentence = sentence_at(sentences, found.start())
        if sentence is None:
            continue
        before = [f for f in result if f.value is not None and sentence.start <= f.start
                  and f.end <= found.start()]  # fmt: skip
        low = max((f.end for f in before), default=sentence.start)
        labels = [label for label in cue_labels("metrics", "zh", norm[low : found.start()])
                  if label != "share"]  # fmt: skip
        if len(labels) < 2 or len(set(labels)) != len(labels):
            continue
        clause_end = min((i for i in (norm.find(mark, found.end(), sentence.end)
                                      for mark in (";", "。")) if i >= 0),
                         default=sentence.end)  # fmt: skip

        def listed(figure: Figure, low: int = found.end(), high: int = clause_end) -> bool:
            return low <= figure.start < high

        for group in _groups_of(result, listed, len(labels)):
            for index, label in zip(group, labels, strict=True):
                result[index] = replace(result[index], metric=label)
    return result


def _groups_of(
    figures: list[Figure], listed: Callable[[Figure], bool], count: int
) -> list[list[int]]:
    """Indices of the listed figures (with a value), one group per unit, when every unit has
    exactly `count` of them; else none."""
    by_unit: dict[str | None, list[int]] = {}
    for index, figure in enumerate(figures):
        if figure.value is not None and listed(figure):
            by_unit.setdefault(figure.unit, []).append(index)
    if any(len(group) != count for group in by_unit.values()):
        return []
    return list(by_unit.values())
