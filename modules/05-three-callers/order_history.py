"""Order history: a customer's orders for the account page, the monthly
statement job and the export worker.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

FAN_OUT_ABOVE = 10  # a page of ten orders loads quickly enough one by one
_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="order-history")


def fetch_orders(repo, order_ids: list[int]) -> list:
    """The orders with these ids, in the same order.

    Every repo.get() is a database round trip, so a long history is loaded
    concurrently on a shared thread pool instead of one order at a time.
    """
    if len(order_ids) <= FAN_OUT_ABOVE:
        return [repo.get(order_id) for order_id in order_ids]
    futures = [_pool.submit(repo.get, order_id) for order_id in order_ids]
    return [future.result() for future in futures]
