"""Scores extractor output against the hand-annotated gold figures.

A prediction matches a gold line of the same document when their spans overlap in the body and
their values agree (1e-6 relative). Predictions with value None (bare changes) are not scored;
optional gold lines never count as misses, and matching one is no false positive.

    python -m pipeline.extract.score --gold gold.jsonl --pred pred.jsonl [--releases r.jsonl]
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FIELDS = ("unit", "qualifier", "change", "period", "metric")


@dataclass(frozen=True, slots=True)
class Scores:
    """Detection and strict precision/recall/F1 plus per-field accuracy over matched pairs."""

    true_positives: int
    false_positives: int
    false_negatives: int
    strict_true_positives: int
    field_correct: dict[str, int] = field(default_factory=dict)
    matched: int = 0

    @property
    def precision(self) -> float:
        return _ratio(self.true_positives, self.true_positives + self.false_positives)

    @property
    def recall(self) -> float:
        return _ratio(self.true_positives, self.true_positives + self.false_negatives)

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    @property
    def strict_f1(self) -> float:
        predicted = self.true_positives + self.false_positives
        gold = self.true_positives + self.false_negatives
        return _f1(_ratio(self.strict_true_positives, predicted),
                   _ratio(self.strict_true_positives, gold))  # fmt: skip

    def accuracy(self, name: str) -> float:
        """Share of matched pairs whose `name` field agrees."""
        return _ratio(self.field_correct.get(name, 0), self.matched)

    def table(self) -> str:
        """A plain-text table of every score."""
        rows = [
            ("detection precision", self.precision),
            ("detection recall", self.recall),
            ("detection F1", self.f1),
            ("strict F1", self.strict_f1),
            *((f"accuracy {name}", self.accuracy(name)) for name in FIELDS),
        ]
        lines = [f"{name:<22}{value:>8.3f}" for name, value in rows]
        counts = (f"tp={self.true_positives} fp={self.false_positives} "
                  f"fn={self.false_negatives} strict_tp={self.strict_true_positives}")  # fmt: skip
        return "\n".join([*lines, counts])


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score(
    predicted: list[dict[str, Any]],
    gold: list[dict[str, Any]],
    texts: dict[str, str] | None = None,
) -> Scores:
    """Scores `predicted` extract lines against `gold` lines.

    `texts` (doc id -> body) locates gold spans; without it a gold span is located through the
    predictions of its document whose `text` contains it or is contained in it.
    """
    tp = fp = fn = strict = 0
    correct = dict.fromkeys(FIELDS, 0)
    for doc in sorted({row["doc"] for row in [*predicted, *gold]}):
        preds = [p for p in predicted if p["doc"] == doc and p.get("value") is not None]
        golds = [g for g in gold if g["doc"] == doc]
        pairs, unmatched_preds = _match(preds, golds, (texts or {}).get(doc))
        matched_gold = {id(g) for _, g in pairs}
        tp += sum(1 for _, g in pairs if not g.get("optional"))
        fp += unmatched_preds
        fn += sum(1 for g in golds if id(g) not in matched_gold and not g.get("optional"))
        for pred, gold_line in pairs:
            if gold_line.get("optional"):
                continue
            checks = {name: _field_ok(name, pred, gold_line) for name in FIELDS}
            for name, ok in checks.items():
                correct[name] += ok
            strict += all(checks.values())
    return Scores(tp, fp, fn, strict, correct, tp)


def mistakes(
    predicted: list[dict[str, Any]],
    gold: list[dict[str, Any]],
    texts: dict[str, str] | None = None,
) -> list[str]:
    """One line per scored mistake, matched the way `score` matches: a missed gold figure, a
    spurious prediction, or a field of a matched figure that differs (gold -> predicted)."""
    lines: list[str] = []
    for doc in sorted({row["doc"] for row in [*predicted, *gold]}):
        preds = [p for p in predicted if p["doc"] == doc and p.get("value") is not None]
        golds = [g for g in gold if g["doc"] == doc]
        pairs, _ = _match(preds, golds, (texts or {}).get(doc))
        matched = {id(g) for _, g in pairs} | {id(p) for p, _ in pairs}
        lines += [f"{doc} missed   {g['span']!r} {g['value']}" for g in golds
                  if id(g) not in matched and not g.get("optional")]  # fmt: skip
        lines += [f"{doc} spurious {p.get('text')!r} {p['value']}" for p in preds
                  if id(p) not in matched]  # fmt: skip
        for pred, gold_line in pairs:
            if gold_line.get("optional"):
                continue
            for name in FIELDS:
                if not _field_ok(name, pred, gold_line):
                    lines.append(f"{doc} {name:<8} {gold_line['span']!r}: "
                                 f"{_shown(name, gold_line)} -> {_shown(name, pred)}")  # fmt: skip
    return lines


def _shown(name: str, row: dict[str, Any]) -> str:
    if name == "period":
        return f"{row.get('period_start')}..{row.get('period_end')}"
    if name == "change":
        change = row.get("change", row.get("change_value"))
        if isinstance(change, dict):
            return f"{change['direction']} {change['value']} {change['unit']}"
        if row.get("change_value") is None:
            return "none"
        return f"{row.get('change_direction')} {row.get('change_value')} {row.get('change_unit')}"
    return str(row.get(name))


def _match(
    preds: list[dict[str, Any]], golds: list[dict[str, Any]], text: str | None
) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], int]:
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    used: set[int] = set()
    for gold_line in golds:
        spans = _gold_spans(gold_line["span"], text)
        for index, pred in enumerate(preds):
            if index in used or not _same_value(pred["value"], gold_line["value"]):
                continue
            if _overlaps(pred, gold_line["span"], spans):
                pairs.append((pred, gold_line))
                used.add(index)
                break
    return pairs, len(preds) - len(used)


def _gold_spans(span: str, text: str | None) -> list[tuple[int, int]]:
    if not text or not span:
        return []
    found, start = [], text.find(span)
    while start >= 0:
        found.append((start, start + len(span)))
        start = text.find(span, start + 1)
    return found


def _overlaps(pred: dict[str, Any], span: str, spans: list[tuple[int, int]]) -> bool:
    if spans:
        return any(pred["start"] < end and start < pred["end"] for start, end in spans)
    text = str(pred.get("text", ""))
    return bool(text) and (text in span or span in text)


def _same_value(left: Any, right: Any) -> bool:
    if left is None or right is None:
        return False
    return math.isclose(float(left), float(right), rel_tol=1e-6)


def _field_ok(name: str, pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    if name == "change":
        change = gold.get("change")
        if change is None:
            return pred.get("change_value") is None
        return (_same_value(pred.get("change_value"), change["value"])
                and pred.get("change_unit") == change["unit"]
                and pred.get("change_direction") == change["direction"])  # fmt: skip
    if name == "period":
        return (pred.get("period_start") == gold.get("period_start")
                and pred.get("period_end") == gold.get("period_end"))  # fmt: skip
    return bool(pred.get(name) == gold.get(name))


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The JSON lines of `path`."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _texts(rows: Iterable[dict[str, Any]]) -> dict[str, str]:
    return {str(row["id"]): str(row["text"]) for row in rows}


def main(argv: list[str] | None = None) -> None:
    """CLI: prints the score table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--pred", type=Path, required=True)
    parser.add_argument("--releases", type=Path, help="releases.jsonl to locate gold spans")
    args = parser.parse_args(argv)
    texts = _texts(read_jsonl(args.releases)) if args.releases else None
    print(score(read_jsonl(args.pred), read_jsonl(args.gold), texts).table())


if __name__ == "__main__":
    main()
