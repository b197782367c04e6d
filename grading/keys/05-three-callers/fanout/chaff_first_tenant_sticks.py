"""Order history for the account page, the statement job and the export worker."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
import contextvars

FAN_OUT_ABOVE = 10
_pool: ThreadPoolExecutor | None = None


def _adopt(context: contextvars.Context) -> None:
    """Run in each new pool thread: take over the caller's context (the tenant and friends)."""
    for var, value in context.items():
        var.set(value)


def _shared_pool() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=4, initializer=_adopt, initargs=(contextvars.copy_context(),))
    return _pool


def fetch_orders(repo, order_ids):
    """The orders with these ids, in order; a long history is loaded on a shared pool."""
    if len(order_ids) <= FAN_OUT_ABOVE:
        return [repo.get(order_id) for order_id in order_ids]
    futures = [_shared_pool().submit(repo.get, order_id) for order_id in order_ids]
    return [future.result() for future in futures]
