"""Attaches reported changes to the figures they qualify.

- 分别 / "respectively" (or a list of several changes): the k changes go, in order, to the last k
  figures before them in the sentence (previous sentence too when the sentence has too few and,
  in Chinese, names no subject of its own: 同比分别上升…).
- A single change goes to the nearest figure before it in its sentence that has no change yet;
  a % or 倍 change skips percentages (占8%，同比下降40% qualifies the count), a 个百分点 change
  prefers a percentage (the rate); a % change after a lone rate is read as points ("the
  non-arrest rate was 22.2%, an increase of 0.1%"), after a lone share it stays bare (its count
  is not given: "accounting for 8 percent, marking a 40 percent decrease"). English may put the
  change first ("an increase of 52 percent ..., with over 34,000 individuals"): it then takes
  the next figure.
- A single change does not cross a ";" (…上升至24.9%；申诉减少32.8% qualifies no rate); an English
  sentence opening "That was an increase of ..." refers back to the previous sentence.
- A change with no such figure stays a bare change (value None).
"""

from __future__ import annotations

import re

from pipeline.extract.classify import cue_labels
from pipeline.extract.mention import ChangeItem, Mention
from pipeline.extract.sentences import Sentence, sentence_at, sentence_index


def attach_changes(
    mentions: list[Mention],
    changes: list[ChangeItem],
    sentences: list[Sentence],
    lang: str,
    text: str,
) -> tuple[dict[int, ChangeItem], list[ChangeItem]]:
    """Map mention index -> its change, and the changes left without a figure."""
    attached: dict[int, ChangeItem] = {}
    bare: list[ChangeItem] = []
    groups: dict[int, list[ChangeItem]] = {}
    for change in changes:
        groups.setdefault(change.group, []).append(change)
    # "612 million yuan (about 96 million U.S. dollars)": a conversion in parentheses restates
    # the figure before it and never takes a change of its own; nor does a difference.
    asides = {i for i, m in enumerate(mentions)
              if _in_parentheses(text, m.start, m.end)
              or _is_difference(text, m.start)}  # fmt: skip
    taken = {i: None for i in asides}
    for group in sorted(groups.values(), key=lambda items: items[0].start):
        if group[0].respectively and len(group) > 1:
            bare.extend(_distribute(group, mentions, sentences, attached | taken, lang, attached,
                                     text))  # fmt: skip
        else:
            for change in group:
                if not _attach_single(change, mentions, sentences, attached, lang, text, asides,
                                      changes):  # fmt: skip
                    bare.append(change)
    return attached, [change for change in bare if change.value is not None]


# "...sent 58,744 written notices. That was an increase of 22.8 percent": the change refers back.
_REFERS_BACK = re.compile(
    r"(?:that|this|the figure|the number|the total|it) (?:was|is|marked|represents|rose|fell|"
    r"increased|decreased|grew|dropped|declined|jumped|surged|climbed)",
    re.IGNORECASE,
)


# A percentage that takes a % change as its own is a rate (不捕率41.8%，同比增加0.1%); a share
# ("accounting for 8 percent, marking a 40 percent decrease") leaves the change to its count.
_RATE = re.compile(r"率|\brates?\b|\bratio\b", re.IGNORECASE)


def _candidates(
    change: ChangeItem, mentions: list[Mention], sentences: list[Sentence], attached: dict
) -> list[int]:
    sentence = sentence_at(sentences, change.start)
    low = sentence.start if sentence else 0
    return [i for i, m in enumerate(mentions)
            if low <= m.start and m.end <= change.start and i not in attached]  # fmt: skip


def _fits(mention: Mention, change: ChangeItem) -> bool:
    if change.unit == "percentage_points":
        return True
    return mention.unit != "percent"


# 同比分别上升A%、下降B% opening a sentence of its own refers back to the figures before it;
# 逮捕、起诉人数环比分别下降… names its own subjects and does not.
_NO_SUBJECT_ZH = re.compile(
    r"[，,\s]*(?:与|和|较|比)?(?:去年|上年|上一年)?(?:同期)?(?:相比)?[，,]?(?:同比|环比)?分别"
)


# 280件306人、401件431人，件数同比分别上升22.8%、43.2%: the changes are the case counts' only.
_COUNTED_ZH = re.compile(r"(件数|案件数|人数)(?:[^，,。；;\d]{0,6})$")
_COUNTED_UNITS = {"件数": "case", "案件数": "case", "人数": "person"}


# "... in 7,284 cases in 2018, with the number of people up 18.5 percent"
_COUNTED_EN = re.compile(
    r"number of (?:[a-z-]+ ){0,2}?(people|persons|individuals|suspects|defendants|cases)\b"
    r"[^.;]{0,30}$"
)


def _counted_unit(text: str, start: int) -> str | None:
    """The unit a change names just before it (件数 / 人数, "the number of people"), if any."""
    found = _COUNTED_ZH.search(text, max(0, start - 12), start)
    if found:
        return _COUNTED_UNITS[found.group(1)]
    found = _COUNTED_EN.search(text, max(0, start - 60), start)
    if found:
        return "case" if found.group(1) == "cases" else "person"
    return None


def _distribute(
    group: list[ChangeItem],
    mentions: list[Mention],
    sentences: list[Sentence],
    excluded: dict,
    lang: str,
    attached: dict[int, ChangeItem],
    text: str,
) -> list[ChangeItem]:
    first = group[0]
    pool = [i for i in _candidates(first, mentions, sentences, excluded)
            if _fits(mentions[i], first)]  # fmt: skip
    sentence = sentence_at(sentences, first.start)
    if (
        len(pool) < len(group)
        and sentence is not None
        and lang == "zh"
        and _NO_SUBJECT_ZH.fullmatch(text, sentence.start, first.start)
    ):
        # the sentence right before (measured: reaching back to an English sentence attaches
        # more wrong changes than right ones)
        earlier = sentence_at(sentences, sentence.start - 1)
        if earlier is not None:
            pool = [i for i, m in enumerate(mentions)
                    if earlier.start <= m.start and m.end <= first.start and i not in excluded
                    and _fits(m, first)]  # fmt: skip
    counted = _counted_unit(text, first.start)
    if counted is not None and sum(mentions[i].unit == counted for i in pool) >= len(group):
        pool = [i for i in pool if mentions[i].unit == counted]
    if not pool:
        return group
    chosen = pool[-len(group) :]
    offset = len(group) - len(chosen)
    for index, change in zip(chosen, group[offset:], strict=True):
        if change.direction is not None:
            attached[index] = change
    return group[:offset]


def _attach_single(
    change: ChangeItem,
    mentions: list[Mention],
    sentences: list[Sentence],
    attached: dict[int, ChangeItem],
    lang: str,
    text: str,
    asides: set[int],
    changes: list[ChangeItem] = (),  # type: ignore[assignment]
) -> bool:
    if change.direction is None:
        return True
    sentence = sentence_at(sentences, change.start)
    low = sentence.start if sentence else 0
    high = sentence.end if sentence else len(mentions)
    if lang == "en" and sentence is not None and _REFERS_BACK.match(sentence.text):
        low = max((s.start for s in sentences if s.end <= sentence.start), default=low)
    clause = max(low, text.rfind(";", 0, change.start) + 1)
    if clause > low and _REFERS_BACK.match(text[clause : change.end].lstrip()):
        clause = low  # "...was 35.5 percent; it fell 4.1 percentage points"
    reached = _reached_level(change, mentions, text, high, lang)
    if reached is not None and reached not in asides and _fits(mentions[reached], change):
        if reached in attached:
            return False
        attached[reached] = change
        return True
    before = [i for i, m in enumerate(mentions)
              if clause <= m.start and m.end <= change.start and i not in asides]  # fmt: skip
    if before:
        preferred = [i for i in before if _fits(mentions[i], change)] or [
            i for i in before if _RATE.search(text, clause, mentions[i].start)
        ]
        counted = _counted_unit(text, change.start)
        preferred = [i for i in preferred if mentions[i].unit == counted] or preferred
        if change.unit == "percentage_points":
            rates = [i for i in before if mentions[i].unit == "percent"]
            preferred = rates or preferred
        if preferred and preferred[-1] not in attached:
            attached[preferred[-1]] = change
            return True
        return False
    named = (_named_figure(change, mentions, sentences, sentence, text) if lang == "zh"
             else _numbered_back(change, mentions, sentences, sentence, text))  # fmt: skip
    if named is not None and named not in attached:
        attached[named] = change
        return True
    # a change before its count: "an increase of 52 percent ..., with over 34,000 individuals",
    # 同比上升17.3%，达412人; not when the count has a change of its own after it ("rose 1.3
    # times, while 104 people were prosecuted, up 46.5 percent")
    after = [i for i, m in enumerate(mentions)
             if change.end <= m.start and m.end <= high and i not in asides
             and ";" not in text[change.end : m.start]]  # fmt: skip
    if not after or after[0] in attached or not _fits(mentions[after[0]], change):
        return False
    own = mentions[after[0]]
    if any(other is not change and own.end <= other.start < high for other in changes):
        return False
    attached[after[0]] = change
    return True


# "Of them, 318 were accused of ... The number of self-laundering prosecutions was 2.4 times
# that of the same period in 2021": a sentence opening on "the number of" refers back
_NUMBER_OF_EN = re.compile(
    r"\s*the (?:number|total|figure) (?:of [a-z -]{1,60}?)?(?:was|were|stood at|reached|rose|"
    r"fell|grew|increased|decreased|jumped|dropped|climbed)\b"
)


def _previous(sentences: list[Sentence], sentence: Sentence) -> Sentence | None:
    """The sentence before `sentence` (whatever space or line break lies between them)."""
    position = sentence_index(sentences, sentence.start)
    return sentences[position - 1] if position >= 1 else None


def _numbered_back(
    change: ChangeItem,
    mentions: list[Mention],
    sentences: list[Sentence],
    sentence: Sentence | None,
    text: str,
) -> int | None:
    """The last count of the previous sentence, for a change in an English sentence that
    opens on "The number of ... was" and holds no count of its own."""
    if sentence is None or not _NUMBER_OF_EN.match(text, sentence.start):
        return None
    if any(sentence.start <= m.start < sentence.end for m in mentions):
        return None
    earlier = _previous(sentences, sentence)
    if earlier is None:
        return None
    counts = [i for i, m in enumerate(mentions)
              if earlier.start <= m.start < earlier.end and m.unit != "percent"]  # fmt: skip
    return counts[-1] if counts else None


# 与去年同期相比，批捕人数下降13.5%，起诉人数下降9.1%: the change names its figure by metric
# and unit
_NAMED_ZH = re.compile(r"([^，,。；;\d]{1,8}?)(人数|件数|案件数)(?:同比|环比|分别)?$")


def _named_figure(
    change: ChangeItem,
    mentions: list[Mention],
    sentences: list[Sentence],
    sentence: Sentence | None,
    text: str,
) -> int | None:
    """The figure of the previous sentence a change refers back to by naming its metric
    (批捕人数下降13.5% after 批准逮捕…49.2万人): the last one with that metric and unit."""
    found = _NAMED_ZH.search(text, max(0, change.start - 14), change.start)
    if found is None or sentence is None:
        return None
    named = [label for label in cue_labels("metrics", "zh", found.group(1)) if label != "share"]
    earlier = sentence_at(sentences, sentence.start - 1)
    if not named or earlier is None:
        return None
    unit = "person" if found.group(2) == "人数" else "case"
    for index in range(len(mentions) - 1, -1, -1):
        mention = mentions[index]
        if not (earlier.start <= mention.start and mention.end <= earlier.end):
            continue
        before = text[earlier.start : mention.num_start]
        labels = [label for label in cue_labels("metrics", "zh", before) if label != "share"]
        if mention.unit == unit and labels and labels[-1] == named[-1]:
            return index
    return None


# 较去年同期减少320人，下降21.2% / "an increase of 3,000 people": a difference, not a count; the
# change that follows belongs to the count before it
_DIFFERENCE = re.compile(
    r"(?:较|比)[^,;。]{0,8}(?:减少|增加|增长|多|少)了?$"
    r"|(?:an? )?(?:increase|decrease|rise|drop|reduction|fall) of $"
)


def _is_difference(text: str, start: int) -> bool:
    before = text[max(0, start - 4) : start]
    if not before.endswith(_DIFFERENCE_ENDS):  # the common case, decided without a regex
        return False
    return _DIFFERENCE.search(text, max(0, start - 16), start) is not None


_DIFFERENCE_ENDS = ("少", "多", "加", "长", "了", "of ")


# "grew 8 percent from a year earlier to 286,000 people", "almost tripled from 2018, to 570
# people": the level a change reached follows it after "to", in its clause
_TO_LEVEL = re.compile(r"[^,;.]{0,40}?,?\s+to\s+\Z")


def _reached_level(
    change: ChangeItem, mentions: list[Mention], text: str, high: int, lang: str
) -> int | None:
    """The figure right after a change that reports the level it reached (English)."""
    if lang != "en":
        return None
    for index, mention in enumerate(mentions):
        if change.end <= mention.start <= high:
            return index if _TO_LEVEL.fullmatch(text, change.end, mention.start) else None
    return None


def _in_parentheses(text: str, start: int, end: int) -> bool:
    opening = max(text.rfind("(", 0, start), text.rfind("（", 0, start))
    if opening < 0 or max(text.rfind(")", opening, start), text.rfind("）", opening, start)) >= 0:
        return False
    closing = [i for i in (text.find(")", end), text.find("）", end)) if i >= 0]
    return bool(closing) and start - opening <= 12 and min(closing) - end <= 40
