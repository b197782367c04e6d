"""Partial refunds: POST /orders/<order_id>/refunds with a JSON body {"percent": ...}."""
from house import money
from house.errors import Conflict
from house.repository import OrderRepository
from house.retry import call_with_retry


def refund_order(ctx, order_id, percent):
    """Refund `percent` of an order's total through the payment provider and record the refund."""
    with OrderRepository.open(ctx) as orders:
        order = orders.get(order_id)               # an unknown order is NotFound, whatever the percent
        amount_cents = money.percent_of(order.total_cents, money.parse_percent(percent))
        if order.refunded_cents + amount_cents > order.total_cents:
            raise Conflict("refund exceeds the amount paid")

        def refund(timeout):
            return ctx.payments.refund(order.charge_id, amount_cents, timeout=timeout)

        provider_ref = call_with_retry(refund, what="payment provider")
        orders.add_refund(order.id, amount_cents, provider_ref)
    return {"order_id": order.id, "amount_cents": amount_cents, "provider_ref": provider_ref,
            "refunded_cents": order.refunded_cents + amount_cents,
            "total": money.format_cents(order.total_cents)}
