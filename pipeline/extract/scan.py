"""Scanning for patterns that Python's regex engine would otherwise try at every character.

`re` skips ahead in C only when a pattern opens on a literal or a character class. A pattern
that opens on a lookbehind or on an alternation of sub-patterns is tried at every position,
which is what made the English "5 percent increase" / "three times as many" finder one of the
slowest steps of extraction. `finditer` takes such a pattern as parts that each open well (or
that can only match just before a literal `anchor`), and gives exactly the matches
`re.finditer` would give for the whole alternation.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

_ARABIC_REST = r"(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?)"


def arabic_not_after(before: str) -> str:
    """numbers.ARABIC behind the lookbehind `(?<!before)` (one character class), rewritten to
    open on `\\d` (same language, same choice order) so the scanner can skip ahead to digits."""
    return rf"\d(?<!{before}\d){_ARABIC_REST}"


@dataclass(frozen=True, slots=True)
class Part:
    """One alternative of a pattern. With `anchors`, every match of `pattern` contains one of
    those literal strings, starting at most `reach` characters after the match's start: only
    the positions just before an anchor are tried. `pattern` never matches the empty string."""

    pattern: re.Pattern[str]
    anchors: tuple[str, ...] = ()
    reach: int = 0


def part(pattern: str, anchors: tuple[str, ...] = (), reach: int = 0) -> Part:
    return Part(re.compile(pattern), anchors, reach)


def finditer(parts: Sequence[Part], text: str) -> Iterator[re.Match[str]]:
    """Matches of the alternation `part1 | part2 | ...`, as re.finditer would give them:
    leftmost first, the earlier part winning at the same position, none overlapping."""
    pending = [_next(p, text, 0) for p in parts]
    while True:
        best: re.Match[str] | None = None
        for match in pending:
            if match is not None and (best is None or match.start() < best.start()):
                best = match
        if best is None:
            return
        yield best
        pos = best.end()
        pending = [
            _next(p, text, pos) if m is not None and m.start() < pos else m
            for p, m in zip(parts, pending, strict=True)
        ]


def _next(part: Part, text: str, pos: int) -> re.Match[str] | None:
    """The leftmost match of `part` starting at or after `pos`."""
    if not part.anchors:
        return part.pattern.search(text, pos)
    tried = pos  # positions below this are already tried
    while True:
        found = [i for i in (text.find(a, tried) for a in part.anchors) if i >= 0]
        if not found:
            return None
        anchor = min(found)
        for start in range(max(tried, anchor - part.reach), anchor + 1):
            match = part.pattern.match(text, start)
            if match is not None:
                return match
        tried = anchor + 1


def required_literals(pattern: str) -> tuple[str, ...]:
    """Strings at least one of which every match of `pattern` contains, or () when there are
    none to rely on. A text holding none of them cannot match, and `str.__contains__` decides
    that far faster than a regex scan: rules that rarely apply cost almost nothing.

    Read from the parsed pattern: runs of literal characters in a sequence (through groups
    and repeats of at least one), or one run per branch of an alternation; the candidate whose
    shortest string is longest wins."""
    try:
        tree = importlib.import_module("re._parser").parse(pattern)  # the stdlib's own parser
    except Exception:  # an unparsable or unusual pattern only loses its gate
        return ()
    candidates = _sequence_needs(list(tree))
    best = max(candidates, key=lambda strings: min(map(len, strings)), default=())
    return tuple(best)


def _sequence_needs(items: list[Any]) -> list[tuple[str, ...]]:
    """Candidate requirement sets of a parsed sequence."""
    c = importlib.import_module("re._constants")

    candidates: list[tuple[str, ...]] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            candidates.append(("".join(run),))
            run.clear()

    for op, av in items:
        if op is c.LITERAL:
            run.append(chr(av))
            continue
        if op is c.SUBPATTERN:
            inner = list(av[3])
            if all(o is c.LITERAL for o, _ in inner):
                run.extend(chr(a) for _, a in inner)  # a literal group continues the run
                continue
            close_run()
            candidates += _sequence_needs(inner)
            continue
        close_run()
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            candidates += _sequence_needs(list(av[2]))
        elif op is c.BRANCH:
            per_branch = [_sequence_needs(list(branch)) for branch in av[1]]
            if all(per_branch):
                chosen = [max(options, key=lambda s: min(map(len, s))) for options in per_branch]
                candidates.append(tuple(string for strings in chosen for string in strings))
        elif op is c.IN and all(o is c.LITERAL for o, _ in av):
            candidates.append(tuple(chr(a) for _, a in av))
    close_run()
    return candidates
