"""The cache-stampede drill (module 01, tests only): snippet, key, fixtures and reference suite agree.

Suites run the way the grader runs them, through the course's sandboxed runner
(tests/scenario_runs.py). Counts are also measured in-process with the same fakes.
"""
from __future__ import annotations

import asyncio
import importlib.util
import inspect
from pathlib import Path
import sys
from types import ModuleType

import pytest

from course.paths import SOLUTIONS_DIR

from course import scenarios
from course.judge import exercises
from course.judge.exercises import load_module_key
from course.scenarios.stampede import fixtures as fx
import fixture_probe
from scenario_runs import outcomes as scenario_outcomes

MODULE = "01-concurrent-writes"
SCENARIO = scenarios.get("stampede")
SNIPPET = SOLUTIONS_DIR / MODULE / SCENARIO.snippet   # the source version, not the generated release
KEY = load_module_key(MODULE)["stampede_tests"]
KEY_DIR = KEY.key_dir
REFERENCE_TESTS = KEY_DIR / "reference_tests.py"
WHEATS = {impl.path: KEY_DIR / impl.path for impl in KEY.wheats}
CHAFFS = {impl.path: KEY_DIR / impl.path for impl in KEY.chaffs}


def run_suite(impl: Path, tests: Path, workdir: Path | None = None, cached: bool = True) -> dict[str, str]:
    """Run `tests` against `impl` through the course's sandboxed runner: {test name: outcome}."""
    result = scenario_outcomes("stampede", impl, tests, cached=cached)
    assert result, f"no tests collected from {tests}"
    return result


def load_impl(path: Path) -> ModuleType:
    """Import an implementation file under a unique name (in-process measurements)."""
    spec = importlib.util.spec_from_file_location(f"_stampede_impl_{path.stem}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module   # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def crowd_calls(path: Path, n: int = 50, ttl: float = fx.TTL) -> tuple[int, int, list]:
    """(upstream calls, most loads at once, results) for n gets of one key started together."""
    upstream, clock, driver = fx.FakeUpstream(), fx.FakeClock(), fx.Driver()
    try:
        cache = load_impl(path).ProductCache(upstream.load, ttl=ttl, clock=clock)
        results = driver.crowd(cache, "sku-1", n=n)
    finally:
        driver.close()
    return upstream.calls, upstream.max_in_flight, results


# --- the key ------------------------------------------------------------------------------------

def test_key_shape() -> None:
    assert isinstance(KEY, exercises.TestsExercise) and KEY.scenario == "stampede"
    assert len(KEY.wheats) >= 2
    flaws = [c.flaw for c in KEY.chaffs]
    assert len(set(flaws)) == len(flaws) and set(flaws) == set(KEY.flaw_titles)
    for path in [*WHEATS.values(), *CHAFFS.values()]:
        assert path.is_file(), path


@pytest.mark.parametrize("path", [SNIPPET, *WHEATS.values(), *CHAFFS.values()], ids=lambda p: p.name)
def test_every_implementation_has_the_same_interface(path: Path) -> None:
    cls = load_impl(path).ProductCache
    params = inspect.signature(cls.__init__).parameters
    assert list(params) == ["self", "loader", "ttl", "clock"]
    assert params["ttl"].default == 30.0
    assert inspect.iscoroutinefunction(cls.get)


def test_no_key_material_beside_the_snippet() -> None:
    names = {p.name for p in SNIPPET.parent.iterdir()}
    assert not names & ({p.name for p in KEY_DIR.iterdir()} - {SNIPPET.name})


# --- the reference suite (the notebook's solution) -----------------------------------------------

@pytest.mark.parametrize("name", sorted(WHEATS))
def test_reference_suite_passes_on_every_wheat(name: str, tmp_path: Path) -> None:
    outcomes = run_suite(WHEATS[name], REFERENCE_TESTS, tmp_path)
    assert set(outcomes.values()) == {"passed"}, outcomes


@pytest.mark.parametrize("name", sorted(CHAFFS))
def test_reference_suite_catches_every_chaff(name: str, tmp_path: Path) -> None:
    outcomes = run_suite(CHAFFS[name], REFERENCE_TESTS, tmp_path)
    assert "failed" in outcomes.values(), outcomes


def test_reference_suite_fails_on_the_snippet(tmp_path: Path) -> None:
    outcomes = run_suite(SNIPPET, REFERENCE_TESTS, tmp_path)
    assert outcomes["test_burst_of_misses_makes_one_load"] == "failed"
    assert outcomes["test_fresh_just_before_ttl_stale_at_ttl"] == "failed"
    assert outcomes["test_ttl_zero_turns_caching_off"] == "failed"


def test_reference_suite_is_deterministic(tmp_path: Path) -> None:
    for impl in [SNIPPET, *CHAFFS.values()]:
        first = run_suite(impl, REFERENCE_TESTS, cached=False)
        second = run_suite(impl, REFERENCE_TESTS, cached=False)
        assert first == second, impl.name


# --- the assistant's own tests --------------------------------------------------------------------

def test_assistant_tests_pass_on_the_snippet(tmp_path: Path) -> None:
    outcomes = run_suite(SNIPPET, SCENARIO.assistant_tests, tmp_path)
    assert len(outcomes) >= 3 and set(outcomes.values()) == {"passed"}, outcomes


@pytest.mark.parametrize("name", sorted(WHEATS))
def test_assistant_tests_respect_the_spec(name: str, tmp_path: Path) -> None:
    """They are weak, not wrong: every wheat passes them too."""
    outcomes = run_suite(WHEATS[name], SCENARIO.assistant_tests, tmp_path)
    assert set(outcomes.values()) == {"passed"}, outcomes


# --- counts under a crowd, measured in-process -------------------------------------------------------

def test_snippet_stampedes_and_wheats_do_not() -> None:
    calls, at_once, results = crowd_calls(SNIPPET)
    assert (calls, at_once) == (50, 50)
    assert len(set(results)) == 50          # every caller saw a different load
    for path in WHEATS.values():
        calls, at_once, results = crowd_calls(path)
        assert (calls, at_once, set(results)) == (1, 1, {"sku-1:v1"}), path.name


def test_crowd_counts_are_identical_run_after_run() -> None:
    for path in [SNIPPET, *WHEATS.values(), *CHAFFS.values()]:
        assert crowd_calls(path) == crowd_calls(path), path.name


def test_without_a_yield_the_stampede_hides() -> None:
    """Why the fake catalogue takes an event-loop turn: a load that never yields cannot overlap."""
    upstream, driver = fx.FakeUpstream(turns=0), fx.Driver()
    cache = load_impl(SNIPPET).ProductCache(upstream.load, clock=fx.FakeClock())
    driver.crowd(cache, "sku-1", n=50)
    driver.close()
    assert upstream.calls == 1


def test_the_wheats_take_both_sides_of_each_freedom() -> None:
    """A test that pins either side of a freedom fails on a wheat (and counts as a false alarm)."""
    by_wheat = {}
    for name, path in WHEATS.items():
        upstream, driver = fx.FakeUpstream(), fx.Driver()
        cache = load_impl(path).ProductCache(upstream.load, clock=fx.FakeClock())
        upstream.fail_next()
        results = driver.crowd(cache, "sku-1", n=20)
        driver.close()
        errors = sum(isinstance(r, fx.UpstreamError) for r in results)
        ttl0_calls = crowd_calls(path, ttl=0)[0]
        by_wheat[name] = (errors, upstream.calls, ttl0_calls)
    assert by_wheat["wheat_shared_task.py"] == (20, 1, 1)     # waiters share the failure and the load
    assert by_wheat["wheat_lock_per_key.py"] == (1, 2, 50)    # waiters load again, one at a time


def test_a_call_that_never_finishes_fails_instead_of_hanging() -> None:
    async def forever() -> None:
        await asyncio.get_running_loop().create_future()

    driver = fx.Driver()
    with pytest.raises(AssertionError, match="never finished"):
        driver.run(forever())
    driver.close()


# --- through the real judge (sandboxed, repeated runs) ---------------------------------------------------

OVER_SPECIFIED = '''
def test_waiters_share_the_failure(cache, upstream, crowd):
    upstream.fail_next()
    assert all(isinstance(r, upstream.Error) for r in crowd(cache, "sku-1", n=5))


def test_only_the_first_caller_sees_the_failure(cache, upstream, crowd):
    upstream.fail_next()
    results = crowd(cache, "sku-1", n=5)
    assert isinstance(results[0], upstream.Error) and results[1:] == ["sku-1:v1"] * 4


def test_ttl_zero_crowd_shares_one_load(make_cache, upstream, crowd):
    crowd(make_cache(ttl=0), "sku-1", n=5)
    assert upstream.calls == 1
'''

SOURCE_GREPPING = '''
import inspect


def test_source_has_no_inclusive_boundary(cache):
    assert "<=" not in inspect.getsource(type(cache))


def test_source_uses_a_lock(cache):
    assert "Lock" in inspect.getsource(type(cache))
'''


def test_judge_gives_the_reference_suite_full_marks() -> None:
    from course.judge.engine import judge_answer
    verdict = judge_answer(KEY, "%%tests stampede\n" + REFERENCE_TESTS.read_text(), cache=None)
    assert verdict.fraction == 1.0, verdict.feedback
    assert verdict.details["false_alarms"] == [] and verdict.details["flaky"] == []


def test_judge_calls_each_side_of_a_freedom_a_false_alarm() -> None:
    from course.judge.engine import judge_answer
    verdict = judge_answer(KEY, "%%tests stampede\n" + OVER_SPECIFIED, cache=None)
    assert verdict.fraction == 0.0, verdict.feedback
    assert verdict.details["false_alarms"] == sorted([
        "test_waiters_share_the_failure", "test_only_the_first_caller_sees_the_failure",
        "test_ttl_zero_crowd_shares_one_load"]), verdict.feedback


def test_judge_refuses_source_grepping_tests() -> None:
    from course.judge.engine import judge_answer
    verdict = judge_answer(KEY, "%%tests stampede\n" + SOURCE_GREPPING, cache=None)
    assert verdict.fraction == 0.0 and "imports 'inspect'" in verdict.details["policy"][0], verdict.feedback


# --- the notebook cell --------------------------------------------------------------------------------

def test_notebook_solution_cell_is_the_reference_suite() -> None:
    from nbgrader_course import solution_answers
    source = solution_answers(MODULE)["stampede_tests"]
    assert source.startswith("%%tests stampede\n")
    assert source.split("\n", 1)[1].strip() == REFERENCE_TESTS.read_text().strip()


# --- the fixtures hand out behaviour only ------------------------------------------------------------

PROBE = fixture_probe.probe_suite(
    ["cache", "make_cache", "upstream", "clock", "run", "crowd"],
    setup='    value = run(cache.get("sku-1"))\n    other = make_cache(ttl=0)\n    pending = cache.get("sku-2")\n',
    made=["value", "other", "pending"], teardown="    run(pending)\n")


def _every_version() -> dict[str, Path]:
    return {"snippet": SNIPPET, **WHEATS, **CHAFFS}


def test_probing_the_fixtures_tells_no_version_apart() -> None:
    """dir()/hasattr()/type/repr of every fixture (and of a pending get) are the same for every version."""
    runs = {name: scenario_outcomes("stampede", path, PROBE, sourceless=True)
            for name, path in _every_version().items()}
    for outcomes in runs.values():
        fixture_probe.assert_probe_ran(outcomes)
    assert len({tuple(sorted(o.items())) for o in runs.values()}) == 1, runs


def test_the_cache_fixture_offers_only_get() -> None:
    probe = ('def test_public(cache):\n    assert [n for n in dir(cache) if not n.startswith("_")] == ["get"]\n\n'
             'def test_no_private_state(cache):\n'
             '    assert not (hasattr(cache, "_locks") or hasattr(cache, "_inflight") or hasattr(cache, "_entries"))\n')
    for name, path in _every_version().items():
        outcomes = scenario_outcomes("stampede", path, probe, sourceless=True)
        assert outcomes == {"test_public": "passed", "test_no_private_state": "passed"}, name


def test_the_probe_does_see_implementation_objects_differ() -> None:
    """What the fixture used to hand out (the implementation's own ProductCache) is told apart."""
    seen = {fixture_probe.observe(load_impl(path).ProductCache(fx.FakeUpstream().load, clock=fx.FakeClock()))
            for path in _every_version().values()}
    assert len(seen) > 1
