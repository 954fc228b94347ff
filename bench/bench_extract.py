"""Extraction throughput on the annotated corpus: releases/s and characters/s.

.venv/bin/python bench/bench_extract.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date
from pathlib import Path

from pipeline.extract import extract_figures

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "corpus" / "releases.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    docs = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    extract_figures(docs[0]["text"], date.fromisoformat(docs[0]["published"]))  # load lexicons
    chars = sum(len(d["text"]) for d in docs) * args.repeat
    figures = 0
    started = time.perf_counter()
    for _ in range(args.repeat):
        for d in docs:
            found = extract_figures(
                d["text"],
                date.fromisoformat(d["published"]),
                title=d["title"],
                lang=d["lang"].split("-")[0],
            )
            figures += len(found)
    elapsed = time.perf_counter() - started
    releases = len(docs) * args.repeat
    print(f"releases: {releases}  figures: {figures}  seconds: {elapsed:.2f}")
    print(
        f"releases/s: {releases / elapsed:,.0f}  chars/s: {chars / elapsed:,.0f}  "
        f"ms/release: {1000 * elapsed / releases:.2f}"
    )


if __name__ == "__main__":
    main()
