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


def trie(words: list[str] | tuple[str, ...]) -> str:
    """The same matches as `alternation(words)` (the longest word wins at a position), written
    as a prefix tree: a position costs one test per letter instead of one per word, which
    matters for the long English cue lists where most letters can start a word."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for char in str(word):
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return _branch(root)


def _branch(node: dict[str, dict]) -> str:
    options = [re.escape(char) + _branch(child) for char, child in sorted(node.items()) if char]
    if not options:
        return ""
    body = options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"
    return f"(?:{body})?" if "" in node else body


@cache
def cue_pattern(lexicon: str, lang: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex over every cue of a `label: [cues]` lexicon and the cue -> label map."""
    table: dict[str, list[str]] = load(lexicon)[lang]
    labels: dict[str, str] = {}
    for label, cues in table.items():
        for cue in cues:
            labels.setdefault(str(cue).lower(), label)
    body = trie(list(labels))
    if lang.startswith("en"):
        return re.compile(rf"(?<![a-z-])(?:{body})(?![a-z])"), labels
    return re.compile(body), labels
