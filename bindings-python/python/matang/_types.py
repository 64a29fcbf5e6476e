"""Types of matang's structured results (for type checkers and IDE hover; at run time they
are plain dicts)."""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict

__all__ = ["Dimension", "Gate", "Indicator", "Lang", "Level", "NextLevel", "PlanChange", "Plan"]

#: The language of labels and messages: Indonesian or English.
Lang = Literal["id", "en"]


class Level(TypedDict):
    """A maturity level reached or aimed at."""

    rank: int
    """1 for the lowest level."""
    id: str
    label: str
    """In the result's language."""


class Dimension(TypedDict):
    """One dimension's score in an assessment."""

    id: str
    label: str
    weight: float
    score: float | None
    """None when no indicator has evidence (policy ``exclude``)."""
    coverage: float
    """Share of its indicators with evidence, 0 to 1."""
    present: int
    count: int
    insufficient: bool
    """Too little evidence for the pack's ``min_coverage``: the score is the minimum."""


class Indicator(TypedDict):
    """One indicator's score and the reason for it."""

    id: str
    dimension: str
    label: str
    score: float | None
    reason: str


class Gate(TypedDict):
    """A condition a level needs, and whether the item meets it."""

    id: str
    level: int
    passed: bool
    label: str


class PlanChange(TypedDict):
    """One change of evidence in a next-level plan."""

    field: str
    label: str
    to: Any
    text: str
    """E.g. "naikkan SDM terlatih dari 2 menjadi 5 orang"."""


class Plan(TypedDict):
    """The fewest changes of evidence that reach the next level."""

    level: Level
    changes: list[PlanChange]
    """Each also has ``from``, the current value (a Python keyword, so not typed here)."""


class NextLevel(TypedDict):
    """What the item needs for the next level."""

    level: Level
    min: float
    """The total the next level needs."""
    gap: float
    """How far the total is below ``min``."""
    gates: list[Gate]
    improvements: list[dict[str, Any]]
    summary: list[str]
    """The gap in sentences, in the result's language."""
    plan: NotRequired[Plan]
