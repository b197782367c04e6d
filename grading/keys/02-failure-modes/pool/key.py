"""Answer key for the connection-pool drill (module 02-failure-modes, scenario `pool`: tests, then a fix).

The snippet is solutions/02-failure-modes/payments.py: acquire, INSERT, UPDATE, commit, release, with
nothing on the error path. A refused payment (the UPDATE breaks the CHECK constraint after the INSERT
worked) raises before release(): the connection never goes back, and it still holds its open
transaction and SQLite's write lock. After one refused payment every other writer gets "database is
locked"; after `pool.size` of them the pool is dry and every request fails with PoolExhausted.

Chaffs (one flaw each):
- leak-on-error: rolls back on sqlite3.Error but releases only on success (the snippet's leak alone).
- released-mid-transaction: looks like the fix (`finally: pool.release(conn)`) but never rolls back,
  so the next request on that connection (the pool hands out the most recent one first) commits
  the refused payment's INSERT together with its own.
- double-release: releases in `except` and again in `finally`: the pool grows past its size, and
  later two requests share one connection.
Wheats take both sides of the spec's freedoms: the database refuses (IntegrityError, `with conn:`)
or the code checks first (ValueError, BEGIN IMMEDIATE, a context manager that borrows).
reference_tests.py is the notebook's solution for pool_tests.
"""
from course.judge.exercises import FixExercise, Impl, TestsExercise

FLAW_TITLES = {
    "leak-on-error": "A refused payment never gives its connection back: after two of them the pool is dry "
                     "and every request fails.",
    "released-mid-transaction": "The connection goes back with the refused payment's INSERT still pending: "
                                "the next request on it commits that payment too.",
    "double-release": "On the error path the connection is released twice: the pool grows past its size and "
                      "two requests end up sharing one connection.",
}

EXERCISES = [
    TestsExercise(
        id="pool_tests",
        scenario="pool",
        wheats=(
            Impl("wheat_try_finally.py",
                 freedom="an invalid amount may be refused with sqlite3.IntegrityError or with ValueError (this version lets the database refuse it).",
                 note="the snippet's shape inside try/finally with `with conn:`"),
            Impl("wheat_checks_first.py",
                 freedom="an invalid amount may be refused with sqlite3.IntegrityError or with ValueError, before or after a connection is taken (this version raises ValueError before it takes one).",
                 note="ValueError before touching the pool for cents <= 0, then BEGIN IMMEDIATE and a check "
                      "of what is owed: tests that insist on IntegrityError are false alarms"),
        ),
        chaffs=(
            Impl("chaff_leak_on_error.py", flaw="leak-on-error",
                 rule="the connection goes back with pool.release(conn) whatever happens, success or failure.",
                 note="rollback in except, release only on success"),
            Impl("chaff_released_mid_transaction.py", flaw="released-mid-transaction",
                 rule="a connection goes back with no transaction left open (committed or rolled back).",
                 note="looks like the fix: release in finally, but no rollback"),
            Impl("chaff_double_release.py", flaw="double-release",
                 rule="the connection goes back exactly once: pool.release(conn) is never called twice for one call.",
                 note="release in except and in finally"),
        ),
        flaw_titles=FLAW_TITLES,
        flaw_categories={"leak-on-error": ("resource-leak",), "released-mid-transaction": ("resource-leak", "error-handling"), "double-release": ("resource-leak",)},
    ),
    FixExercise(
        id="pool_fix",
        scenario="pool",
        hidden_tests="test_fix_hidden.py",
        reference="fix.py",
        properties={
            "test_records_a_payment": "records the payment and adds it to the order",
            "test_a_refused_payment_raises_and_records_nothing": "a refused payment raises and records nothing",
            "test_the_connection_goes_back_after_every_failure": "the connection goes back to the pool after "
                                                                 "every failure (resources released)",
            "test_the_connection_goes_back_clean": "it goes back with no transaction open: the next request "
                                                   "does not commit a refused payment",
            "test_the_pool_never_grows": "each connection goes back once: the pool never grows past its size",
        },
    ),
]
