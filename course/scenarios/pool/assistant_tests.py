"""Tests the assistant wrote alongside record_payment (they pass on its code)."""
import sqlite3

import pytest


def test_records_the_payment(pool, db, record_payment):
    order = db.add_order(total_cents=1000)
    payment_id = record_payment(pool, order, 400)
    [payment] = db.payments()
    assert (payment.id, payment.order_id, payment.cents) == (payment_id, order, 400)
    assert db.paid(order) == 400


def test_payments_add_up(pool, db, record_payment):
    order = db.add_order(total_cents=1000)
    record_payment(pool, order, 400)
    record_payment(pool, order, 600)
    assert db.paid(order) == 1000


def test_overpayment_is_refused(pool, db, record_payment):
    order = db.add_order(total_cents=1000)
    with pytest.raises(sqlite3.IntegrityError):
        record_payment(pool, order, 1500)


def test_connection_is_returned_to_the_pool(pool, db, record_payment):
    order = db.add_order(total_cents=1000)
    record_payment(pool, order, 100)
    assert pool.available == pool.size
