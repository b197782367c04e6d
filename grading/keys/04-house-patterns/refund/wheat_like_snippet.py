"""Partial refunds: POST /orders/<order_id>/refunds with a JSON body {"percent": ...}."""
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
import sqlite3
import time

from house.errors import Conflict, InvalidRequest, NotFound, TransientError, UpstreamUnavailable

ATTEMPTS = 3
TIMEOUT_SECONDS = 1.5
RETRY_DELAY_SECONDS = 0.5


def refund_order(ctx, order_id, percent):
    """Refund `percent` of an order's total through the payment provider and record the refund.

    Support can refund an order several times, but never more than was paid in total. Returns
    the refund as a dict, ready for the JSON response.
    """
    try:
        percent = Decimal(str(percent))
    except InvalidOperation:
        raise InvalidRequest("percent must be a number") from None
    if not percent.is_finite() or not 0 < percent <= 100:
        raise InvalidRequest("percent must be above 0 and at most 100")

    conn = sqlite3.connect(ctx.db_path)
    conn.row_factory = sqlite3.Row
    try:
        order = conn.execute(
            "SELECT id, total_cents, charge_id FROM orders WHERE id = ? AND tenant_id = ?",
            (order_id, ctx.tenant_id),
        ).fetchone()
        if order is None:
            raise NotFound("order not found")

        refund = Decimal(order["total_cents"]) * percent / 100
        amount_cents = int(refund.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        (already_refunded,) = conn.execute(
            "SELECT COALESCE(SUM(amount_cents), 0) FROM refunds WHERE order_id = ?", (order_id,)
        ).fetchone()
        if already_refunded + amount_cents > order["total_cents"]:
            raise Conflict("refund exceeds the amount paid")

        for attempt in range(1, ATTEMPTS + 1):
            try:
                provider_ref = ctx.payments.refund(order["charge_id"], amount_cents, timeout=TIMEOUT_SECONDS)
                break
            except TransientError:
                if attempt == ATTEMPTS:
                    raise UpstreamUnavailable("the payment provider is unavailable") from None
                time.sleep(RETRY_DELAY_SECONDS)

        cursor = conn.execute(
            "INSERT INTO refunds (tenant_id, order_id, amount_cents, provider_ref) VALUES (?, ?, ?, ?)",
            (ctx.tenant_id, order_id, amount_cents, provider_ref),
        )
        conn.commit()
        return {"refund_id": cursor.lastrowid, "order_id": order_id,
                "amount_cents": amount_cents, "provider_ref": provider_ref}
    finally:
        conn.close()
