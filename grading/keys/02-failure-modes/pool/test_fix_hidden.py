"""Hidden tests for the pool fix: one property per test function, deterministic (no lock ever waits).

What record_payment returns is compared as a plain value (course.sandboxed.plain).
"""
import sqlite3

import pytest

from course.sandboxed.plain import plain
REFUSED = (sqlite3.IntegrityError, ValueError)
FAILURES = ("database locked", "more than owed", "not positive")   # locked first, while the database is idle


def fail(kind, pool, db, record_payment, order):
    """Make one payment fail in the given way; return what it raised (None if it did not raise)."""
    blocker = db.other_writer() if kind == "database locked" else None   # another request is writing
    try:
        record_payment(pool, order, {"more than owed": 999_999, "not positive": 0}.get(kind, 100))
    except Exception as exc:
        return exc
    finally:
        if blocker is not None:
            blocker.release()
    return None


def test_records_a_payment(pool, db, record_payment):
    order = db.add_order(total_cents=1000)
    first = record_payment(pool, order, 250)
    second = record_payment(pool, order, 750)
    assert [(p.id, p.order_id, p.cents) for p in db.payments()] == [(plain(first), order, 250), (plain(second), order, 750)]
    assert db.paid(order) == 1000 and pool.available == pool.size


def test_a_refused_payment_raises_and_records_nothing(pool, db, record_payment):
    order = db.add_order(total_cents=1000)
    with pytest.raises(REFUSED):
        record_payment(pool, order, 1001)
    assert db.payments() == [] and db.paid(order) == 0


def test_the_connection_goes_back_after_every_failure(pool, db, record_payment):
    order = db.add_order(total_cents=1000)
    for kind in FAILURES:
        assert fail(kind, pool, db, record_payment, order) is not None, f"no error raised: {kind}"
        assert pool.in_use == 0, f"a connection is still out after: {kind}"
    for _ in range(3 * pool.size):                # a burst of refused payments cannot drain the pool
        with pytest.raises(REFUSED):
            record_payment(pool, order, 999_999)
    assert pool.in_use == 0 and record_payment(pool, order, 10) is not None


def test_the_connection_goes_back_clean(pool, db, record_payment):
    order = db.add_order(total_cents=1000)
    with pytest.raises(REFUSED):
        record_payment(pool, order, 5000)          # its INSERT worked, its UPDATE was refused
    assert pool.open_on_release == 0, "a connection came back with its transaction still open"
    record_payment(pool, order, 300)
    assert [p.cents for p in db.payments()] == [300] and db.paid(order) == 300


def test_the_pool_never_grows(pool, db, record_payment):
    order = db.add_order(total_cents=1000)
    for kind in FAILURES:
        fail(kind, pool, db, record_payment, order)
        assert pool.available <= pool.size, f"a connection came back twice after: {kind}"
