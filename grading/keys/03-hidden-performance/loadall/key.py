"""Answer key for the tickets drill (module 03-hidden-performance, scenario `loadall`, findings only).

The snippet is solutions/03-hidden-performance/tickets.py (46 lines). Three flaws:
- load-all (unbounded-load), lines 33-36, tolerance 31-38: every ticket of every customer, bodies
  included, is fetched for one customer's panel, then filtered, sorted and cut to `limit` in Python.
  Memory and time grow with the whole table (16,000 tickets: megabytes per page view).
- no-index (unbounded-load), lines 7-14 (the CREATE TABLE): nothing indexes customer_id, so even a
  query that filters in SQL reads the whole table (EXPLAIN QUERY PLAN: SCAN tickets). An index on
  (customer_id) or (customer_id, opened_at) turns it into a SEARCH.
- counts-per-customer (n-plus-one; quadratic also accepted), line 44, tolerance 41-46: the dashboard
  calls open_tickets once per customer, a query per customer, each reading the whole table:
  customers x tickets rows, where one GROUP BY query would do.
Decoy: line 28, executescript runs a constant script (SCHEMA), not text built from input: no injection.
reference_findings.py is the notebook's solution for loadall_findings (a literal list).
tests/test_loadall.py checks every span against the snippet's text and measures each flaw.
"""
from course.judge.exercises import FindingsExercise, Flaw

FLAW_TITLES = {
    "load-all": "Every ticket (bodies included) is loaded for one customer's panel, then filtered in Python.",
    "no-index": "No index on customer_id: even a query that filters in SQL scans the whole tickets table.",
    "counts-per-customer": "The dashboard calls open_tickets once per customer: a full-table read per customer.",
}

EXERCISES = [
    FindingsExercise(
        id="loadall_findings",
        scenario="loadall",
        flaws=(
            Flaw("load-all", lines=(33, 36), tolerance=(31, 38),
                 categories=frozenset({"unbounded-load"}), title=FLAW_TITLES["load-all"]),
            Flaw("no-index", lines=(7, 14),
                 categories=frozenset({"unbounded-load"}), title=FLAW_TITLES["no-index"]),
            Flaw("counts-per-customer", lines=(44, 44), tolerance=(41, 46),
                 categories=frozenset({"n-plus-one", "quadratic"}), title=FLAW_TITLES["counts-per-customer"]),
        ),
        decoys=((28, 28),),
    ),
]
