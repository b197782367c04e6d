"""Tests the assistant wrote alongside handle_payment_succeeded (they pass on its code)."""


def test_payment_credits_the_customer(conn, handle, make_event, balance):
    assert handle(conn, make_event(amount=1500)) == (200, "ok")
    assert balance("cus_1") == 1500


def test_redelivered_event_is_skipped(conn, handle, make_event, balance):
    event = make_event(event_id="evt_42", amount=1500)
    handle(conn, event)
    assert handle(conn, event) == (200, "duplicate")
    assert balance("cus_1") == 1500


def test_payments_add_up(conn, handle, make_event, balance):
    handle(conn, make_event(event_id="evt_1", amount=1000))
    handle(conn, make_event(event_id="evt_2", amount=250))
    assert balance("cus_1") == 1250


def test_other_event_types_are_acknowledged(conn, handle, make_event, balance):
    assert handle(conn, make_event(type="payment.refunded")) == (200, "ignored")
    assert balance("cus_1") == 0
