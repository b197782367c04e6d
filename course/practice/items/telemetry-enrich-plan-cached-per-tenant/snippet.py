"""Ingest: tag each incoming event with its tenant's plan, for per-plan quotas."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping


def with_plans(conn: sqlite3.Connection, events: Iterable[Mapping[str, object]]) -> Iterator[dict[str, object]]:
    """Yield each event with a `plan` field ("free" when the tenant is unknown).

    A batch holds millions of events but only the few hundred tenants that sent them, so plans
    are looked up once per tenant and remembered for the rest of the batch.
    """
    plans: dict[object, str] = {}
    for event in events:
        tenant = event["tenant_id"]
        if tenant not in plans:
            row = conn.execute("SELECT plan FROM tenants WHERE id = ?", (tenant,)).fetchone()
            plans[tenant] = row[0] if row else "free"
        yield {**event, "plan": plans[tenant]}
