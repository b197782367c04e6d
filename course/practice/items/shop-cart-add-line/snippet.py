"""Cart helpers for the storefront session."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CartLine:
    sku: str
    qty: int
    unit_cents: int


def add_to_cart(sku: str, qty: int, unit_cents: int, lines: list[CartLine] = []) -> list[CartLine]:
    """Add `qty` of `sku` to the cart's lines and return them; starts a new cart when none is given.

    Adding a SKU that is already in the cart increases its quantity instead of adding a line.
    """
    for i, line in enumerate(lines):
        if line.sku == sku:
            lines[i] = CartLine(sku, line.qty + qty, unit_cents)
            return lines
    lines.append(CartLine(sku, qty, unit_cents))
    return lines


def cart_total(lines: list[CartLine]) -> int:
    """The cart's total in cents."""
    return sum(line.qty * line.unit_cents for line in lines)
