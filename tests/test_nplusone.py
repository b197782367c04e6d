"""Module 03's main scenario (N+1 queries): snippet, keys, fixtures, counters and live experiment agree.

Suites run the way the grader runs them, through the course's sandboxed runner (tests/scenario_runs.py),
several at a time. Real sqlite3 throughout; counts, never timings.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from course.kits import race
from course import scenarios
from course.judge.exercises import load_module_key
from course.kits.measure import PeakMemory, QueryCounter
from course.paths import SOLUTIONS_DIR
from course.scenarios.nplusone.db import OrdersDb
import fixture_probe
from scenario_runs import outcomes, outcomes_many

MODULE = "03-hidden-performance"
SCENARIO = scenarios.get("nplusone")
SNIPPET = SOLUTIONS_DIR / MODULE / SCENARIO.snippet
NOTEBOOK = SOLUTIONS_DIR / MODULE / f"{MODULE}.ipynb"
KEY = load_module_key(MODULE)
TESTS_EX, FINDINGS_EX, FIX_EX = KEY["nplusone_tests"], KEY["nplusone_findings"], KEY["nplusone_fix"]
KEY_DIR = TESTS_EX.key_dir
REFERENCE_TESTS = KEY_DIR / "reference_tests.py"
HIDDEN = KEY_DIR / FIX_EX.hidden_tests
FIX = KEY_DIR / FIX_EX.reference
WHEATS = {impl.path: KEY_DIR / impl.path for impl in TESTS_EX.wheats}
CHAFFS = {impl.flaw: KEY_DIR / impl.path for impl in TESTS_EX.chaffs}
SINCE = "2024-06-01"


def load(path: Path):
    return race.fresh_copy(path)


@pytest.fixture
def db(tmp_path) -> OrdersDb:
    return OrdersDb.create(tmp_path / "shop.db")


# ---------------------------------------------------------------- the scenario's public pieces

def test_scenario_is_registered_and_states_its_freedoms():
    from course.scenarios.nplusone import SPEC
    assert SCENARIO.module == MODULE and SCENARIO.import_name == "reports"
    assert SCENARIO.snippet_path().read_text() == SNIPPET.read_text()
    for phrase in ("at most 3", "any order", "None for a guest checkout", "not the orders table",
                   "opens no other"):
        assert phrase in SPEC, phrase


def test_generated_data_are_deterministic(tmp_path):
    def build(name):
        db = OrdersDb.create(tmp_path / name)
        db.add_orders(300, start="2023-01-01", days=365)
        db.add_orders(50, start=SINCE, guests=0.2)
        return db.expected(SINCE)
    first, again = build("a.db"), build("b.db")
    assert first == again and len(first) == 50
    assert any(s.customer is None for s in first) and any(s.customer for s in first)
    with pytest.raises(FileExistsError):
        OrdersDb.create(tmp_path / "a.db")
    with pytest.raises(ValueError):
        OrdersDb.create(tmp_path / "c.db").add_order(None, "yesterday")


def test_snippet_runs_two_queries_per_order_and_loads_the_history(db):
    """The flaws, counted in-process: 2n + 1 queries, memory that follows the whole table, guests crash."""
    snippet, fix = load(SNIPPET), load(FIX)
    conn = db.connect()
    db.add_orders(400, start="2022-06-01", days=700)
    counts = {}
    for n in (10, 20, 40):
        db.add_orders(n - sum(1 for _ in db.expected(SINCE)), start=SINCE)
        with QueryCounter(conn) as snippet_queries:
            found = snippet.recent_order_summaries(conn, SINCE)
        with QueryCounter(conn) as fix_queries:
            fixed = fix.recent_order_summaries(conn, SINCE)
        assert len(found) == len(fixed) == n
        counts[n] = (snippet_queries.count, fix_queries.count)
    assert counts == {10: (21, 1), 20: (41, 1), 40: (81, 1)}
    with PeakMemory() as short:
        snippet.recent_order_summaries(conn, SINCE)
    db.add_orders(3600, start="2022-06-01", days=700)
    with PeakMemory() as long:
        snippet.recent_order_summaries(conn, SINCE)
    assert long.peak > 5 * short.peak, (short.peak, long.peak)
    db.add_order(None, "2024-06-10T10:00:00")
    with pytest.raises(TypeError):
        snippet.recent_order_summaries(conn, SINCE)
    conn.close()


# ---------------------------------------------------------------- learner tests: reference suite, wheats, chaffs

def test_key_shape():
    assert len(TESTS_EX.wheats) >= 2 and set(CHAFFS) == set(TESTS_EX.flaw_titles)
    for path in [*WHEATS.values(), *CHAFFS.values(), FIX, HIDDEN, REFERENCE_TESTS]:
        assert path.is_file(), path
    assert set(FIX_EX.properties) == {
        "test_summaries_match_the_spec", "test_guest_orders_are_included",
        "test_query_count_does_not_grow_with_orders", "test_memory_does_not_grow_with_older_orders"}


def test_reference_suite_passes_every_wheat_and_catches_each_chaff_with_its_own_test():
    runs = outcomes_many("nplusone", {**WHEATS, **CHAFFS, "snippet": SNIPPET}, REFERENCE_TESTS, sourceless=True)
    for name in WHEATS:
        assert set(runs[name].values()) == {"passed"}, (name, runs[name])
    catching = {"n-plus-one": "test_query_count_does_not_grow_with_orders",
                "unbounded-load": "test_memory_does_not_grow_with_older_orders",
                "guest-orders": "test_guest_orders_are_listed_without_a_customer"}
    for flaw in CHAFFS:
        assert [n for n, o in runs[flaw].items() if o != "passed"] == [catching[flaw]], (flaw, runs[flaw])
    assert set(runs["snippet"].values()) == {"failed"}, runs["snippet"]


def test_assistant_tests_pass_on_the_snippet_and_every_wheat():
    runs = outcomes_many("nplusone", {"snippet": SNIPPET, **WHEATS}, SCENARIO.assistant_tests)
    for name, result in runs.items():
        assert len(result) == 5 and set(result.values()) == {"passed"}, (name, result)


OVER_SPECIFIED = '''
def test_exactly_one_query(db, conn, recent_order_summaries, count_queries):
    db.add_orders(20, start="2024-06-01")
    with count_queries(conn) as queries:
        recent_order_summaries(conn, "2024-06-01")
    assert queries.count == 1


def test_ties_in_id_order(db, conn, recent_order_summaries):
    alice = db.add_customer("Alice Example")
    first = db.add_order(alice, "2024-06-02T10:00:00")
    second = db.add_order(alice, "2024-06-02T10:00:00")
    assert [s.order_id for s in recent_order_summaries(conn, "2024-06-01")] == [first, second]
'''


def test_over_specified_tests_are_false_alarms_on_some_wheat():
    """The spec allows up to 3 queries and any order within a second: pinning either fails a wheat."""
    runs = outcomes_many("nplusone", WHEATS, OVER_SPECIFIED, sourceless=True)
    for test in ("test_exactly_one_query", "test_ties_in_id_order"):
        assert any(result[test] == "failed" for result in runs.values()), (test, runs)


def test_look_alikes_defeat_source_inspection():
    assert "for order_id, customer_id, placed_at in orders:" in WHEATS["wheat_like_snippet.py"].read_text()
    for flaw in ("unbounded-load", "guest-orders"):
        assert "SUM(i.qty * i.unit_price_cents)" in CHAFFS[flaw].read_text()


# ---------------------------------------------------------------- the fix exercise

def test_hidden_tests_pass_on_every_correct_version_and_fail_each_flaw():
    runs = outcomes_many("nplusone", {"fix": FIX, **WHEATS, **CHAFFS, "snippet": SNIPPET}, HIDDEN,
                             sourceless=True)
    for name in ["fix", *WHEATS]:
        assert set(runs[name]) == set(FIX_EX.properties) and set(runs[name].values()) == {"passed"}, (name, runs[name])
    failing = {name: sorted(n for n, o in result.items() if o != "passed") for name, result in runs.items()}
    assert failing["n-plus-one"] == ["test_query_count_does_not_grow_with_orders"]
    assert failing["unbounded-load"] == ["test_memory_does_not_grow_with_older_orders"]
    assert failing["guest-orders"] == ["test_guest_orders_are_included"]
    assert failing["snippet"] == sorted(set(FIX_EX.properties) - {"test_summaries_match_the_spec"})


SECOND_CONNECTION = '''"""Hides its per-order queries on a connection of its own."""
import sqlite3


def recent_order_summaries(conn, since):
    (path,) = [row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"]
    other = sqlite3.connect(path)
    try:
        orders = other.execute("SELECT id, customer_id, placed_at FROM orders WHERE placed_at >= ? "
                               "ORDER BY placed_at DESC", (since,)).fetchall()
        result = []
        for order_id, customer_id, placed_at in orders:
            row = other.execute("SELECT name FROM customers WHERE id = ?", (customer_id,)).fetchone()
            (total,) = other.execute("SELECT SUM(qty * unit_price_cents) FROM order_items WHERE order_id = ?",
                                     (order_id,)).fetchone()
            result.append((order_id, placed_at, row[0] if row else None, total))
    finally:
        other.close()
    from collections import namedtuple
    Summary = namedtuple("Summary", "order_id placed_at customer total_cents")
    return [Summary(*r) for r in result]
'''

SILENCER = SNIPPET.read_text().replace("    orders = conn.execute(", "    conn.set_trace_callback(None)\n    orders = conn.execute(", 1)


def test_queries_cannot_be_hidden_from_the_counter(tmp_path):
    """A second connection is seen by the counter; switching the trace off is refused by the fix policy."""
    impl = tmp_path / "reports.py"
    impl.write_text(SECOND_CONNECTION)
    result = outcomes("nplusone", impl, HIDDEN, sourceless=True)
    assert result["test_query_count_does_not_grow_with_orders"] == "failed"
    assert result["test_summaries_match_the_spec"] == "passed"
    from course.judge.engine import judge_answer
    verdict = judge_answer(FIX_EX, "%%fix nplusone\n" + SILENCER)
    assert verdict.fraction == 0 and "set_trace_callback" in verdict.feedback


# ---------------------------------------------------------------- findings key

SPAN_TEXT = {   # flaw id -> a piece of code its keyed span must include
    "load-all": ['orders = conn.execute(', 'FROM orders ORDER BY placed_at DESC', ').fetchall()'],
    "customer-per-order": ["(customer,) = conn.execute(", "SELECT name FROM customers WHERE id = ?", ").fetchone()"],
    "items-per-order": ["items = conn.execute(", "FROM order_items WHERE order_id = ?", "(order_id,),", ").fetchall()"],
    "guest-crash": ["(customer,) = conn.execute(", "SELECT name FROM customers WHERE id = ?", ").fetchone()"],
}


def test_flaw_and_decoy_spans_point_at_the_code_they_describe():
    lines = SNIPPET.read_text().splitlines()
    for flaw in FINDINGS_EX.flaws:
        first, last = flaw.lines
        span = lines[first - 1:last]
        assert len(span) == len(SPAN_TEXT[flaw.id]), flaw.id
        for line, expected in zip(span, SPAN_TEXT[flaw.id]):
            assert expected in line, (flaw.id, line, expected)
    assert "if placed_at < since:" in lines[26] and "total_cents = sum(" in lines[35]
    assert FINDINGS_EX.decoys == ((27, 27), (36, 36))
    assert "for order_id, customer_id, placed_at in orders:" in lines[25]   # customer-per-order's tolerance


def test_reference_findings_score_full_marks_and_a_decoy_costs():
    from course.judge.engine import judge_answer
    reference = (KEY_DIR / "reference_findings.py").read_text()
    assert judge_answer(FINDINGS_EX, "%%findings nplusone\n" + reference).fraction == 1.0
    import ast
    with_decoy = ast.literal_eval(reference) + [{"lines": 27, "category": "edge-case", "why": "dates compared as text"}]
    verdict = judge_answer(FINDINGS_EX, "%%findings nplusone\n" + repr(with_decoy))
    assert verdict.fraction < 1.0 and "false alarm" in verdict.feedback


def test_snippet_looks_finished():
    source = SNIPPET.read_text()
    assert '"""Summaries of the orders placed' in source
    assert "TODO" not in source and "N+1" not in source and len(source.splitlines()) == 38


# ---------------------------------------------------------------- the notebook and the judge

def _solution(cell_id: str) -> str:
    from nbgrader_course import solution_answers
    return solution_answers(MODULE)[cell_id]


def test_notebook_solution_cells_are_the_key_files():
    for kind, key_file in (("tests", REFERENCE_TESTS), ("findings", KEY_DIR / "reference_findings.py"), ("fix", FIX)):
        magic, body = _solution(f"nplusone_{kind}").split("\n", 1)
        assert magic == f"%%{kind} nplusone" and body.strip() == key_file.read_text().strip(), kind


def test_reference_suite_verdicts_hold_over_as_many_runs_as_the_judge_makes():
    """The judge runs each test 3 times, and 8 more on every catch: the memory test (tracemalloc) must give
    the same verdict every time, on the correct versions and on the chaff it catches."""
    from course.judge.engine import CONFIRM_REPS, TEST_REPS, judge_limits
    from course.judge.testrun import run_suites
    import ast
    memory = "test_memory_does_not_grow_with_older_orders"
    source = REFERENCE_TESTS.read_text()
    [node] = [n for n in ast.parse(source).body if getattr(n, "name", "") == memory]
    only_memory = ast.get_source_segment(source, node)
    impls = [*WHEATS.values(), CHAFFS["unbounded-load"]]
    suites = run_suites(only_memory, [p.read_text() for p in impls], SCENARIO,
                        reps=TEST_REPS + CONFIRM_REPS, limits=judge_limits(), sourceless=True)
    for path, suite in zip(impls[:-1], suites):
        result = suite.results[memory]
        assert suite.problem is None and (result.failures, result.reps) == (0, TEST_REPS + CONFIRM_REPS), path.name
    chaff = suites[-1].results[memory]
    assert (chaff.failures, chaff.reps) == (TEST_REPS + CONFIRM_REPS,) * 2


def test_notebook_structure():
    import nbformat
    from nbgrader_course import check_source_notebook
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert check_source_notebook(nb, KEY) == {
        "nplusone_tests_score": 4, "nplusone_findings_score": 3, "nplusone_fix_score": 4,
        "batching_tests_score": 3, "loadall_findings_score": 3, "dedupe_fix_score": 3}
    ids = [c.id for c in nb.cells]
    order = [ids.index(i) for i in ("predict", "nplusone_tests", "live", "reveal", "nplusone_findings",
                                     "nplusone_fix", "batching_tests", "loadall_findings", "dedupe_fix", "catalog")]
    assert order == sorted(order)
    for c in nb.cells:
        if c.id in ("live", "live-fix", "growth-ratios", "loadall-measure", "dedupe-count", "dedupe-after"):
            assert "if live_enabled():" in c.source, c.id
    text = "".join(c.source for c in nb.cells)
    assert "34%" in text and "vendor data" in text and "assertNumQueries" in text


# ---------------------------------------------------------------- the live experiment (headless)

def test_live_experiment_counts_the_assistants_code_beside_a_fix():
    from course.scenarios.nplusone import experiment
    modules = {"assistant's code": experiment._snippet(), "your fix": load(FIX)}
    table = experiment.sweep(400, modules, progress=False)
    assert list(table.columns) == ["implementation", "n", "listed", "queries", "peak_kib", "ms", "ms_over_network"]
    assistant = table[table.implementation == "assistant's code"]
    fix = table[table.implementation == "your fix"]
    assert list(assistant.n) == [50, 100, 200, 400] and list(assistant.queries) == [101, 201, 401, 801]
    assert set(fix.queries) == {1} and list(fix.listed) == list(assistant.listed) == [50, 100, 200, 400]
    assert (assistant.peak_kib.values > 3 * fix.peak_kib.values).all()
    ratios = experiment.growth_table(table)
    assert set(ratios[ratios.implementation == "your fix"]["queries ratio"]) == {1.0}
    assert set(ratios[ratios.implementation == "assistant's code"]["queries ratio"]) <= {1.99, 2.0}
    fig = experiment.plot(table, prediction=500)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels[0].startswith("assistant's code: ~ n^1.0") and labels[1].startswith("your fix: ~ n^0.00")
    assert "your prediction" in labels and fig.axes[0].get_xscale() == "log"
    assert experiment.sizes_up_to(6400) == [800, 1600, 3200, 6400]


# ---------------------------------------------------------------- the fixtures hand out behaviour only

PROBE = fixture_probe.probe_suite(["db", "conn", "recent_order_summaries", "count_queries", "peak_memory"],
                                  setup='    db.add_orders(3, start="2024-06-01")\n'
                                        '    found = recent_order_summaries(conn, "2024-06-01")\n',
                                  made=["found"])


def test_probing_the_fixtures_tells_no_version_apart():
    """dir()/hasattr()/type/repr of every fixture, and of what the function returns, match for every version."""
    versions = {"snippet": SNIPPET, "wheat_correlated": WHEATS["wheat_correlated.py"],
                "chaff_guests_dropped": CHAFFS["guest-orders"]}   # dataclasses and a namedtuple: all look alike
    runs = outcomes_many("nplusone", versions, PROBE, sourceless=True)
    for result in runs.values():
        fixture_probe.assert_probe_ran(result)
    assert len({tuple(sorted(r.items())) for r in runs.values()}) == 1, runs
