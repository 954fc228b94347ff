"""Ranges are one figure valued at their middle, qualifier about; from-to changes and lists of
two numbers are not ranges."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.extract import extract_figures
from pipeline.extract.numbers import parse_value

PUB = date(2024, 1, 15)


def _figures(text: str, lang: str) -> list[tuple[str, float | None, str]]:
    return [(f.text, f.value, f.qualifier) for f in extract_figures(text, PUB, lang=lang)
            if f.value is not None]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("去年检察机关起诉3000至5000人。", "zh", ("3000至5000人", 4000, "about")),
        ("去年共起诉3000-5000人。", "zh", ("3000-5000人", 4000, "about")),
        ("去年起诉2至3万人。", "zh", ("2至3万人", 25000, "about")),
        ("去年起诉2.5万至3.5万人。", "zh", ("2.5万至3.5万人", 30000, "about")),
        (
            "Prosecutors charged 3,000 to 5,000 people last year.",
            "en",
            ("3,000 to 5,000 people", 4000, "about"),
        ),
        (
            "Between 3,000 and 5,000 people were charged last year.",
            "en",
            ("Between 3,000 and 5,000 people", 4000, "about"),
        ),
    ],
)
def test_a_range_is_one_figure_at_its_middle(text: str, lang: str, expected: tuple) -> None:
    assert _figures(text, lang) == [expected]
    assert parse_value(expected[0], lang) == expected[1]  # the text re-parses to the value


def test_from_to_and_lists_of_two_are_not_ranges() -> None:
    assert _figures("涉案人数由1200人上升至1500人。", "zh") == [
        ("1200人", 1200, "exact"), ("1500人", 1500, "exact")]  # fmt: skip
    assert _figures("They charged 3,000 and 5,000 people in 2022 and 2023.", "en")[-1] == (
        "5,000 people", 5000, "exact")  # fmt: skip


def test_a_year_before_to_is_not_the_low_end() -> None:
    text = "The number prosecuted climbed from 137 in 2018 to 130,000 people in 2022."
    assert _figures(text, "en")[-1] == ("130,000 people", 130000, "exact")
