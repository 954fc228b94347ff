"""The dev corpus and the written held-out releases scored end to end, with pinned floors (raise
them when the extractor improves; lowering one needs a reason in the commit message). Speed is
measured by bench/bench_extract.py, not here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.extract.corpus import extract_corpus
from pipeline.extract.score import score

FIXTURES = Path(__file__).parent / "fixtures"
# (releases files, gold files, floors, field floors) per corpus: the dev corpus from
# ../shared/corpus/dev, and the releases written here as a held-out check (tests/fixtures/written)
CORPORA = {
    "dev": (
        ["corpus/releases.jsonl"],
        ["corpus/gold.jsonl"],
        {"f1": 0.99, "precision": 0.99, "recall": 0.99, "strict_f1": 0.97},
        {"unit": 0.99, "qualifier": 0.99, "change": 0.99, "period": 0.98, "metric": 0.99},
    ),
    "written": (
        [f"written/{lang}{n}-releases.jsonl" for n in ("", "2", "3", "4") for lang in ("zh", "en")],
        [f"written/{lang}{n}-gold.jsonl" for n in ("", "2", "3", "4") for lang in ("zh", "en")],
        {"f1": 0.99, "precision": 0.99, "recall": 0.99, "strict_f1": 0.97},
        {"unit": 0.99, "qualifier": 0.99, "change": 0.99, "period": 0.99, "metric": 0.98},
    ),
}


def _jsonl(*names: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for name in names:
        with (FIXTURES / name).open(encoding="utf-8") as handle:
            rows += [json.loads(line) for line in handle if line.strip()]
    return rows


@pytest.fixture(scope="module")
def releases() -> list[dict[str, Any]]:
    return _jsonl(*CORPORA["dev"][0])


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_corpus_scores_stay_above_floors(corpus: str) -> None:
    release_files, gold_files, floors, field_floors = CORPORA[corpus]
    rows = _jsonl(*release_files)
    texts = {str(r["id"]): str(r["text"]) for r in rows}
    scores = score(extract_corpus(rows), _jsonl(*gold_files), texts)
    print("\n" + scores.table())
    measured = {"f1": scores.f1, "precision": scores.precision, "recall": scores.recall,
                "strict_f1": scores.strict_f1}  # fmt: skip
    for name, floor in floors.items():
        assert measured[name] >= floor, f"{corpus}: {name} {measured[name]:.3f} fell below {floor}"
    for name, floor in field_floors.items():
        assert scores.accuracy(name) >= floor, f"{corpus}: {name} accuracy fell below {floor}"


def test_every_figure_text_is_its_span_of_the_body(releases: list[dict[str, Any]]) -> None:
    texts = {str(r["id"]): str(r["text"]) for r in releases}
    for row in extract_corpus(releases):
        assert texts[row["doc"]][row["start"] : row["end"]] == row["text"]
        assert row["text"] in texts[row["doc"]] and row["sentence"]
        assert row["period_start"] is not None and row["period_end"] is not None
