"""Order history for the account page, the statement job and the export worker."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

PAGE_SIZE = 10


def fetch_orders(repo, order_ids):
    """The orders with these ids, in order; more than a page is loaded on a thread pool."""
    order_ids = list(order_ids)
    if len(order_ids) <= PAGE_SIZE:
        return [repo.get(order_id) for order_id in order_ids]
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(repo.get, order_ids))
