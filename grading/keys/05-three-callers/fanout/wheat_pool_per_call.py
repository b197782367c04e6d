"""Order history for the account page, the statement job and the export worker."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
import contextvars


def _adopt(context: contextvars.Context) -> None:
    """Run in each new pool thread: take over the context of the call that made the pool."""
    for var, value in context.items():
        var.set(value)


def fetch_orders(repo, order_ids):
    """The orders with these ids, in order, loaded on a pool made for this call."""
    order_ids = list(order_ids)
    if len(order_ids) < 2:
        return [repo.get(order_id) for order_id in order_ids]
    with ThreadPoolExecutor(max_workers=min(4, len(order_ids)), initializer=_adopt,
                            initargs=(contextvars.copy_context(),)) as pool:
        return list(pool.map(repo.get, order_ids))
