"""Answer key for the N+1 scenario (module 03-hidden-performance, the main scenario).

The snippet is solutions/03-hidden-performance/reports.py. Its flaws:
- load-all (unbounded-load), lines 21-23, tolerance 21-28: every order ever placed is fetched
  (fetchall) and the recent ones are picked in Python at line 27; memory and time grow with the
  whole history, not with the dashboard's rows. Filtering belongs in the WHERE clause.
- customer-per-order (n-plus-one), lines 29-31, tolerance 26-31 (the loop): one query per order for
  the customer's name.
- items-per-order (n-plus-one), lines 32-35: one more query per order for its items. Together with the
  one above: 2n + 1 queries for n orders (1001 for a dashboard of 500).
- guest-crash (edge-case; error-handling also accepted), lines 29-31, tolerance 29-37: a guest
  checkout has customer_id NULL, the lookup finds no row, and `(customer,) = None` raises TypeError:
  the whole dashboard fails for one guest order (the dataclass even says `str | None`).
Decoys: line 27, comparing ISO 8601 timestamps as strings is correct (they sort in time order), and
line 36, adding up an order's few items in Python is not a performance problem.

Spec freedom the wheats use (course/scenarios/nplusone/__init__.py): any fixed number of queries up to
3 (wheat_like_snippet prefetches with 3, the others use 1); the order of orders placed at the same
second (wheat_like_snippet and wheat_one_join break ties by id descending, the expected answer and
the fix by id ascending, wheat_correlated leaves it to SQLite); the record type (a dataclass or a
namedtuple).
"""
from course.judge.exercises import FindingsExercise, FixExercise, Flaw, Impl, TestsExercise

FLAW_TITLES = {
    "n-plus-one": "One query per order (for its customer or its items): the query count grows with the orders.",
    "unbounded-load": "Every order ever placed is loaded, then filtered in Python: memory grows with the history.",
    "guest-orders": "Guest checkouts (no customer) are dropped or crash the dashboard instead of being listed with no name.",
}

EXERCISES = [
    TestsExercise(
        id="nplusone_tests",
        scenario="nplusone",
        wheats=(
            Impl("wheat_like_snippet.py",
                 freedom="which queries it runs (up to 3), and the order of orders placed at the same second.",
                 note="the snippet's loop shape, but orders filtered in SQL and customers/items prefetched: 3 queries"),
            Impl("wheat_one_join.py",
                 freedom="which queries it runs (up to 3), and the order of orders placed at the same second (this version may order those differently).",
                 note="one query with a CTE, LEFT JOIN and GROUP BY; ties by id descending"),
            Impl("wheat_correlated.py",
                 freedom="which queries it runs (up to 3), and what kind of object each summary is, as long as it has the four attributes.",
                 note="one statement with correlated subqueries, streamed with fetchmany, namedtuple records"),
        ),
        chaffs=(
            Impl("chaff_n_plus_one.py", flaw="n-plus-one",
                 rule="it runs a fixed number of SQL queries, at most 3, however many orders it returns.",
                 note="orders and customers joined and filtered in SQL, guests kept, but one SUM query per order"),
            Impl("chaff_load_all.py", flaw="unbounded-load",
                 rule="it holds in memory only what it returns: memory must not grow with the number of older orders.",
                 note="looks like the fix (one JOIN query, 1 query for any n) but no WHERE: filters in Python"),
            Impl("chaff_guests_dropped.py", flaw="guest-orders",
                 rule="a guest checkout (no customer) is listed too, with .customer None.",
                 note="looks like the fix, but an INNER JOIN on customers drops guest checkouts"),
        ),
        flaw_titles=FLAW_TITLES,
        flaw_categories={"n-plus-one": ("n-plus-one",), "unbounded-load": ("unbounded-load",), "guest-orders": ("edge-case",)},
    ),
    FindingsExercise(
        id="nplusone_findings",
        scenario="nplusone",
        flaws=(
            Flaw("load-all", lines=(21, 23), tolerance=(21, 28),
                 categories=frozenset({"unbounded-load"}), title=FLAW_TITLES["unbounded-load"]),
            Flaw("customer-per-order", lines=(29, 31), tolerance=(26, 31),
                 categories=frozenset({"n-plus-one"}),
                 title="A query per order for the customer's name (n queries for n orders)."),
            Flaw("items-per-order", lines=(32, 35),
                 categories=frozenset({"n-plus-one"}),
                 title="A query per order for its items (n more queries for n orders)."),
            Flaw("guest-crash", lines=(29, 31), tolerance=(29, 37),
                 categories=frozenset({"edge-case", "error-handling"}),
                 title="A guest checkout has no customer: the lookup returns None and unpacking it raises TypeError."),
        ),
        decoys=((27, 27), (36, 36)),
    ),
    FixExercise(
        id="nplusone_fix",
        scenario="nplusone",
        hidden_tests="test_fix_hidden.py",
        reference="fix.py",
        properties={
            "test_summaries_match_the_spec": "the right orders, totals and names, newest first",
            "test_guest_orders_are_included": "guest checkouts are listed with customer None",
            "test_query_count_does_not_grow_with_orders": "the same number of queries (at most 3) for n, 2n and 4n orders",
            "test_memory_does_not_grow_with_older_orders": "peak memory stays bounded while the older history grows 16-fold",
        },
    ),
]
