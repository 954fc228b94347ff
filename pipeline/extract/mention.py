"""The intermediate records shared by the finders: a counted number and a reported change."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Mention:
    """A number with its counter: `start`/`end` cover qualifier, number and counter word.

    `unit` is None when an English number has no head noun (e.g. "compared with 17,144 in
    2017"); the extractor then borrows the unit of the figure it is compared with.
    """

    start: int
    end: int
    value: float
    unit: str | None
    qualifier: str
    num_start: int
    num_end: int


@dataclass(frozen=True, slots=True)
class ChangeItem:
    """One reported change (同比上升63.5% / "up 45 percent"); `direction` None means 持平."""

    start: int
    end: int
    value: float | None
    unit: str | None
    direction: str | None
    basis: str
    group: int
    group_size: int
    respectively: bool
