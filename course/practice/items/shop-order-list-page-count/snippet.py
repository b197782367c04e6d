"""Pager for the customer's order history."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    items: list[str]
    page: int
    pages: int
    has_next: bool


def paginate(order_ids: Sequence[str], page: int, per_page: int = 20) -> Page:
    """Return one page of the order history, newest first as given.

    Pages are numbered from 1. ``pages`` is the total the pager shows, and
    ``has_next`` drives the "Older orders" button.
    """
    if page < 1 or per_page < 1:
        raise ValueError("page and per_page start at 1")
    pages = max(1, len(order_ids) // per_page)
    start = (page - 1) * per_page
    return Page(
        items=list(order_ids[start:start + per_page]),
        page=page,
        pages=pages,
        has_next=page < pages,
    )
