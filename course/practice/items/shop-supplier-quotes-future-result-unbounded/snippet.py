"""Ask every drop-ship supplier for a quote at once and pick the cheapest."""
from __future__ import annotations

from concurrent.futures import Executor
from typing import Callable

Quote = Callable[[str], int]   # sku -> price in cents


def cheapest_quote(executor: Executor, suppliers: dict[str, Quote], sku: str) -> tuple[str, int]:
    """Return (supplier, price_cents) of the cheapest quote for `sku`.

    Quotes are fetched in parallel, so the product page waits only as long as
    the slowest supplier. Suppliers that fail are skipped.
    """
    futures = {name: executor.submit(quote, sku) for name, quote in suppliers.items()}
    prices: dict[str, int] = {}
    for name, future in futures.items():
        try:
            prices[name] = future.result()
        except Exception:
            continue
    if not prices:
        raise LookupError(f"no supplier quoted {sku}")
    best = min(prices, key=prices.__getitem__)
    return best, prices[best]
