"""Event breakdown by a tag, for the dashboard's "group by" dropdown."""
from __future__ import annotations

import sqlite3


def counts_by_tag(conn: sqlite3.Connection, tenant_id: int, event: str, tag: str) -> dict[str, int]:
    """How often ``event`` happened for the tenant, per value of the tag column ``tag``.

    Tags are columns of the events table (region, plan, "app-version", ...);
    the column name is double-quoted so names with dashes work too. The
    tenant and event name are bound parameters.
    """
    sql = (
        f'SELECT "{tag}" AS value, COUNT(*) FROM events'
        " WHERE tenant_id = ? AND name = ?"
        " GROUP BY 1 ORDER BY 2 DESC"
    )
    rows = conn.execute(sql, (tenant_id, event)).fetchall()
    return {str(value): count for value, count in rows}
