"""Partial refunds: POST /orders/<order_id>/refunds with a JSON body {"percent": ...}."""
from house import money
from house.errors import Conflict
from house.repository import OrderRepository
from house.retry import call_with_retry


def refund_order(ctx, order_id, percent):
    """Refund `percent` of an order's total through the payment provider and record the refund."""
    share = money.parse_percent(percent)
    with OrderRepository.open(ctx) as orders:
        order = orders.get(order_id)
        amount_cents = money.percent_of(order.total_cents, share)
        if amount_cents > order.refundable_cents:
            raise Conflict("refund exceeds the amount paid")
        provider_ref = call_with_retry(
            lambda _timeout: ctx.payments.refund(order.charge_id, amount_cents),
            what="payment provider")
        refund = orders.add_refund(order.id, amount_cents, provider_ref)
    return {"refund_id": refund.id, "order_id": order.id,
            "amount_cents": amount_cents, "provider_ref": provider_ref}
