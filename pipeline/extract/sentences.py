"""Sentence splitting with offsets, so every figure can cite the sentence it came from."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# A sentence ends at 。！？ (and their ASCII forms), at a line break, or at ". " before an
# upper-case letter/quote/digit unless the word before is a known abbreviation (Feb. 4, U.S.).
# Written to open on one character class, so the regex engine skips ahead to candidates in C.
_END = re.compile(
    r"[。！？!?\n.](?:(?<=[。！？!?])[。！？!?]*[”」\"']?|(?<=\n)\n*|(?<=\.)(?=[\s\"“]+[A-Z\"“0-9]))"
)
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Mr|Mrs|Ms|Dr|St|Co|Ltd|Inc|"
    r"vs|Gov|Prof|Gen|U\.S|U\.N|a\.m|p\.m)|\b[A-Z])$"
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the release body: `body[start:end]`."""

    start: int
    end: int
    text: str


class SentenceList(list[Sentence]):
    """The sentences of a text, with their start offsets kept for lookups by offset (every
    figure asks which sentence it is in, several times)."""

    starts: list[int]


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text` in order, whitespace-trimmed, covering every non-blank character."""
    sentences = SentenceList()
    start = 0
    for match in _END.finditer(text):
        # only the last few characters can hold an abbreviation (the longest is 4 letters)
        tail = text[max(start, match.start() - 10) : match.start()]
        if match.group().startswith(".") and (
            _ABBREVIATIONS.search(tail) or _is_list_number(text, match.start())
        ):
            continue
        _append(sentences, text, start, match.end())
        start = match.end()
    _append(sentences, text, start, len(text))
    sentences.starts = [sentence.start for sentence in sentences]
    return sentences


def _is_list_number(text: str, dot: int) -> bool:
    """ "2. Persons prosecuted" opening a line: a list number, not a sentence end."""
    index = dot - 1
    while index >= 0 and text[index].isdigit():
        index -= 1
    if not 1 <= dot - 1 - index <= 2:
        return False
    while index >= 0 and text[index] in " \t":
        index -= 1
    return index < 0 or text[index] == "\n"


# a numbered section heading opening a line: 一、 / （一） / (1) / "1. "
HEADING = re.compile(
    r"^[ \t]*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.、] )",
    re.MULTILINE,
)


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(start, end, text[start:end]))


def last_match(
    pattern: re.Pattern[str], text: str, offset: int, reach: int
) -> re.Match[str] | None:
    """The last match of `pattern` (a sentence or clause end) in the `reach` characters
    before `offset`."""
    matches = list(pattern.finditer(text, max(0, offset - reach), offset))
    return matches[-1] if matches else None


def sentence_at(sentences: list[Sentence], offset: int) -> Sentence | None:
    """The sentence containing `offset` (None if it falls between sentences)."""
    index = sentence_index(sentences, offset)
    if index >= 0 and offset < sentences[index].end:
        return sentences[index]
    return None


def sentence_index(sentences: list[Sentence], offset: int) -> int:
    """Index of the last sentence starting at or before `offset` (-1 if none)."""
    starts = getattr(sentences, "starts", None)
    if starts is not None:
        return bisect_right(starts, offset) - 1
    return bisect_right(sentences, offset, key=_start) - 1


def _start(sentence: Sentence) -> int:
    return sentence.start
