"""Loads the YAML lexicons once: extraction rules are data, the code only applies them."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load(name: str) -> Any:
    """The parsed lexicon `lexicons/<name>.yaml` (cached: lexicons never change at run time)."""
    path = resources.files("pipeline.extract").joinpath("lexicons").joinpath(f"{name}.yaml")
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@cache
def fold_table() -> dict[int, int]:
    """A str.translate table folding traditional and full-width characters one to one."""
    pairs = str(load("charmap")["pairs"]).split()
    return {ord(pair[0]): ord(pair[1]) for pair in pairs}


def fold(text: str) -> str:
    """Simplified, ASCII-punctuated copy of `text` with the same length (offsets stay valid).

    >>> fold("４．２萬餘人")
    '4.2万余人'
    """
    return text.translate(fold_table())


def alternation(words: list[str] | tuple[str, ...], *, escape: bool = True) -> str:
    """A regex alternation of `words`, longest first so a longer cue wins over its prefix."""
    items = sorted({str(word) for word in words}, key=len, reverse=True)
    return "|".join(re.escape(item) if escape else item for item in items)


@cache
def cue_pattern(lexicon: str, lang: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex over every cue of a `label: [cues]` lexicon and the cue -> label map."""
    table: dict[str, list[str]] = load(lexicon)[lang]
    labels: dict[str, str] = {}
    for label, cues in table.items():
        for cue in cues:
            labels.setdefault(str(cue).lower(), label)
    body = alternation(list(labels))
    if lang.startswith("en"):
        return re.compile(rf"(?<![a-z-])(?:{body})(?![a-z])"), labels
    return re.compile(body), labels
