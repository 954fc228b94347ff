"""The dev corpus scored end to end, with pinned floors (raise them when the extractor improves;
lowering one needs a reason in the commit message)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from pipeline.extract.corpus import extract_corpus
from pipeline.extract.score import score

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
FLOORS = {"f1": 0.99, "precision": 0.99, "recall": 0.99, "strict_f1": 0.97}
FIELD_FLOORS = {"unit": 0.99, "qualifier": 0.99, "change": 0.99, "period": 0.98, "metric": 0.99}


def _jsonl(name: str) -> list[dict[str, Any]]:
    with (CORPUS / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.fixture(scope="module")
def releases() -> list[dict[str, Any]]:
    return _jsonl("releases.jsonl")


def test_dev_corpus_scores_stay_above_floors(releases: list[dict[str, Any]]) -> None:
    predicted = extract_corpus(releases)
    texts = {str(r["id"]): str(r["text"]) for r in releases}
    scores = score(predicted, _jsonl("gold.jsonl"), texts)
    print("\n" + scores.table())
    measured = {"f1": scores.f1, "precision": scores.precision, "recall": scores.recall,
                "strict_f1": scores.strict_f1}  # fmt: skip
    for name, floor in FLOORS.items():
        assert measured[name] >= floor, f"{name} {measured[name]:.3f} fell below {floor}"
    for name, floor in FIELD_FLOORS.items():
        assert scores.accuracy(name) >= floor, f"{name} accuracy fell below {floor}"


def test_corpus_runs_well_under_a_second_per_release(releases: list[dict[str, Any]]) -> None:
    started = time.perf_counter()
    extract_corpus(releases)
    per_release = (time.perf_counter() - started) / len(releases)
    assert per_release < 0.1


def test_every_figure_text_is_its_span_of_the_body(releases: list[dict[str, Any]]) -> None:
    texts = {str(r["id"]): str(r["text"]) for r in releases}
    for row in extract_corpus(releases):
        assert texts[row["doc"]][row["start"] : row["end"]] == row["text"]
        assert row["text"] in texts[row["doc"]] and row["sentence"]
        assert row["period_start"] is not None and row["period_end"] is not None
