"""Module 02's graded verdicts do not depend on timing: the reference submissions, judged 20 times by the
real judge (sandboxed runs, verdict cache off), get the same verdict every time, and full marks.

Module 02 grades code that waits, times out and retries against a real HTTP service, so this is the
module where a wall-clock dependency would show. Each judging already runs every learner test 3 times
per implementation, and 8 more times for every catch; 20 judgings repeat all of that 20 times.
"""
from __future__ import annotations

import os
import time

import nbformat
import pytest

from course.judge.engine import judge_notebook
from course.paths import SOLUTIONS_DIR
from nbgrader_course import solution_answers, with_answers

MODULE = "02-failure-modes"
ROUNDS = int(os.environ.get("COURSE_DETERMINISM_ROUNDS", "20"))   # the issue asks for 20; lower it for a quick run


def verdict_summary(verdicts) -> dict:
    """What a verdict decides, in a comparable form: the fraction and what was caught, passed or missed."""
    def plain(value):
        if isinstance(value, dict):
            return tuple(sorted((k, plain(v)) for k, v in value.items()))
        if isinstance(value, (list, tuple, set, frozenset)):
            return tuple(sorted(map(str, value)))
        return value
    return {gid: (v.fraction, plain(v.details)) for gid, v in verdicts.items()}


@pytest.mark.slow
def test_reference_submissions_get_identical_full_verdicts_every_time():
    notebook = nbformat.read(str(next((SOLUTIONS_DIR / MODULE).glob("*.ipynb"))), as_version=4)
    submission = with_answers(notebook, solution_answers(MODULE))
    started = time.perf_counter()
    rounds = [verdict_summary(judge_notebook(submission, MODULE, cache=None)) for _ in range(ROUNDS)]
    seconds = time.perf_counter() - started
    first = rounds[0]
    assert len(first) == 7 and all(fraction == 1.0 for fraction, _ in first.values()), first
    different = [i for i, r in enumerate(rounds) if r != first]
    assert not different, f"rounds {different} differ from round 0"
    print(f"\n{ROUNDS} judgings of module {MODULE}'s reference submissions: {seconds:.1f} s "
          f"({seconds / ROUNDS:.2f} s each), all identical")
