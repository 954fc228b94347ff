"""Metric, offence and agency of a figure, read from the cue words around it in its sentence."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from pipeline.extract import lexicon

RATE_METRICS = ("non_arrest_rate", "non_prosecution_rate")
REVIEW_METRICS = ("arrest_review_accepted", "prosecution_review_accepted")
_TAKES_UP = re.compile(r"受理的|^\s*其中")
# Lexicon label of phrases that contain a cue word but name nothing (黑社会性质组织 holds 组织;
# 监督公安机关 names the police as the object of the procuratorate's work): longest match
# consumes them and they are dropped.
NEUTRAL = "neutral"
PASSIVE = re.compile(r"\b(?:were|was|are|is|been|being|be|faced|face|got|get)\b")
RIGHT_WINDOW = 60
PASSIVE_WINDOW = (
    110  # "1,448 suspects allegedly involved in 336 gang crimes were approved for arrest"
)


def metric_of(
    left: str,
    right: str,
    unit: str | None,
    lang: str,
    head: str = "",
    context: str = "",
    previous: str = "",
) -> str:
    """The metric named by the nearest cue before the figure (`left`, same sentence).

    A percentage is a rate only when its own clause names 不捕率/不诉率 (or the English rates);
    any other percentage level is a share. English passives ("954 people were not prosecuted")
    name their metric after the figure, so a cue in `right` behind were/was wins; a cue in the
    counted noun itself (`head`: "58,744 written notices") wins over both. A figure the sentence
    gives to a court or the police with no procuratorate in sight is "other".

    A count of cases handled (or with no cue at all) in a public interest litigation passage
    (`context`: the previous sentence and `left`) is a public interest case count: "took on
    31,000 public interest litigation cases and filed lawsuits in 1,600 of them".
    """
    metric = _metric(left, right, unit, lang, head)
    if lang == "zh" and metric == "cases_handled" and previous and _TAKES_UP.search(left):
        # 受理审查起诉…592件。在受理的案件中…分别为174件 / 其中，受理…干部32人: a bare 受理 takes up
        # the review named before
        labels = cue_labels("metrics", lang, previous + left)
        review = [label for label in labels if label in REVIEW_METRICS]
        if review:
            return review[-1]
    breakdown = context != left and _BREAKDOWN.match(left) is not None
    if metric == "other" and breakdown and not _cue_hits(left, lang):
        # "Among them, about 3,100 were students": a breakdown counts what the sentence before did
        hits = [label for label in cue_labels("metrics", lang, context)
                if label not in RATE_METRICS and label not in ("share", "other")]  # fmt: skip
        if hits and unit != "percent":
            return hits[-1]
    if unit == "case" and metric in ("cases_handled", "other"):
        named = set(cue_labels("metrics", lang, context or left))
        if "public_interest_cases" in named and (metric != "other" or not _cue_hits(left, lang)):
            return "public_interest_cases"
    return metric


_BREAKDOWN = re.compile(r"\s*(?:among them|of them|of those|of these|of the total|of which|其中)\b")


def _cue_hits(left: str, lang: str) -> list[str]:
    return [label for label in cue_labels("metrics", lang, left) if label != "share"]


def _metric(left: str, right: str, unit: str | None, lang: str, head: str) -> str:
    pattern, labels = lexicon.cue_pattern("metrics", lang)
    own = cue_labels("metrics", lang, head)
    if own and unit != "percent":
        return own[-1]
    if unit == "yuan":  # money is a recovered loss when its clause says so, else no count
        clause = re.split(r"[,;，；]", left)[-1]
        recovered = "recovered_losses" in cue_labels("metrics", lang, clause) or (
            lang == "en" and _passive_cue(right, pattern, labels) == "recovered_losses"
        )  # "870 million yuan had been recovered"
        return "recovered_losses" if recovered else "other"
    if unit == "percent":
        clause = re.split(r"[,;，；]", left)[-1]
        rates = [label for label in cue_labels("metrics", lang, clause) if label in RATE_METRICS]
        return rates[-1] if rates else "share"
    if lang == "en":
        passive = _passive_cue(right, pattern, labels)
        if passive is not None:
            return passive
    elif decided := _DECISION_AFTER_ZH.match(right):  # 对…4150人作出不起诉决定
        return labels[decided.group(1)]
    if _foreign_agency(left, lang):
        return "other"
    hits = [label for label in cue_labels("metrics", lang, left)
            if label not in RATE_METRICS and label != "share"]  # fmt: skip
    if lang == "zh" and _TOTAL_ZH.search(left):
        return _dominant(left) or (hits[-1] if hits else "other")
    return hits[-1] if hits else "other"


# 开展监督立案、监督撤案和建议行政机关移送案件合计14.5万件: a total over a list of activities
_TOTAL_ZH = re.compile(r"(?:合计|共计|总计)$")


def _dominant(left: str) -> str | None:
    """The metric most of the activities listed in the figure's clause name (the first on a tie)."""
    clause = re.split(r"[,;，；]", left)[-1]
    labels = [label for label in cue_labels("metrics", "zh", clause)
              if label not in RATE_METRICS and label not in ("share", "other")]  # fmt: skip
    if not labels:
        return None
    return max(dict.fromkeys(labels), key=labels.count)


# a decision named after the Chinese figure it applies to: 对其中4150人作出不起诉决定
_DECISION_AFTER_ZH = re.compile(
    r"\s*(?:依法)?(?:作出|作|予以)?(不起诉|不批准逮捕|不批捕|批准逮捕|起诉)(?:的)?决定"
)


def _foreign_agency(left: str, lang: str) -> bool:
    """Whether the nearest body named before the figure is not the procuratorate
    ("procuratorates lodged protests against 5,600 judgments, and courts amended 3,700"),
    unless it acts jointly with one named just before it ("the SPP and the Ministry of
    Public Security jointly supervised five cases")."""
    hits = cue_labels("agencies", lang, left)
    if not hits or hits[-1] == "procuratorate":
        return False
    if "procuratorate" not in hits:
        return True
    pattern, labels = lexicon.cue_pattern("agencies", lang)
    found = [(m, labels[m.group()]) for m in pattern.finditer(left) if labels[m.group()] != NEUTRAL]
    if len(found) < 2 or found[-2][1] != "procuratorate":
        return True
    return _JOINT.fullmatch(left, found[-2][0].end(), found[-1][0].start()) is None


_JOINT = re.compile(
    r"[)）\"”']?\s*(?:,|and|&|together with|along with|as well as|和|与|及|会同|联合)\s*(?:the\s+)?"
)


_NEGATED = re.compile(r"\bnot\s+(?:yet\s+)?(?:been\s+|be\s+)?$")


def _passive_cue(right: str, pattern: re.Pattern[str], labels: dict[str, str]) -> str | None:
    window = re.split(r"[,;.]", right[:PASSIVE_WINDOW])[0]
    for match in pattern.finditer(window):
        label = labels[match.group()]
        if label == NEUTRAL:
            continue
        gap = window[: match.start()]
        if _NEGATED.search(gap):  # "suspects who had not been transferred": no such count
            continue
        adjacent = not gap.strip()  # "45,662 people prosecuted"
        # "putting six cases ... under special supervision", "accepted 1,085 cases for review of
        # prosecution" name their metric after the figure
        trailing = match.group().startswith(("faced", "under ", "for "))
        if label != "share" and (adjacent or PASSIVE.search(gap) or trailing):
            return label
    return None


def agency_of(left: str, lang: str) -> str:
    """court / police / immigration when the nearest agency cue before the figure names one
    that does not act jointly with the procuratorate (_foreign_agency)."""
    if not _foreign_agency(left, lang):
        return "procuratorate"
    return cue_labels("agencies", lang, left)[-1]


@lru_cache(maxsize=1024)
def cue_labels(kind: str, lang: str, text: str) -> tuple[str, ...]:
    """Labels of the `kind` cues (metrics, agencies, offences) in `text`, in order. Memoised:
    the figures of one sentence ask for the same stretch of text several times."""
    pattern, labels = offence_pattern(lang) if kind == "offences" else lexicon.cue_pattern(
        kind, lang)  # fmt: skip
    found = (labels[match.group()] for match in pattern.finditer(text))
    return tuple(label for label in found if label != NEUTRAL)


@cache
def offence_pattern(lang: str) -> tuple[re.Pattern[str], dict[str, str]]:
    labels: dict[str, str] = {}
    for offence in lexicon.load("offences")["offences"]:
        for variant in offence.get(lang, []):
            labels.setdefault(str(variant).lower(), str(offence["id"]))
    return re.compile(rf"(?:{lexicon.trie(list(labels))})"), labels


def offence_of(left: str, right: str, lang: str, head: str = "") -> str | None:
    """The offence named by the figure's own head noun ("3,200 juvenile suspects", "536,704
    drug-related cases"), else nearest before it in its sentence, else just after it (English
    names it after the figure first)."""
    pattern, labels = offence_pattern(lang)
    if head and (own := cue_labels("offences", lang, head)):
        return own[0]
    match = pattern.search(re.split(r"[,;]", right[:RIGHT_WINDOW])[0])
    if lang == "en" and match:
        return labels[match.group()]  # "charged 129,000 people with assisting ..."
    hits = cue_labels("offences", lang, left)
    if hits:
        return hits[-1]
    return labels[match.group()] if match else None


# A figure that says it counts every kind of crime never inherits an offence from its context.
_TOTALS = re.compile(r"各类|各种|全部|所有|all kinds|all types|all criminal|in total|overall")


# A sentence that points back at what came before ("those cases", 上述) continues the topic of
# the previous paragraph too. 其中 is left out: it opens sub-items of other offences as often as
# not (measured on the dev corpus).
_BACK_REFERENCE = re.compile(
    r"(?:th(?<!\wth)(?:ose|ese)|s(?<!\ws)uch) (?:cases|crimes|offen[cs]es|suspects|defendants)\b"
    r"|上述|前述"
)


@lru_cache(maxsize=1024)  # the figures of one sentence ask the same question
def context_offence(
    paragraph_before: str, sentence: str, lang: str, previous_paragraph: str = ""
) -> str | None:
    """The offence a figure inherits when its own sentence names none: the last one named
    earlier in its paragraph (a paragraph is about one topic in these releases; the title is
    not, measured on the dev corpus), or in the paragraph before when the sentence refers back
    to it ("those cases", 上述). Totals (各类犯罪, all kinds of crimes) inherit nothing."""
    if _TOTALS.search(sentence):
        return None
    context = paragraph_before
    if _BACK_REFERENCE.search(sentence):
        context = previous_paragraph + "\n\n" + paragraph_before
    hits = cue_labels("offences", lang, context)
    return hits[-1] if hits else None
