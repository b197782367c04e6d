"""Scenario tests run a suite against one implementation through the course's real, sandboxed runner.

One way to do it for every scenario test file (the judge uses the same course.testrun.run_suite).
"""
from __future__ import annotations

import functools
from pathlib import Path

from course import scenarios
from course.testrun import run_suite


def _text(x: Path | str) -> str:
    return x.read_text() if isinstance(x, Path) else x


def _run(scenario: str, impl: str, tests: str, sourceless: bool) -> tuple[tuple[str, str], ...]:
    suite = run_suite(tests, impl, scenarios.get(scenario), sourceless=sourceless)
    assert suite.problem is None, f"{suite.problem}\n{suite.output[-3000:]}"
    return tuple((name, "passed" if r.outcome == "passed" and r.failures == 0 else r.outcome)
                 for name, r in suite.results.items())


_cached_run = functools.lru_cache(maxsize=None)(_run)


def outcomes(scenario: str, impl: Path | str, tests: Path | str, *, sourceless: bool = False,
             cached: bool = True) -> dict[str, str]:
    """{test name: 'passed' | 'failed' | 'error' | 'missing'} for `tests` run against `impl`.

    Cached per input within the test session; pass cached=False where a fresh run is the point
    (determinism checks)."""
    run = _cached_run if cached else _run
    return dict(run(scenario, _text(impl), _text(tests), sourceless))


def outcomes_for_each(scenario: str, impls: dict[str, Path], tests: Path | str, *,
                      sourceless: bool = False) -> dict[str, dict[str, str]]:
    """outcomes() for several implementations at once, two sandboxed runs at a time: {name: outcomes}."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(outcomes, scenario, impl, tests, sourceless=sourceless)
                   for name, impl in impls.items()}
        return {name: future.result() for name, future in futures.items()}
