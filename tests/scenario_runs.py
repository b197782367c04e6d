"""Scenario tests run a suite against one implementation through the course's real, sandboxed runner.

One way to do it for every scenario test file (the judge uses the same course.judge.testrun.run_suite).
`outcomes_many` runs one suite against several implementations at once, one sandboxed process per
core (course.judge.testrun.run_suites, as the judge does), and shares the same per-session cache.
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from course import scenarios
from course.judge.testrun import SuiteResult, run_suite, run_suites

_Key = tuple[str, str, str, bool]
_CACHE: dict[_Key, tuple[tuple[str, str], ...]] = {}


def _text(x: Path | str) -> str:
    return x.read_text() if isinstance(x, Path) else x


def _outcomes(suite: SuiteResult) -> tuple[tuple[str, str], ...]:
    assert suite.problem is None, f"{suite.problem}\n{suite.output[-3000:]}"
    return tuple((name, "passed" if r.outcome == "passed" and r.failures == 0 else r.outcome)
                 for name, r in suite.results.items())


def outcomes(scenario: str, impl: Path | str, tests: Path | str, *, sourceless: bool = False,
             cached: bool = True) -> dict[str, str]:
    """{test name: 'passed' | 'failed' | 'error' | 'missing'} for `tests` run against `impl`.

    Cached per input within the test session; pass cached=False where a fresh run is the point
    (determinism checks)."""
    key = (scenario, _text(impl), _text(tests), sourceless)
    if cached and key in _CACHE:
        return dict(_CACHE[key])
    result = _outcomes(run_suite(key[2], key[1], scenarios.get(scenario), sourceless=sourceless))
    if cached:
        _CACHE[key] = result
    return dict(result)


def outcomes_many(scenario: str, impls: Mapping[str, Path | str], tests: Path | str, *,
                  sourceless: bool = False) -> dict[str, dict[str, str]]:
    """outcomes() for every implementation in `impls` (by the same names), run in parallel and cached."""
    test_text = _text(tests)
    keys = {name: (scenario, _text(impl), test_text, sourceless) for name, impl in impls.items()}
    todo = [name for name, key in keys.items() if key not in _CACHE]
    if todo:
        suites = run_suites(test_text, [keys[name][1] for name in todo], scenarios.get(scenario),
                            sourceless=sourceless)
        for name, suite in zip(todo, suites):
            _CACHE[keys[name]] = _outcomes(suite)
    return {name: dict(_CACHE[key]) for name, key in keys.items()}
