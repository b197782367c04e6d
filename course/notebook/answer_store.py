"""The answers a learner last ran in this kernel, by exercise id (filled by the cell magics).

`score()` cells judge exactly the text the learner ran; the grader judges the saved cell, which is
the same text once the notebook is saved.
"""
from __future__ import annotations

from course.answers import answer_body, is_unanswered

_ANSWERS: dict[str, str] = {}
_FIX_MODULES: dict[str, object] = {}


def remember(exercise_id: str, source: str) -> None:
    _ANSWERS[exercise_id] = source


def recall(exercise_id: str) -> str | None:
    return _ANSWERS.get(exercise_id)


def answers() -> dict[str, str]:
    """Every answer run in this kernel, by exercise id (a copy)."""
    return dict(_ANSWERS)


def remember_fix_module(scenario: str, module: object) -> None:
    _FIX_MODULES[scenario] = module


def fix_module(scenario: str) -> object | None:
    return _FIX_MODULES.get(scenario)


def fix_source(scenario: str) -> str | None:
    """The module from the last `%%fix <scenario>` cell run in this kernel, or None before there is one."""
    cell = recall(f"{scenario}_fix")
    if not cell or is_unanswered(answer_body(cell)):
        return None
    return answer_body(cell)
