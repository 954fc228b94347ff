"""Runs the extractor over a releases.jsonl corpus (the dev corpus, the hidden set).

python -m pipeline.extract.corpus --releases releases.jsonl --out pred.jsonl
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.extract.core import extract_figures


def extract_release(release: dict[str, Any]) -> list[dict[str, Any]]:
    """The extract output lines of one release line."""
    figures = extract_figures(
        str(release["text"]),
        date.fromisoformat(str(release["published"])),
        title=str(release.get("title", "")),
        lang=release.get("lang"),
    )
    return [figure.to_json(str(release["id"])) for figure in figures]


def extract_corpus(releases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Extract output lines of every release, in corpus order."""
    return [row for release in releases for row in extract_release(release)]


def main(argv: list[str] | None = None) -> None:
    """CLI: writes one JSON line per figure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    with args.releases.open(encoding="utf-8") as handle:
        releases = [json.loads(line) for line in handle if line.strip()]
    with args.out.open("w", encoding="utf-8") as out:
        for row in extract_corpus(releases):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
