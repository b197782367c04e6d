"""The connection-pool drill (module 02, tests then a fix): the house pool, the snippet's leak shown by
running it, and the key's suites against every version through the sandboxed runner. Real sqlite3.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from course.kits import race
from course import scenarios
from course.judge.exercises import load_module_key
from course.paths import SOLUTIONS_DIR, module_keys_dir
from course.scenarios.pool.db import ConnectionPool, Orders, PoolExhausted
from course.judge.testrun import test_names
import fixture_probe
from scenario_runs import outcomes as scenario_outcomes

MODULE = "02-failure-modes"
SCENARIO = scenarios.get("pool")
SNIPPET = SOLUTIONS_DIR / MODULE / "payments.py"
KEY_DIR = module_keys_dir(MODULE) / "pool"
KEY = load_module_key(MODULE)
TESTS_EX, FIX_EX = KEY["pool_tests"], KEY["pool_fix"]
WHEATS = {impl.path: KEY_DIR / impl.path for impl in TESTS_EX.wheats}
CHAFFS = {impl.flaw: KEY_DIR / impl.path for impl in TESTS_EX.chaffs}
REFERENCE_TESTS = KEY_DIR / "reference_tests.py"
HIDDEN_TESTS = KEY_DIR / FIX_EX.hidden_tests
FIX = KEY_DIR / FIX_EX.reference
REFERENCE, HIDDEN = set(test_names(REFERENCE_TESTS.read_text())), set(FIX_EX.properties)


def failed(impl: Path, *suites: Path) -> set[str]:
    """Tests that did not pass when the suites (as one file) ran against impl in the sandboxed runner."""
    source = "\n\n".join(s.read_text() for s in suites)
    return {name for name, outcome in scenario_outcomes("pool", impl, source).items() if outcome != "passed"}


# ---------------------------------------------------------------- the house pool

@pytest.fixture
def shop(tmp_path):
    db = Orders.create(tmp_path / "orders.db")
    pool = ConnectionPool(db.path, size=2)
    yield db, pool
    pool.close()


def test_pool_hands_out_the_most_recent_connection_and_never_waits(shop):
    _, pool = shop
    a, b = pool.acquire(), pool.acquire()
    with pytest.raises(PoolExhausted):
        pool.acquire()
    pool.release(a)
    assert pool.acquire() is a and pool.in_use == 2


def test_pool_trusts_its_callers_as_simple_pools_do(shop):
    db, pool = shop
    conn = pool.acquire()
    conn.execute("INSERT INTO orders (total_cents) VALUES (1)")
    pool.release(conn)
    pool.release(conn)
    assert pool.available == 3 and pool.open_on_release == 2


def test_the_snippets_leak_locks_out_every_writer_then_drains_the_pool(shop):
    db, pool = shop
    record_payment = race.fresh_copy(SNIPPET).record_payment
    order = db.add_order(1000)
    with pytest.raises(sqlite3.IntegrityError):
        record_payment(pool, order, 5000)        # the INSERT works, the UPDATE is refused
    assert pool.in_use == 1
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        record_payment(pool, order, 100)         # a valid payment: the leaked connection holds the write lock
    assert pool.in_use == 2
    with pytest.raises(PoolExhausted):
        record_payment(pool, order, 100)         # and now the pool is dry for everyone
    assert db.payments() == [] and db.paid(order) == 0


# ---------------------------------------------------------------- the key against every version

def test_key_files_and_spec():
    for path in [*WHEATS.values(), *CHAFFS.values(), REFERENCE_TESTS, HIDDEN_TESTS, FIX]:
        assert path.is_file(), path
    assert len(WHEATS) >= 2 and set(CHAFFS) == set(TESTS_EX.flaw_titles)
    from course.scenarios.pool import SPEC
    for phrase in ("exactly once", "no transaction left open", "ValueError", "PoolExhausted"):
        assert phrase in SPEC, phrase
    assert SCENARIO.snippet_path().read_text() == SNIPPET.read_text()


@pytest.mark.parametrize("impl", [*WHEATS.values(), FIX], ids=lambda p: p.stem)
def test_correct_versions_pass_the_reference_and_hidden_tests(impl):
    assert failed(impl, REFERENCE_TESTS, HIDDEN_TESTS) == set()


def test_the_snippet_passes_its_own_tests_and_fails_ours():
    assert failed(SNIPPET, SCENARIO.assistant_tests, REFERENCE_TESTS, HIDDEN_TESTS) == REFERENCE | {
        "test_the_connection_goes_back_after_every_failure", "test_the_connection_goes_back_clean"}


def test_the_assistants_test_pins_integrity_error_where_the_spec_allows_value_error():
    assert failed(WHEATS["wheat_checks_first.py"], SCENARIO.assistant_tests) == {"test_overpayment_is_refused"}


EXPECTED = {   # chaff -> (reference tests that fail on it, hidden tests that fail on it)
    "leak-on-error": ({"test_refused_payments_do_not_drain_the_pool", "test_zero_or_negative_payments_are_refused"},
                      {"test_the_connection_goes_back_after_every_failure"}),
    "released-mid-transaction": ({"test_a_refused_payment_leaves_nothing_behind"},
                                 {"test_the_connection_goes_back_clean"}),
    "double-release": ({"test_refused_payments_do_not_drain_the_pool", "test_zero_or_negative_payments_are_refused"},
                       {"test_the_pool_never_grows"}),
}


@pytest.mark.parametrize("flaw", sorted(CHAFFS))
def test_each_chaff_is_caught_by_its_flaw(flaw):
    fails = failed(CHAFFS[flaw], REFERENCE_TESTS, HIDDEN_TESTS)
    assert (fails & REFERENCE, fails & HIDDEN) == EXPECTED[flaw]


def test_notebook_solution_cells_are_the_key_files():
    from nbgrader_course import solution_answers
    answers = solution_answers(MODULE)
    assert answers["pool_tests"] == "%%tests pool\n" + REFERENCE_TESTS.read_text()
    assert answers["pool_fix"] == "%%fix pool\n" + FIX.read_text()


PROBE = fixture_probe.probe_suite(["pool", "db", "record_payment", "PoolExhausted"],
                                  setup="    order = db.add_order(1000)\n", made=["order"])


def test_probing_the_fixtures_tells_no_version_apart():
    versions = {"snippet": SNIPPET, **{p.stem: p for p in WHEATS.values()}, "chaff": CHAFFS["double-release"]}
    runs = {name: scenario_outcomes("pool", path, PROBE, sourceless=True) for name, path in versions.items()}
    for outcomes in runs.values():
        fixture_probe.assert_probe_ran(outcomes)
    assert len({tuple(sorted(o.items())) for o in runs.values()}) == 1, runs


def test_the_pools_error_is_printed_as_the_applications_and_still_matches_across_the_bridge():
    """Red team: `course.scenarios.pool.db.PoolExhausted`, caught by a fix that drained the pool, told it was judged
    (tests/test_fix_gaming.py). Renamed (course.kits.doubles), a learner's `pytest.raises(PoolExhausted)` still holds."""
    assert repr(PoolExhausted) == "<class 'db.PoolExhausted'>" and repr(ConnectionPool) == "<class 'db.ConnectionPool'>"
    suite = '''
import pytest

def test_a_dry_pool_raises_its_own_error(pool, PoolExhausted):
    taken = [pool.acquire() for _ in range(pool.size)]
    with pytest.raises(PoolExhausted):
        pool.acquire()
    try:
        pool.acquire()
    except Exception as exc:
        assert type(exc) is PoolExhausted and repr(type(exc)) == "<class 'db.PoolExhausted'>", repr(type(exc))
    for conn in taken:
        pool.release(conn)
'''
    assert scenario_outcomes("pool", FIX, suite) == {"test_a_dry_pool_raises_its_own_error": "passed"}
