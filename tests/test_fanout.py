"""The fan-out drill (module 05, tests only): snippet, house, key and reference suite agree.

Suites run through the course's sandboxed runner (tests/scenario_runs.py). The context-variable
behaviour is also shown in-process: a pool's threads never see what the caller set, every time.
"""
from __future__ import annotations

import ast
import contextvars
from pathlib import Path
import threading

import pytest

from course.judge import exercises
from course.kits import race
from course import scenarios
from course.sandboxed.fresh_module import close_executors
from course.paths import SOLUTIONS_DIR
from course.scenarios.fanout import house
import fixture_probe
from nbgrader_course import solution_answers
from scenario_runs import outcomes_many

MODULE = "05-three-callers"
SCENARIO = scenarios.get("fanout")
SNIPPET = SOLUTIONS_DIR / MODULE / SCENARIO.snippet
KEY = exercises.load_module_key(MODULE)["fanout_tests"]
KEY_DIR = KEY.key_dir
REFERENCE = KEY_DIR / "reference_tests.py"
WHEATS = {impl.path: KEY_DIR / impl.path for impl in KEY.wheats}
CHAFFS = {impl.flaw: KEY_DIR / impl.path for impl in KEY.chaffs}
LONG = list(range(1, 31))


def tenants_seen(path: Path, runs: list[tuple[str, str, list[int]]]) -> list[set[str]]:
    """Run the callers in order on one fresh copy of `path`: [(caller name, tenant, ids)] -> tenants returned."""
    module = race.fresh_copy(path)
    repo = house.OrderRepository()
    callers = {kind.name: kind(module.fetch_orders, repo) for kind in house.CALLERS}
    try:
        return [{o.tenant for o in callers[name](tenant, ids)} for name, tenant, ids in runs]
    finally:
        for caller in callers.values():
            caller.stop()
        close_executors(module)


# ---------------------------------------------------------------- the scenario and the key

def test_scenario_is_registered_and_the_spec_leaves_concurrency_open() -> None:
    from course.scenarios.fanout import SPEC
    assert SCENARIO.module == MODULE and SCENARIO.snippet_path().read_text() == SNIPPET.read_text()
    spec = " ".join(SPEC.split())
    for phrase in ("in the order of the ids", "raises KeyError", "every order returned belongs to the caller's tenant",
                   "Left open: whether and when it fetches concurrently"):
        assert phrase in spec, phrase


def test_key_shape() -> None:
    assert isinstance(KEY, exercises.TestsExercise) and len(KEY.wheats) >= 2
    assert set(CHAFFS) == set(KEY.flaw_titles) and all(p.is_file() for p in [*WHEATS.values(), *CHAFFS.values()])
    assert "copy_context().run" in (KEY_DIR / "wheat_copy_context.py").read_text()
    # look-alikes: a correct version with an initializer, broken ones that copy the context
    assert "initializer=_adopt" in (KEY_DIR / "wheat_pool_per_call.py").read_text()
    assert "initializer=_adopt" in CHAFFS["first-tenant-sticks"].read_text()
    assert "copy_context().run" in CHAFFS["empty-crash"].read_text()


# ---------------------------------------------------------------- the mechanism, in-process

def test_a_pool_thread_never_sees_the_callers_context_variable() -> None:
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=2) as pool, house.use_tenant("acme"):
        for _ in range(20):   # the same every time: no timing involved
            assert pool.submit(house.current_tenant.get).result() == "public"
            assert pool.submit(contextvars.copy_context().run, house.current_tenant.get).result() == "acme"


def test_snippet_loses_the_tenant_only_when_it_fans_out() -> None:
    for kind in house.CALLERS:
        assert tenants_seen(SNIPPET, [(kind.name, "acme", [1, 2, 3])]) == [{"acme"}], kind.name
        assert tenants_seen(SNIPPET, [(kind.name, "acme", LONG)]) == [{"public"}], kind.name


def test_wheats_keep_every_callers_tenant_and_the_sticky_chaff_keeps_the_first() -> None:
    runs = [("request handler", "acme", LONG), ("batch job", "globex", LONG), ("worker thread", "acme", LONG),
            ("worker thread", "globex", LONG)]
    for wheat in WHEATS.values():
        assert tenants_seen(wheat, runs) == [{"acme"}, {"globex"}, {"acme"}, {"globex"}], wheat.name
    assert tenants_seen(CHAFFS["first-tenant-sticks"], runs) == [{"acme"}] * 4


def test_repository_answers_for_the_current_tenant() -> None:
    repo = house.OrderRepository()
    assert repo.get(3).tenant == "public"
    with house.use_tenant("globex"):
        assert (repo.get(3).tenant, repo.get(3).id) == ("globex", 3)
        with pytest.raises(KeyError, match="globex"):
            repo.get(41)
    assert house.current_tenant.get() == "public"


def test_pools_of_a_module_copy_end_with_it() -> None:
    before = threading.active_count()
    module = race.fresh_copy(SNIPPET)
    with house.use_tenant("acme"):
        module.fetch_orders(house.OrderRepository(), LONG)
    assert threading.active_count() > before
    close_executors(module)
    assert threading.active_count() == before


# ---------------------------------------------------------------- suites through the grader's runner

def test_assistant_tests_pass_on_the_snippet_and_every_wheat() -> None:
    runs = outcomes_many("fanout", {"snippet": SNIPPET, **WHEATS}, SCENARIO.assistant_tests, sourceless=True)
    for name, result in runs.items():
        assert len(result) == 4 and set(result.values()) == {"passed"}, (name, result)


def test_reference_suite_passes_every_wheat_and_catches_each_chaff() -> None:
    runs = outcomes_many("fanout", {"snippet": SNIPPET, **WHEATS, **CHAFFS}, REFERENCE, sourceless=True)
    for wheat in WHEATS:
        assert set(runs[wheat].values()) == {"passed"}, (wheat, runs[wheat])
    expected = {"context-lost": ["test_every_caller_gets_its_own_tenants_orders"],
                "first-tenant-sticks": ["test_every_caller_gets_its_own_tenants_orders"],
                "empty-crash": ["test_short_and_empty_histories"]}
    for flaw in CHAFFS:
        assert [n for n, o in runs[flaw].items() if o != "passed"] == expected[flaw], (flaw, runs[flaw])
    assert [n for n, o in runs["snippet"].items() if o != "passed"] == expected["context-lost"]


def test_notebook_solution_is_the_reference_suite() -> None:
    assert solution_answers(MODULE)["fanout_tests"].strip() == "%%tests fanout\n" + REFERENCE.read_text().strip()
    names = [n.name for n in ast.parse(REFERENCE.read_text()).body if isinstance(n, ast.FunctionDef)]
    assert names and all(n.startswith("test_") for n in names)


PROBE = fixture_probe.probe_suite(
    ["repo", "tenant", "fetch_orders", "handler", "batch_job", "worker", "callers"],
    setup="    got = [[(o.tenant, o.id) for o in call('acme', list(range(1, 13)))] for call in callers.values()]\n",
    made=["got"])


def test_probing_the_fixtures_tells_no_version_apart() -> None:
    """dir()/hasattr()/type/repr of every fixture (and of what the callers return) match for every version
    that keeps the tenant; the probe records the returned orders, so a version that loses it differs."""
    versions = {"wheat": WHEATS["wheat_copy_context.py"], "wheat2": WHEATS["wheat_pool_per_call.py"],
                "chaff": CHAFFS["empty-crash"]}
    runs = outcomes_many("fanout", versions, PROBE, sourceless=True)
    for result in runs.values():
        fixture_probe.assert_probe_ran(result)
    assert len({tuple(sorted(r.items())) for r in runs.values()}) == 1, runs
