"""Order endpoints, written the house way: data through the repository, the provider through
call_with_retry, amounts through house.money, failures raised as domain errors.
"""
from __future__ import annotations

from house import money
from house.repository import OrderRepository
from house.retry import call_with_retry
from house.web import RequestContext


def get_order(ctx: RequestContext, order_id: int) -> dict:
    """GET /orders/<order_id>"""
    with OrderRepository.open(ctx) as orders:
        order = orders.get(order_id)
    return {"order_id": order.id, "customer": order.customer,
            "total": money.format_cents(order.total_cents), "refunded": money.format_cents(order.refunded_cents)}


def payment_status(ctx: RequestContext, order_id: int) -> dict:
    """GET /orders/<order_id>/payment: the charge's state at the payment provider."""
    with OrderRepository.open(ctx) as orders:
        order = orders.get(order_id)
    status = call_with_retry(lambda timeout: ctx.payments.charge_status(order.charge_id, timeout=timeout),
                             what="payment provider")
    return {"order_id": order.id, "payment": status}
