"""Fixes that game the hidden tests earn nothing, in every module's fix exercise (new ones included).

Red team, measured: the assistant's snippet with an always-equal result type passed the hidden fix tests
of modules 00 and 05 with both flaws left in; a fix that behaved only on the loopback test URL passed
module 02; and (found while building this test) a fix that behaved only when it saw pytest's log capture,
pytest's warnings filters or a temporary working folder earned full marks in every module. Each case here
is written from the module's own sources (tests/fix_gaming.py), judged by `judge_answer` exactly as a
learner's answer cell is, and must earn none of the points its snippet does not already earn. A control
for each (the same rewrite with the trick switched off) shows that the rewrite itself still works.
"""
from __future__ import annotations

import pytest

from course import scenarios
from course.authoring.build import module_names
from course.judge import code_policy
from course.judge.engine import judge_answer
from course.judge.exercises import FixExercise, load_module_key
from fix_gaming import DETECTORS, always_equal, test_detecting

pytestmark = pytest.mark.slow

FIXES = [ex for module in module_names() for ex in load_module_key(module).values() if isinstance(ex, FixExercise)]
# The working folder: the sandbox shows every run folder at one neutral path (course.judge.sandbox.WORKDIR_INSIDE),
# not under a temporary folder, whatever TMPDIR is.
CLOSED = ("loopback address", "pytest log capture", "pytest warnings filters", "temporary working folder")
assert set(CLOSED) == set(DETECTORS)


@pytest.fixture(autouse=True)
def no_cache(monkeypatch):
    monkeypatch.setenv("COURSE_JUDGE_CACHE", "off")


def sources(ex: FixExercise) -> tuple[str, str]:
    """(the assistant's snippet, the reference fix) of one fix exercise."""
    return scenarios.get(ex.scenario).snippet_path().read_text(), (ex.key_dir / ex.reference).read_text()


def refused_snippet(ex: FixExercise) -> list[str]:
    """Why the fix policy refuses the snippet itself as a fix (module 07's cart cookie imports pickle, which a fix
    may not: unpickling calls any callable by name, past every import rule). Every rewrite of such a snippet is
    refused before it runs, which earns nothing by construction; the tests below then check exactly that."""
    return code_policy.violations(sources(ex)[0], code_policy.FIX, frozenset(ex.allowed_imports))


def assert_refused(ex: FixExercise, module_source: str) -> None:
    verdict = judge_answer(ex, f"%%fix {ex.scenario}\n" + module_source)
    assert verdict.fraction == 0.0 and verdict.details.get("policy"), verdict.feedback


def judged(ex: FixExercise, module_source: str):
    """The verdict on `module_source` as a learner's fix, after checking it is run, not refused."""
    assert code_policy.violations(module_source, code_policy.FIX, frozenset(ex.allowed_imports)) == []
    verdict = judge_answer(ex, f"%%fix {ex.scenario}\n" + module_source)
    assert "passed" in verdict.details, verdict.feedback
    return verdict


def credited(ex: FixExercise, verdict) -> list[str]:
    """The properties the verdict gave points for (those the snippet fails), by hidden test name."""
    return [name for name in verdict.details["passed"] if name not in verdict.details["gates"]]


@pytest.mark.parametrize("ex", FIXES, ids=lambda ex: ex.id)
def test_an_always_equal_result_earns_nothing(ex):
    snippet, reference = sources(ex)
    control = judged(ex, always_equal(reference, same=False))
    assert control.fraction == 1.0, control.feedback          # the rewrite keeps a module working
    if refused_snippet(ex):
        return assert_refused(ex, always_equal(snippet))
    verdict = judged(ex, always_equal(snippet))
    assert credited(ex, verdict) == [] and verdict.fraction == 0.0, verdict.feedback


@pytest.mark.parametrize("ex", FIXES, ids=lambda ex: ex.id)
def test_a_fix_that_behaves_only_under_test_earns_nothing(ex):
    snippet, reference = sources(ex)
    if refused_snippet(ex):
        return assert_refused(ex, test_detecting(snippet, reference, CLOSED))
    control = judged(ex, test_detecting(snippet, reference, forced=True))
    assert control.fraction >= 0.5, control.feedback          # told it is a test, it behaves as the reference
    verdict = judged(ex, test_detecting(snippet, reference, CLOSED))
    assert credited(ex, verdict) == [] and verdict.fraction == 0.0, verdict.feedback


def test_a_fix_that_looks_for_pytest_in_sys_modules_is_refused():
    """`sys` is beyond the fix policy's imports and its module-valued attributes (`logging.sys`) are refused."""
    for probe in ("import sys\n_TEST = 'pytest' in sys.modules\n", "import logging\n_TEST = 'pytest' in logging.sys.modules\n"):
        ex = FIXES[0]
        verdict = judge_answer(ex, f"%%fix {ex.scenario}\n" + sources(ex)[1] + probe)
        assert verdict.fraction == 0.0 and verdict.details.get("policy"), verdict.feedback
