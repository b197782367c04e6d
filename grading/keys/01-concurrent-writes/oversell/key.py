"""Answer key for the oversell scenario (module 01-concurrent-writes).

The snippet is solutions/01-concurrent-writes/shop.py. Its three flaws:
- oversell (race-condition, lines 23-28; the read starts at 16): check-then-act. The stock is read
  with a plain SELECT (no lock held afterwards), checked in Python, then decremented: two buyers
  both see the last unit and both buy it (stock ends at -1).
- negative-qty (edge-case, lines 13-14): qty is checked for type but not sign; qty=0 records an
  empty order and a negative qty adds stock.
- no-rollback (error-handling, lines 29-33): if the INSERT fails, the UPDATE stays pending in the
  connection's open transaction (holding the write lock) and the next commit on that connection
  -- usually the next order -- commits the decrement without its order.
Decoy: line 31, `qty * price_cents`, is exact integer money.

Spec freedom the wheats use (see course/scenarios/oversell/__init__.py): qty <= 0 may return None or
raise ValueError; under contention a call may raise "database is locked"; how the code stays safe.
"""
from course.judge.exercises import FindingsExercise, FixExercise, Flaw, Impl, TestsExercise

FLAW_TITLES = {
    "oversell": "Two buyers can both pass the stock check and both buy the last unit (check, then act).",
    "negative-qty": "A zero or negative quantity is accepted: an empty order is recorded or the stock grows.",
    "no-rollback": "When recording the order fails, the stock decrement stays pending and a later commit keeps it.",
}

EXERCISES = [
    TestsExercise(
        id="oversell_tests",
        scenario="oversell",
        wheats=(
            Impl("wheat_like_snippet.py",
                 freedom="for qty <= 0 it may return None or raise ValueError (this version raises).",
                 note="the snippet's select-then-update shape, made safe by BEGIN IMMEDIATE; ValueError for qty<=0"),
            Impl("wheat_conditional_update.py",
                 freedom="for qty <= 0 it may return None or raise ValueError (this version returns None).",
                 note="one conditional UPDATE inside `with conn:`, after a plain SELECT for an unknown product (a read first: tests of the SQL's shape, not of behaviour, fail on it); returns None for qty<=0; INSERT ... SELECT"),
            Impl("wheat_deferred_may_raise.py",
                 freedom='under contention a call may raise sqlite3.OperationalError ("database is locked") instead of waiting, and which buyer wins is not specified.',
                 note="deferred BEGIN: under contention one buyer gets 'database is locked' (the spec allows it); "
                      "tests that insist the loser gets None are over-specified"),
        ),
        chaffs=(
            Impl("chaff_oversell.py", flaw="oversell",
                 rule="it never sells more units than are in stock, whatever the interleaving.",
                 note="validates qty and uses `with conn:` (looks transactional) but still reads, then writes"),
            Impl("chaff_negative_qty.py", flaw="negative-qty",
                 rule="qty must be a positive whole number: for qty <= 0 it changes nothing.",
                 note="looks like the fix: conditional UPDATE and rollback, but no check that qty > 0"),
            Impl("chaff_no_rollback.py", flaw="no-rollback",
                 rule="if anything fails part-way, it raises and nothing of the order stays behind: not committed, and not left pending on the connection.",
                 note="BEGIN IMMEDIATE and qty check, but an exception leaves the transaction open"),
        ),
        flaw_titles=FLAW_TITLES,
    ),
    FindingsExercise(
        id="oversell_findings",
        scenario="oversell",
        flaws=(
            Flaw("oversell", lines=(23, 28), tolerance=(16, 28),
                 categories=frozenset({"race-condition", "edge-case"}), title=FLAW_TITLES["oversell"]),
            # tolerance stops at 15: lines 16-22 are the race's neutral zone (both accept edge-case),
            # and one location must never qualify for two flaws (tests/test_findings.py checks keys)
            Flaw("negative-qty", lines=(13, 14), tolerance=(6, 15),
                 categories=frozenset({"edge-case", "spec-misread"}), title=FLAW_TITLES["negative-qty"]),
            Flaw("no-rollback", lines=(29, 33), tolerance=(26, 34),
                 categories=frozenset({"error-handling", "resource-leak"}), title=FLAW_TITLES["no-rollback"]),
        ),
        decoys=((31, 31),),
    ),
    FixExercise(
        id="oversell_fix",
        scenario="oversell",
        hidden_tests="test_fix_hidden.py",
        reference="fix.py",
        properties={
            "test_sells_and_records_the_order": "sells, lowers the stock and records the order with its total",
            "test_out_of_stock_or_unknown_returns_none": "out of stock or unknown product: None, nothing changes",
            "test_never_oversells_the_last_unit": "two buyers, one unit: sold exactly once in every interleaving",
            "test_never_oversells_a_multi_unit_order": "two buyers of 2, three units: never oversold in any interleaving",
            "test_zero_or_negative_qty_changes_nothing": "a zero or negative quantity changes nothing",
            "test_failed_order_leaves_nothing_behind": "a failed INSERT leaves nothing committed or pending",
        },
    ),
]
