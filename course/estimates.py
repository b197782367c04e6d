"""How long each module takes: the one place a module's time estimate lives.

Each module's notebook states its figure in its header, and the README states the course's total; both are checked
against this table (tests/test_estimates.py), so none of them drifts. The figures are estimates, not measurements of
learners: 02 and 03 (about 2 hours each) from one walkthrough of the course, the others the figures the notebooks
stated before this table. The walkthrough's 8-10 hours were for modules 00-05, the course then: they sum to 8 h 45 min
here; modules 06-08 came later.
"""
from __future__ import annotations

MINUTES: dict[str, int] = {
    "00-start-here": 30,
    "01-concurrent-writes": 90,
    "02-failure-modes": 120,
    "03-hidden-performance": 120,
    "04-house-patterns": 75,
    "05-three-callers": 90,
    "06-edge-cases-first": 100,
    "07-security-smells": 110,
    "08-capstone-review": 90,
}


def duration(minutes: int) -> str:
    """A module's figure as its header says it: "90 minutes", "2 hours" (whole hours only)."""
    if minutes % 60:
        return f"{minutes} minutes"
    hours = minutes // 60
    return f"{hours} hour{'s' if hours != 1 else ''}"


def total_hours() -> int:
    """The course in all, to the nearest hour (what the README states)."""
    return round(sum(MINUTES.values()) / 60)
