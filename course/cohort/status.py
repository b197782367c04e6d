"""`cohort status M`: each submission graded, half-graded (an interrupted run), or not graded, and what needs a person."""
from __future__ import annotations

from pathlib import Path


def status(root: Path, module: str) -> list[str]:
    """One line per submission of `module`."""
    from course.cohort.state import Cohort, submission_states
    lines = []
    for state in submission_states(Cohort.open(root), module):
        word = ("graded (resubmitted since)" if state.outdated else "graded") if state.graded else (
            "half-graded (an interrupted run): run autograde again" if state.incomplete else "not graded")
        lines.append(f"{state.student}: {word}" + "".join(f"; needs attention: {a}" for a in state.attention))
    return lines
