"""The fast scanning forms give exactly the matches of the plain regexes they replace."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.extract import changes, lexicon, periods, scan, sentences
from pipeline.extract.core import normalise

# Text built from the tokens these patterns care about, so matches, near-misses and overlaps
# are common rather than vanishingly rare.
_TOKENS = [
    "5", "12", "1,200", "3.5", "0", " ", "  ", "-", ".", ",", "x", "percent", "%", " percent",
    "increase", " rise", "more", " than", "times", " as many", " as much", "one", "three",
    "twice", "half", "a third", "one-third", "double", "doubled", "doubling", "re", "up",
    "the", "of them", "those", "these", "\n", "。", "！", "?", "”", " A", " 3", ". ", "“", "+",
    "(", ")", "tripled", "higher", "lower", " points",
]  # fmt: skip
texts = st.lists(st.sampled_from(_TOKENS), max_size=40).map("".join)


def _spans(matches: object) -> list[tuple[int, int, dict[str, str | None]]]:
    return [
        (m.start(), m.end(), {k: v for k, v in m.groupdict().items() if v is not None})
        for m in matches  # type: ignore[attr-defined]
    ]


def _as_one_alternation(parts: list[scan.Part]) -> re.Pattern[str]:
    """The parts written as the single regex they stand for (group names dropped: several parts
    name theirs alike)."""
    body = "|".join(f"(?:{part.pattern.pattern})" for part in parts)
    return re.compile(re.sub(r"\(\?P<\w+>", "(?:", body))


@settings(max_examples=400, deadline=None)
@given(texts)
def test_parts_give_the_matches_of_the_whole_alternation(text: str) -> None:
    # the shipped English number-first change forms, against the plain alternation of them
    for parts in changes._en_patterns()[:2]:
        found = [(m.start(), m.end()) for m in scan.finditer(parts, text)]
        assert found == [(m.start(), m.end()) for m in _as_one_alternation(parts).finditer(text)]


def test_parts_find_anchored_and_overlapping_matches() -> None:
    _, number_first, _ = changes._en_patterns()
    text = "5 percent increase, three times as many, 2 more than, doubled; x-double, redouble"
    found = [m.group() for m in scan.finditer(number_first, text)]
    assert found == ["5 percent increase", "three times as many", "2 more than", "doubled"]
    assert found == [m.group() for m in _as_one_alternation(number_first).finditer(text)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["ab", "abc", "abcd", "b", "bcd", "a-b", "c d", "d"]), min_size=1),
    st.lists(st.sampled_from(["a", "b", "c", "d", "-", " ", "abc", "bcd"]), max_size=30),
)
def test_trie_matches_like_the_longest_first_alternation(
    words: list[str], chars: list[str]
) -> None:
    text = "".join(chars)
    plain = re.compile(lexicon.alternation(words))
    tree = re.compile(lexicon.trie(words))
    assert _spans(tree.finditer(text)) == _spans(plain.finditer(text))
    guarded = re.compile(rf"(?<![a-z-])(?:{lexicon.trie(words)})(?![a-z])")
    plain_guarded = re.compile(rf"(?<![a-z-])(?:{lexicon.alternation(words)})(?![a-z])")
    assert _spans(guarded.finditer(text)) == _spans(plain_guarded.finditer(text))


_SENTENCE_END = re.compile(r"[。！？!?]+[”」\"']?|\n+|\.(?=[\s\"“]+[A-Z\"“0-9])")


@settings(max_examples=300, deadline=None)
@given(texts)
def test_sentence_end_pattern_matches_the_plain_form(text: str) -> None:
    assert _spans(sentences._END.finditer(text)) == _spans(_SENTENCE_END.finditer(text))


# Small alternatives that overlap, tie at one position and carry lookbehinds; the last two
# are anchored on a literal they contain within `reach` characters of their start.
_ALTERNATIVES = [
    (r"ab", (), 0),
    (r"a+bc?", (), 0),
    (r"(?<!x)b+", (), 0),
    (r"(?<![a-z])ca?b", ("b",), 2),
    (r"d(?:ab|a)c", ("c",), 3),
]


@settings(max_examples=500, deadline=None)
@example([4], list("cdac"))  # a match starting right after an anchor
@example([0, 1], list("abc"))  # a tie at one position: the earlier part wins
@given(
    st.lists(st.sampled_from(range(len(_ALTERNATIVES))), min_size=1, max_size=4, unique=True),
    st.lists(st.sampled_from(["a", "b", "c", "d", "x", "ab", "cab"]), max_size=25),
)
def test_finditer_over_parts_equals_re_finditer(order: list[int], chars: list[str]) -> None:
    chosen = [_ALTERNATIVES[i] for i in order]
    parts = [scan.part(pattern, anchors, reach) for pattern, anchors, reach in chosen]
    whole = re.compile("|".join(f"(?:{pattern})" for pattern, _, _ in chosen))
    text = "".join(chars)
    found = [(m.start(), m.end()) for m in scan.finditer(parts, text)]
    assert found == [(m.start(), m.end()) for m in whole.finditer(text)]


_PERIOD_TOKENS = ["january", "march", "may", "mayor", " ", " 4,", " 2023", " to ", " and ", "from ",
                  "between ", "this year", "x", "1"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PERIOD_TOKENS), max_size=30).map("".join))
def test_period_rules_opening_on_a_word_list_match_like_finditer(text: str) -> None:
    rules = [rule for rule in periods._patterns("en") if rule.opens_on]
    assert rules
    openings = periods.scan_state(text, "en")
    for rule in rules:
        found = [(m.start(), m.end()) for m in periods._scan(rule, text, openings)]
        assert found == [(m.start(), m.end()) for m in rule.pattern.finditer(text)]


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        (r"(?P<rel>this year|last year)", ("this year", "last year")),
        (r"前(?P<n>\d{1,2})个月", ("个月",)),
        (r"(?:in|over) the (?P<n>\d+) years?", (" the ",)),
        (r"\d+(?:万)?人", ("人",)),
        (r"(?:a|b\d)?c", ("c",)),
        (r"\d+|x", ()),  # a branch with no literal: no gate
        (r"a(?=bcd)", ("a",)),  # a lookahead holds nothing the match contains
    ],
)
def test_required_literals_of_patterns(pattern: str, needs: tuple[str, ...]) -> None:
    assert scan.required_literals(pattern) == needs


def test_every_period_rule_match_holds_one_of_its_required_literals() -> None:
    # the gate may only skip texts where the rule cannot match: checked on every corpus text
    fixtures = Path(__file__).parent / "fixtures"
    rows = [json.loads(line) for path in sorted(fixtures.glob("**/*releases.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]  # fmt: skip
    checked = 0
    for row in rows:
        lang = "en" if row["lang"] == "en" else "zh"
        text = normalise(row["text"], lang)
        for rule in periods._patterns(lang):
            for match in rule.pattern.finditer(text):
                assert not rule.needs or any(need in match.group() for need in rule.needs)
                checked += 1
    assert checked > 500
