"""The seed document (English machine translation): its headline figures must come out right."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.extract import Figure, extract_figures

SEED = Path(__file__).parent / "fixtures" / "corpus" / "seed.txt"


@pytest.fixture(scope="module")
def figures() -> list[Figure]:
    return extract_figures(SEED.read_text(encoding="utf-8"), date(2024, 2, 4))


def _by_text(figures: list[Figure], text: str) -> Figure:
    found = [figure for figure in figures if figure.text == text]
    assert found, f"{text!r} not extracted; got {[f.text for f in figures]}"
    return found[0]


def test_fraud_prosecutions_with_change(figures: list[Figure]) -> None:
    fraud = _by_text(figures, "more than 42,000 people")
    assert (fraud.value, fraud.unit, fraud.qualifier) == (42000, "person", "more_than")
    assert (fraud.change_value, fraud.change_unit, fraud.change_direction) == (
        63.5,
        "percent",
        "up",
    )
    assert fraud.change_basis == "year_on_year"
    assert fraud.metric == "prosecuted"
    assert (fraud.period_start, fraud.period_end) == (date(2023, 1, 1), date(2023, 11, 30))


def test_assisting_cybercrime_with_change(figures: list[Figure]) -> None:
    helping = _by_text(figures, "more than 129,000 people")
    assert (helping.value, helping.unit, helping.qualifier) == (129000, "person", "more_than")
    assert (helping.change_value, helping.change_direction) == (13.2, "up")
    assert helping.metric == "prosecuted"
    assert helping.offense == "assisting_cybercrime"


def test_exact_counts_and_spelled_numbers(figures: list[Figure]) -> None:
    people = [f for f in figures if f.text == "45,000 people"]
    assert people and all(f.qualifier == "exact" and f.change_value is None for f in people)
    cases = [f for f in figures if f.value == 5 and f.unit == "case"]
    assert {f.text.split()[0] for f in cases} == {"five", "5"}
    provinces = [f for f in figures if f.text == "28 provinces"]
    assert provinces and all(f.unit == "item" for f in provinces)


def test_no_dates_or_list_markers(figures: list[Figure]) -> None:
    assert all(f.value not in (4, 2023) for f in figures if f.value is not None)
    assert not any("half" in f.text for f in figures)
