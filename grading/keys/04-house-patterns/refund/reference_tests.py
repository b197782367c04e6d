import pytest


def test_another_tenants_orders_are_not_found(shop, ctx, refund_order, provider, errors):
    for theirs in shop.orders_of("globex"):
        with pytest.raises(errors.NotFound):
            refund_order(ctx, theirs, 10)
    assert provider.attempts == 0   # no money moved
    assert shop.refunds() == []


def test_amounts_round_half_up_to_the_cent(shop, ctx, refund_order):
    # each is an exact half cent: float arithmetic or round-half-to-even goes down on some of them
    for total_cents, percent, expected in [(1990, 15, 299), (1005, 10, 101), (285, 10, 29), (25, 10, 3),
                                           (2675, 10, 268), (1990, "12.5", 249)]:
        order_id = shop.add_order("acme", total_cents)
        assert refund_order(ctx, order_id, percent)["amount_cents"] == expected, (total_cents, percent)


def test_retries_stop_after_three_attempts(shop, ctx, refund_order, provider, errors):
    order_id = shop.orders_of("acme")[0]
    provider.fail_next(times=5)   # the provider is down for longer than the policy waits
    with pytest.raises(errors.UpstreamUnavailable):
        refund_order(ctx, order_id, 10)
    assert provider.attempts == 3
    assert shop.refunds() == []


def test_every_attempt_has_a_timeout(shop, ctx, refund_order, provider):
    order_id = shop.orders_of("acme")[0]
    provider.fail_next(kind="hang")   # no answer: only a timeout gets the call back
    refund_order(ctx, order_id, 10)
    assert provider.attempts == 2
    assert all(t is not None and 0 < t <= 2 for t in provider.timeouts), provider.timeouts


def test_failures_are_raised_not_returned(shop, ctx, refund_order, respond, errors):
    order_id = shop.orders_of("acme")[0]
    with pytest.raises(errors.InvalidRequest):
        refund_order(ctx, order_id, 0)
    assert respond(refund_order, ctx, order_id=999_999, percent=10)[0] == 404
    refund_order(ctx, order_id, 60)
    assert respond(refund_order, ctx, order_id=order_id, percent=50)[0] == 409
    assert shop.refunded_cents(order_id) == shop.total_cents(order_id) * 60 // 100
