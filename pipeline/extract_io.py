"""The `crimestats extract` contract: releases as JSON lines in, figures as JSON lines out."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TextIO

from pipeline.extract import extract_figures


def extract_jsonl(input_path: Path, sink: TextIO) -> tuple[int, list[str]]:
    """Write one line per figure; a malformed input line is reported and skipped, not fatal.

    Input lines: {"id", "published" (YYYY-MM-DD), "title", "text", "lang"?, "jurisdiction"?}.
    """
    count = 0
    problems: list[str] = []
    with Path(input_path).open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
                published = date.fromisoformat(doc["published"])
                text, doc_id = doc["text"], str(doc["id"])
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                problems.append(f"{input_path}:{number}: {type(exc).__name__}: {exc}")
                continue
            figures = extract_figures(
                text,
                published,
                title=doc.get("title") or "",
                lang=doc.get("lang"),
                jurisdiction=doc.get("jurisdiction") or "national",
            )
            for figure in figures:
                sink.write(json.dumps(figure.to_json(doc_id), ensure_ascii=False) + "\n")
                count += 1
    return count, problems
