"""Scores `crimestats extract` output (JSON lines) against a gold file in the SCHEMA.md format:
detection precision, recall and F1, strict F1, and the accuracy of unit, qualifier, change,
period and metric on matched figures (pipeline/extract/score.py does the matching).

    crimestats extract --input ../shared/corpus/dev/releases.jsonl --output /tmp/pred.jsonl
    .venv/bin/python bench/score_extract.py --pred /tmp/pred.jsonl \\
        --gold ../shared/corpus/dev/gold.jsonl --releases ../shared/corpus/dev/releases.jsonl

--releases (the extractor's input) lets gold spans be located in the body; without it a gold
span is matched through the text of the predictions.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.extract.score import mistakes, read_jsonl, score


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pred", type=Path, required=True, help="crimestats extract output")
    parser.add_argument("--gold", type=Path, required=True, help="gold.jsonl (SCHEMA.md)")
    parser.add_argument("--releases", type=Path, help="releases.jsonl given to extract")
    parser.add_argument("--errors", action="store_true", help="list every mistake too")
    args = parser.parse_args(argv)
    texts = None
    if args.releases:
        texts = {str(row["id"]): str(row["text"]) for row in read_jsonl(args.releases)}
    predicted = read_jsonl(args.pred)
    gold = read_jsonl(args.gold)
    scores = score(predicted, gold, texts)
    docs = len({row["doc"] for row in gold})
    optional = sum(1 for g in gold if g.get("optional"))
    counted = sum(1 for p in predicted if p.get("value") is not None)
    print(
        f"{args.pred} vs {args.gold}: {docs} documents, {len(gold)} gold lines "
        f"({optional} optional), {counted} predicted figures"
    )
    print(scores.table())
    if args.errors:
        print("\n".join(mistakes(predicted, gold, texts)))


if __name__ == "__main__":
    main()
