"""Cart quote: price every line of a cart at the current catalogue price."""
from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class CartLine:
    sku: str
    qty: int


@dataclass(frozen=True)
class QuotedLine:
    sku: str
    qty: int
    unit_cents: int
    total_cents: int


class UnknownSku(LookupError):
    """A cart line refers to a product that is not in the catalogue (any more)."""


def quote_cart(conn: sqlite3.Connection, lines: Sequence[CartLine]) -> list[QuotedLine]:
    """Price each line at the catalogue's current unit price; raise UnknownSku for missing products."""
    skus = sorted({line.sku for line in lines})
    marks = ", ".join("?" * len(skus))
    price_of = dict(conn.execute(f"SELECT sku, price_cents FROM products WHERE sku IN ({marks})", skus))
    quoted = []
    for line in lines:
        if line.sku not in price_of:
            raise UnknownSku(line.sku)
        unit = price_of[line.sku]
        quoted.append(QuotedLine(line.sku, line.qty, unit, unit * line.qty))
    return quoted
