"""Checkout totals: items, coupon, shipping."""
from __future__ import annotations

from dataclasses import dataclass

FREE_SHIPPING_FROM = 50_00  # cents
SHIPPING_FEE = 4_90


@dataclass(frozen=True)
class CartLine:
    sku: str
    unit_price: int  # cents
    qty: int


def checkout_total(lines: list[CartLine], coupon: int = 0) -> dict[str, int]:
    """Price a cart at checkout, all amounts in cents.

    A coupon never takes the items below zero. Orders of 50.00 or more ship
    free; smaller ones pay the flat fee.
    """
    items = sum(line.unit_price * line.qty for line in lines)
    shipping = 0 if items >= FREE_SHIPPING_FROM else SHIPPING_FEE
    discount = min(coupon, items)
    return {
        "items": items,
        "discount": discount,
        "shipping": shipping,
        "total": items - discount + shipping,
    }
