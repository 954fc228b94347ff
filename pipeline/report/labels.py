"""Bilingual labels for the report: metric names here, offence names from the offence lexicon.

The metric lexicon lists cue words, not names (its first Chinese cue for `share` is 占), so the
report keeps one display name per metric of the closed set; a test checks it covers them all.

>>> metric_label("prosecuted")
'Prosecuted 起诉'
"""

from __future__ import annotations

from functools import cache

from pipeline.extract import lexicon

# metric id -> (English, Chinese): the SCHEMA closed set (pipeline/extract/lexicons/metrics.yaml).
METRICS: dict[str, tuple[str, str]] = {
    "arrest_review_accepted": ("Accepted for arrest review", "受理审查逮捕"),
    "arrested": ("Arrested", "批准逮捕"),
    "not_arrested": ("Not arrested", "不批准逮捕"),
    "non_arrest_rate": ("Non-arrest rate", "不捕率"),
    "prosecution_review_accepted": ("Accepted for prosecution review", "受理审查起诉"),
    "prosecuted": ("Prosecuted", "起诉"),
    "not_prosecuted": ("Not prosecuted", "不起诉"),
    "non_prosecution_rate": ("Non-prosecution rate", "不诉率"),
    "cases_handled": ("Cases handled", "办理案件"),
    "suggestions_issued": ("Suggestions issued", "检察建议"),
    "public_interest_cases": ("Public interest cases", "公益诉讼"),
    "recovered_losses": ("Losses recovered", "追赃挽损"),
    "share": ("Share", "占比"),
    "other": ("Other", "其他"),
}

TOTAL = "All offences 全部罪名"  # the label of a figure that names no offence


def metric_label(metric: str) -> str:
    """'Prosecuted 起诉'; an id outside the closed set is shown as it is."""
    en, zh = METRICS.get(metric, (metric, ""))
    return f"{en} {zh}".strip()


@cache
def _offences() -> dict[str, str]:
    """Offence id -> its first Chinese variant in the lexicon (the name as releases write it)."""
    return {str(o["id"]): str(o["zh"][0]) for o in lexicon.load("offences")["offences"]}


def offence_label(offense: str | None) -> str:
    """'Telecom network fraud 电信网络诈骗'; None (no offence named) is the total."""
    if offense is None:
        return TOTAL
    english = offense.replace("_", " ").capitalize()
    return f"{english} {_offences().get(offense, '')}".strip()
