"""The scorer: span overlap + value matching, optional gold lines, field accuracies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.extract.score import main, score

TEXT = "起诉4.2万余人，同比上升63.5%；批捕1200人。"


def _gold(span: str, value: float, **extra: object) -> dict[str, object]:
    row: dict[str, object] = {
        "doc": "d", "span": span, "value": value, "unit": "person", "qualifier": "exact",
        "metric": "prosecuted", "period_start": "2023-01-01", "period_end": "2023-12-31",
        "change": None, "optional": False,
    }  # fmt: skip
    row.update(extra)
    return row


def _pred(start: int, end: int, value: float | None, **extra: object) -> dict[str, object]:
    row: dict[str, object] = {
        "doc": "d", "start": start, "end": end, "text": TEXT[start:end], "value": value,
        "unit": "person", "qualifier": "exact", "metric": "prosecuted",
        "period_start": "2023-01-01", "period_end": "2023-12-31", "change_value": None,
        "change_unit": None, "change_direction": None,
    }  # fmt: skip
    row.update(extra)
    return row


def test_match_needs_overlap_and_equal_value() -> None:
    gold = [
        _gold("4.2万余人", 42000, qualifier="more_than"),
        _gold("1200人", 1200, metric="arrested"),
    ]
    predicted = [
        _pred(2, 8, 42000, qualifier="more_than"),
        _pred(21, 26, 1300, metric="arrested"),
        _pred(9, 18, None),
    ]
    scores = score(predicted, gold, {"d": TEXT})
    assert (scores.true_positives, scores.false_positives, scores.false_negatives) == (1, 1, 1)
    assert scores.precision == pytest.approx(0.5) and scores.recall == pytest.approx(0.5)
    assert scores.strict_true_positives == 1


def test_optional_lines_and_field_accuracy() -> None:
    change = {"value": 63.5, "unit": "percent", "direction": "up", "basis": "year_on_year"}
    gold = [
        _gold("4.2万余人", 42000, qualifier="more_than", change=change),
        _gold("63.5%", 63.5, optional=True),
        _gold("1200人", 1200, metric="arrested", optional=True),
    ]
    predicted = [_pred(2, 8, 42000, qualifier="exact", change_value=63.5, change_unit="percent",
                       change_direction="up"), _pred(21, 26, 1200, metric="arrested")]  # fmt: skip
    scores = score(predicted, gold, {"d": TEXT})
    assert (scores.true_positives, scores.false_positives, scores.false_negatives) == (1, 0, 0)
    assert scores.accuracy("change") == 1.0 and scores.accuracy("qualifier") == 0.0
    assert scores.strict_f1 == 0.0 and scores.f1 == 1.0


def test_cli_prints_a_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold_path, pred_path = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold_path.write_text(json.dumps(_gold("1200人", 1200)) + "\n", encoding="utf-8")
    pred_path.write_text(json.dumps(_pred(21, 26, 1200)) + "\n", encoding="utf-8")
    main(["--gold", str(gold_path), "--pred", str(pred_path)])
    out = capsys.readouterr().out
    assert "detection F1" in out and "1.000" in out
