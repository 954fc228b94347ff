"""Extraction throughput, one core: characters/s over a generated corpus of >= 5 million
characters (bench/gen_corpus.py, Chinese and English), or over the annotated dev corpus.

.venv/bin/python bench/bench_extract.py                  # generated corpus, 5M chars, seed 7
.venv/bin/python bench/bench_extract.py --dev --repeat 20  # the 58 dev releases
.venv/bin/python bench/bench_extract.py --profile        # pyinstrument profile of one pass
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_corpus import generate

from pipeline.extract import extract_figures

DEV = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "corpus" / "releases.jsonl"


def _run(docs: list[dict[str, Any]]) -> int:
    figures = 0
    for doc in docs:
        figures += len(
            extract_figures(
                doc["text"],
                date.fromisoformat(doc["published"]),
                title=doc["title"],
                lang=doc["lang"],
            )
        )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", action="store_true", help="the dev corpus instead")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--chars", type=int, default=5_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="print a pyinstrument profile")
    args = parser.parse_args()
    if args.dev:
        docs = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()]
    else:
        docs = generate(args.chars, args.seed)
    _run(docs[:5])  # load lexicons and compile patterns outside the timing
    chars = sum(len(d["text"]) for d in docs) * args.repeat
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
    started = time.perf_counter()
    figures = sum(_run(docs) for _ in range(args.repeat))
    elapsed = time.perf_counter() - started
    if profiler is not None:
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    releases = len(docs) * args.repeat
    corpus = "dev corpus" if args.dev else f"generated corpus (seed {args.seed})"
    print(f"{corpus}: releases {releases:,}  characters {chars:,}  figures {figures:,}")
    print(
        f"seconds {elapsed:.2f}  chars/s {chars / elapsed:,.0f}  "
        f"releases/s {releases / elapsed:,.0f}"
    )


if __name__ == "__main__":
    main()
