"""Dashboard tiles: the latest value of each metric a tenant asks for."""
from __future__ import annotations

import sqlite3
from collections.abc import Sequence


def latest_values(conn: sqlite3.Connection, tenant_id: int, names: Sequence[str]) -> dict[str, float]:
    """The most recent sample of each metric in ``names`` for the tenant, in one query.

    ``names`` comes straight from the dashboard's query string.
    """
    if not names:
        return {}
    marks = ", ".join("?" for _ in names)
    sql = (
        "SELECT name, value FROM samples AS s"
        f" WHERE tenant_id = ? AND name IN ({marks})"
        " AND ts = (SELECT MAX(ts) FROM samples"
        "           WHERE tenant_id = s.tenant_id AND name = s.name)"
    )
    rows = conn.execute(sql, (tenant_id, *names)).fetchall()
    return {name: value for name, value in rows}
