"""Partial refunds: POST /orders/<order_id>/refunds with a JSON body {"percent": ...}."""
import time

from house import money
from house.errors import Conflict, TransientError
from house.repository import OrderRepository

TIMEOUT_SECONDS = 2.0
RETRY_DELAY_SECONDS = 1.0


def refund_order(ctx, order_id, percent):
    """Refund `percent` of an order's total through the payment provider and record the refund."""
    share = money.parse_percent(percent)
    with OrderRepository.open(ctx) as orders:
        order = orders.get(order_id)
        amount_cents = money.percent_of(order.total_cents, share)
        if amount_cents > order.refundable_cents:
            raise Conflict("refund exceeds the amount paid")
        while True:
            try:
                provider_ref = ctx.payments.refund(order.charge_id, amount_cents, timeout=TIMEOUT_SECONDS)
                break
            except TransientError:
                time.sleep(RETRY_DELAY_SECONDS)   # only transient failures: a decline propagates
        refund = orders.add_refund(order.id, amount_cents, provider_ref)
    return {"refund_id": refund.id, "order_id": order.id,
            "amount_cents": amount_cents, "provider_ref": provider_ref}
