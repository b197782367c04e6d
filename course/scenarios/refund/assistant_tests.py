"""Tests for refund_order."""


def test_refund_records_the_refund(shop, ctx, provider, refund_order):
    order_id = shop.add_order("acme", total_cents=5000)

    result = refund_order(ctx, order_id, 10)

    assert result["amount_cents"] == 500
    assert result["order_id"] == order_id
    assert provider.refunds == [(f"ch_{order_id}", 500)]
    assert [r.amount_cents for r in shop.refunds(order_id)] == [500]


def test_refund_accepts_a_decimal_percent(shop, ctx, refund_order):
    order_id = shop.add_order("acme", total_cents=8000)

    assert refund_order(ctx, order_id, "12.5")["amount_cents"] == 1000


def test_refund_of_unknown_order_returns_an_error(ctx, refund_order):
    result = refund_order(ctx, 999_999, 10)

    assert "error" in result


def test_refund_retries_when_the_provider_fails(shop, ctx, provider, refund_order):
    order_id = shop.add_order("acme", total_cents=5000)
    provider.fail_next()

    result = refund_order(ctx, order_id, 50)

    assert result["amount_cents"] == 2500
    assert len(provider.refunds) == 1


def test_refunds_cannot_exceed_the_total(shop, ctx, refund_order):
    order_id = shop.add_order("acme", total_cents=5000)
    refund_order(ctx, order_id, 60)

    result = refund_order(ctx, order_id, 50)

    assert "error" in result
    assert shop.refunded_cents(order_id) == 3000
