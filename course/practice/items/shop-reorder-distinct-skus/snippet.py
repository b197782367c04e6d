""""Buy again" suggestions: the SKUs a customer ordered before, most recent first."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class PastLine:
    order_id: int
    sku: str
    qty: int


def reorder_skus(
    lines: Iterable[PastLine], exclude: Iterable[str] = (), limit: int | None = None
) -> list[str]:
    """Distinct SKUs in the order they first appear; `lines` arrive newest order first.

    SKUs in `exclude` (discontinued items, say) are left out.
    """
    excluded = set(exclude)
    skus: list[str] = []
    for line in lines:
        if line.sku in excluded:
            continue
        if line.sku not in skus:
            skus.append(line.sku)
    return skus if limit is None else skus[:limit]
