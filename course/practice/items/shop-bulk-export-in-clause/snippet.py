"""Bulk order export: fetch a tenant's orders by id."""
from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Order:
    id: int
    tenant_id: int
    total: int  # cents


def orders_by_ids(conn: sqlite3.Connection, tenant_id: int, ids: Sequence[int]) -> list[Order]:
    """Return the tenant's orders whose ids are listed, in one query.

    ``ids`` is the list from the export request body. The tenant filter is a
    bound parameter, so one shop can never see another shop's orders.
    """
    if not ids:
        return []
    id_list = ", ".join(str(order_id) for order_id in ids)
    rows = conn.execute(
        f"SELECT id, tenant_id, total FROM orders WHERE tenant_id = ? AND id IN ({id_list})",
        (tenant_id,),
    ).fetchall()
    return [Order(*row) for row in rows]


def export_csv(orders: list[Order]) -> str:
    """The export file: a header and one line per order."""
    lines = ["id,total"] + [f"{o.id},{o.total / 100:.2f}" for o in orders]
    return "\n".join(lines) + "\n"
