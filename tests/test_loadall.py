"""The tickets drill (module 03, findings only): the key's spans hold the code meant, and every keyed flaw
is real, shown by counting (SQLite steps, queries, peak memory, EXPLAIN QUERY PLAN) on real sqlite3."""
from __future__ import annotations

import ast

import pytest

from course import scenarios
from course.judge.exercises import load_module_key
from course.judge.engine import judge_answer
from course.kits.measure import QueryCounter
from course.paths import SOLUTIONS_DIR
from course.scenarios.loadall import experiment
from scenario_runs import outcomes

MODULE = "03-hidden-performance"
SCENARIO = scenarios.get("loadall")
SNIPPET = SOLUTIONS_DIR / MODULE / SCENARIO.snippet
LINES = SNIPPET.read_text().splitlines()
KEY = load_module_key(MODULE)["loadall_findings"]
FLAWS = {flaw.id: flaw for flaw in KEY.flaws}
REFERENCE_FINDINGS = KEY.key_dir / "reference_findings.py"

SPAN_TEXT = {
    "load-all": ["rows = conn.execute(", "SELECT id, customer_id, subject, body, status, opened_at FROM tickets",
                 ").fetchall()", "mine = [row for row in rows if row[1] == customer_id"],
    "no-index": ["CREATE TABLE IF NOT EXISTS tickets (", "id ", "customer_id INTEGER NOT NULL", "subject",
                 "body", "status", "opened_at", ");"],
    "counts-per-customer": ["len(open_tickets(conn, customer_id, limit=1_000_000))"],
}


@pytest.mark.parametrize("flaw_id", sorted(SPAN_TEXT))
def test_each_flaw_span_holds_the_code_meant(flaw_id):
    first, last = FLAWS[flaw_id].lines
    span = LINES[first - 1:last]
    assert len(span) == len(SPAN_TEXT[flaw_id])
    for line, expected in zip(span, SPAN_TEXT[flaw_id]):
        assert expected in line, (flaw_id, line, expected)
    assert "CREATE INDEX" not in SNIPPET.read_text()
    assert KEY.decoys == ((28, 28),) and LINES[27].strip() == "conn.executescript(SCHEMA)"


def measured(tickets: int) -> dict[str, float]:
    return experiment.measure_snippet(tickets)


def test_load_all_cost_follows_the_table_not_the_panel():
    small, large = measured(1000), measured(4000)
    assert small["panel: tickets shown"] < 20 and large["panel: tickets shown"] < 20
    assert large["panel: SQLite steps"] == pytest.approx(4 * small["panel: SQLite steps"], rel=0.01)
    assert large["panel: peak KiB"] > 3 * small["panel: peak KiB"] > 1000   # bodies of every ticket, in Python


def test_missing_index_makes_even_a_filtered_query_scan():
    assert experiment.plan(experiment.FILTERED_QUERY, (7,)) == ["SCAN tickets", "USE TEMP B-TREE FOR ORDER BY"]
    assert experiment.plan(experiment.FILTERED_QUERY, (7,), index="ON tickets (customer_id, opened_at)") == [
        "SEARCH tickets USING INDEX experiment_index (customer_id=?)"]
    table = experiment.compare_queries((1000, 4000))
    assert table.loc[4000, "WHERE customer_id = ?, no index"] > 3 * table.loc[1000, "WHERE customer_id = ?, no index"]
    assert table.loc[4000, "WHERE customer_id = ?, with an index"] < 500


def test_counts_run_a_full_read_per_customer():
    small, large = measured(1000), measured(2000)
    assert small["dashboard: queries"] == len(experiment.DASHBOARD) == large["dashboard: queries"]
    per_customer = small["dashboard: SQLite steps"] / len(experiment.DASHBOARD)
    assert per_customer >= small["panel: SQLite steps"] - 100      # each customer's count reads the whole table
    assert large["dashboard: SQLite steps"] == pytest.approx(2 * small["dashboard: SQLite steps"], rel=0.01)


def test_decoy_executescript_runs_a_constant_and_is_idempotent(tmp_path):
    import sqlite3
    module = experiment.snippet()
    conn = sqlite3.connect(tmp_path / "t.db")
    with QueryCounter(conn) as queries:
        module.migrate(conn)
        module.migrate(conn)
    conn.close()
    assert [s.strip().split("(")[0].strip() for s in queries.statements] == [
        "CREATE TABLE IF NOT EXISTS tickets"] * 2
    assert "SCHEMA = \"\"\"" in SNIPPET.read_text() and "def migrate(conn: sqlite3.Connection) -> None:" in LINES[25]


def test_reference_findings_find_every_flaw_and_decoys_cost():
    reference = REFERENCE_FINDINGS.read_text()
    verdict = judge_answer(KEY, "%%findings loadall\n" + reference)
    assert verdict.fraction == 1.0, verdict.feedback
    with_decoy = ast.literal_eval(reference) + [{"lines": 28, "category": "injection", "why": "executescript"}]
    assert judge_answer(KEY, "%%findings loadall\n" + repr(with_decoy)).fraction < 1.0
    # the index flaw and the load-all flaw share a category, never a location
    index_only = [{"lines": (9, 9), "category": "unbounded-load", "why": "no index on customer_id"}]
    assert judge_answer(KEY, "%%findings loadall\n" + repr(index_only)).details["matched"] == ["no-index"]


def test_assistant_tests_pass_on_the_snippet():
    result = outcomes("loadall", SNIPPET, SCENARIO.assistant_tests)
    assert len(result) == 4 and set(result.values()) == {"passed"}, result


def test_notebook_solution_cell_is_the_reference_findings():
    from nbgrader_course import solution_answers
    magic, body = solution_answers(MODULE)["loadall_findings"].split("\n", 1)
    assert magic == "%%findings loadall" and body.strip() == REFERENCE_FINDINGS.read_text().strip()


def test_growth_table_and_plan_helpers():
    table = experiment.growth((1000, 2000))
    assert list(table["tickets in the table"]) == [1000, 2000]
    assert list(table.columns) == ["tickets in the table", "panel: tickets shown", "panel: peak KiB",
                                   "panel: SQLite steps", "dashboard: queries", "dashboard: SQLite steps"]
    assert experiment.plan() == ["SCAN tickets"]
    with pytest.raises(ValueError):
        experiment.plan(index="ON tickets (customer_id); DROP TABLE tickets")
