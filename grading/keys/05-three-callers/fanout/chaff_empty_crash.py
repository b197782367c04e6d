"""Order history for the account page, the statement job and the export worker."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
import contextvars


def fetch_orders(repo, order_ids):
    """The orders with these ids, in order, loaded concurrently in copies of the caller's context."""
    with ThreadPoolExecutor(max_workers=min(4, len(order_ids))) as pool:
        futures = [pool.submit(contextvars.copy_context().run, repo.get, order_id) for order_id in order_ids]
        return [future.result() for future in futures]
