"""Partial refunds: POST /orders/<order_id>/refunds with a JSON body {"percent": ...}."""
import sqlite3
import time

RETRY_DELAY_SECONDS = 1.0


def refund_order(ctx, order_id, percent):
    """Refund `percent` of an order's total through the payment provider and record the refund.

    Support can refund an order several times, but never more than was paid in total. Returns
    the refund as a dict, ready for the JSON response.
    """
    try:
        percent = float(percent)
    except (TypeError, ValueError):
        return {"error": "percent must be a number"}
    if not 0 < percent <= 100:
        return {"error": "percent must be above 0 and at most 100"}

    conn = sqlite3.connect(ctx.db_path)
    conn.row_factory = sqlite3.Row
    try:
        order = conn.execute(
            "SELECT id, total_cents, charge_id FROM orders WHERE id = ?", (order_id,)
        ).fetchone()
        if order is None:
            return {"error": "order not found"}

        refund = order["total_cents"] / 100 * percent / 100  # in dollars
        amount_cents = round(refund * 100)
        (already_refunded,) = conn.execute(
            "SELECT COALESCE(SUM(amount_cents), 0) FROM refunds WHERE order_id = ?", (order_id,)
        ).fetchone()
        if already_refunded + amount_cents > order["total_cents"]:
            return {"error": "refund exceeds the amount paid"}

        while True:
            try:
                provider_ref = ctx.payments.refund(order["charge_id"], amount_cents)
                break
            except Exception:
                time.sleep(RETRY_DELAY_SECONDS)  # the provider is flaky at times: try again

        cursor = conn.execute(
            "INSERT INTO refunds (tenant_id, order_id, amount_cents, provider_ref) VALUES (?, ?, ?, ?)",
            (ctx.tenant_id, order_id, amount_cents, provider_ref),
        )
        conn.commit()
        return {"refund_id": cursor.lastrowid, "order_id": order_id,
                "amount_cents": amount_cents, "provider_ref": provider_ref}
    finally:
        conn.close()
