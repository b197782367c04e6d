import sqlite3

import pytest

REFUSED = (sqlite3.IntegrityError, ValueError)   # the spec allows either


def test_refused_payments_do_not_drain_the_pool(pool, db, record_payment):
    order = db.add_order(total_cents=1000)
    for _ in range(pool.size + 1):               # more failures than the pool has connections
        with pytest.raises(REFUSED):
            record_payment(pool, order, 5000)     # more than the order owes
    assert pool.available == pool.size            # every connection came back, once
    assert record_payment(pool, order, 400) is not None
    assert db.paid(order) == 400


def test_a_refused_payment_leaves_nothing_behind(pool, db, record_payment):
    order = db.add_order(total_cents=1000)
    with pytest.raises(REFUSED):
        record_payment(pool, order, 5000)
    record_payment(pool, order, 300)              # the next request, on a connection from the pool
    assert db.paid(order) == 300
    assert [p.cents for p in db.payments()] == [300]


def test_zero_or_negative_payments_are_refused(pool, db, record_payment):
    order = db.add_order(total_cents=1000)
    for cents in (0, -500):
        with pytest.raises(REFUSED):
            record_payment(pool, order, cents)
    assert db.payments() == [] and db.paid(order) == 0
    assert pool.available == pool.size
