"""The one place a score is turned into what nbgrader reads (handbook 5.4).

nbgrader's `determine_grade` gives FULL points for a grade cell with no output, a non-numeric
result, NaN or a negative number, raises for a number above the maximum, and cannot parse numpy's
`np.float64(2.5)`. Every score the judge writes therefore goes through `score_output`, which clamps
to [0, points] and prints a plain `repr(float(x))`.
"""
from __future__ import annotations

import math
from typing import Any

from nbformat.v4 import new_output


def clamp_score(value: Any, points: float) -> float:
    """A finite float in [0, points]. Anything unusable (NaN, None, text, inf) is 0: fail closed."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return 0.0
    if math.isnan(x) or math.isinf(x) or x <= 0:
        return 0.0
    return min(x, max(0.0, float(points)))


def score_output(value: Any, points: float):
    """An nbformat `execute_result` output that nbgrader parses as exactly the clamped score."""
    return new_output("execute_result", data={"text/plain": repr(clamp_score(value, points))}, execution_count=None)


def feedback_output(text: str):
    """Feedback for the learner as a stdout stream (stderr would zero the cell in nbgrader)."""
    return new_output("stream", name="stdout", text=text if text.endswith("\n") else text + "\n")
