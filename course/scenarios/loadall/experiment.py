"""Measurements for the tickets drill: what one page view costs as the tickets table grows.

Deterministic counts (SQLite steps, queries, rows) and tracemalloc peaks, no timing. The databases
are built once per session from `random.Random(seed)` with the snippet's own migrate(), about ten
tickets per customer, so one customer's panel shows the same handful of tickets at every size.
"""
from __future__ import annotations

import atexit
from pathlib import Path
import random
import shutil
import sqlite3
import tempfile
from types import ModuleType
from typing import Callable

import pandas as pd

from course.kits import race
from course.kits.measure import PeakMemory, QueryCounter, SqliteSteps, query_plan, run_scaling
from course.scenarios.loadall import SCENARIO

CUSTOMER = 7                      # whose panel is measured
DASHBOARD = list(range(1, 11))    # the customers on the support dashboard
SIZES = (1000, 2000, 4000, 8000)
STATUSES = ("open", "waiting", "closed", "closed")
SNIPPET_QUERY = "SELECT id, customer_id, subject, body, status, opened_at FROM tickets"
FILTERED_QUERY = ("SELECT id, subject, status, opened_at FROM tickets WHERE customer_id = ? AND status != 'closed' "
                  "ORDER BY opened_at DESC LIMIT 20")

_WORKDIR: list[Path] = []
_DATABASES: dict[int, Path] = {}
_SNIPPET: list[ModuleType] = []


def snippet() -> ModuleType:
    """The assistant's tickets.py, loaded once."""
    if not _SNIPPET:
        _SNIPPET.append(race.fresh_copy(SCENARIO.snippet_path()))
    return _SNIPPET[0]


def database(tickets: int, seed: int = 3) -> Path:
    """A tickets database file with `tickets` rows (built once per session); about ten per customer."""
    if tickets not in _DATABASES:
        if not _WORKDIR:
            _WORKDIR.append(Path(tempfile.mkdtemp(prefix="loadall-live-")))
            atexit.register(shutil.rmtree, _WORKDIR[0], True)
        path = _WORKDIR[0] / f"tickets-{tickets}.db"
        rng = random.Random(seed)
        customers = max(len(DASHBOARD), tickets // 10)
        conn = sqlite3.connect(path)
        try:
            snippet().migrate(conn)
            body = "Steps to reproduce: " + "the page shows an error after I press save. " * 8
            conn.executemany(
                "INSERT INTO tickets (customer_id, subject, body, status, opened_at) VALUES (?, ?, ?, ?, ?)",
                [(rng.randint(1, customers), f"Ticket {i}", body, rng.choice(STATUSES),
                  f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00")
                 for i in range(tickets)])
            conn.commit()
        finally:
            conn.close()
        _DATABASES[tickets] = path
    return _DATABASES[tickets]


def measure_snippet(tickets: int) -> dict[str, float]:
    """One panel view and one dashboard view of the assistant's code on a table of `tickets` rows."""
    module = snippet()
    conn = sqlite3.connect(database(tickets))
    try:
        with PeakMemory() as memory, SqliteSteps(conn) as panel_work:
            shown = len(module.open_tickets(conn, CUSTOMER))
        with QueryCounter(conn) as queries, SqliteSteps(conn) as dashboard_work:
            module.open_ticket_counts(conn, DASHBOARD)
    finally:
        conn.close()
    return {"panel: tickets shown": shown, "panel: peak KiB": round(memory.peak / 1024, 1),
            "panel: SQLite steps": panel_work.steps, "dashboard: queries": queries.count,
            "dashboard: SQLite steps": dashboard_work.steps}


def growth(sizes: tuple[int, ...] = SIZES) -> pd.DataFrame:
    """The assistant's code at each table size: what one customer's panel and the dashboard cost."""
    table = run_scaling({"assistant's code": measure_snippet}, sizes)
    return table.rename(columns={"n": "tickets in the table"}).drop(columns="implementation")


def plan(sql: str = SNIPPET_QUERY, params: tuple = (), index: str | None = None, tickets: int = 4000) -> list[str]:
    """EXPLAIN QUERY PLAN of `sql` on a copy of the drill's database, after `CREATE INDEX <index>` if given.

    For example plan(FILTERED_QUERY, (7,)) and plan(FILTERED_QUERY, (7,), index="ON tickets (customer_id)").
    The copy is thrown away: try any index you like.
    """
    return _on_copy(tickets, index, lambda conn: query_plan(conn, sql, params))


def steps(sql: str, params: tuple = (), index: str | None = None, tickets: int = 4000) -> int:
    """SQLite steps to run `sql` to the end on a copy of the drill's database (after CREATE INDEX if given)."""
    def run(conn: sqlite3.Connection) -> int:
        with SqliteSteps(conn) as work:
            conn.execute(sql, params).fetchall()
        return work.steps
    return _on_copy(tickets, index, run)


def compare_queries(sizes: tuple[int, ...] = SIZES) -> pd.DataFrame:
    """SQLite steps for one panel: the snippet's query, the filtered query, and the filtered query on an index."""
    index = "ON tickets (customer_id, opened_at)"
    rows = [{"tickets in the table": n,
             "everything (the snippet)": steps(SNIPPET_QUERY, tickets=n),
             "WHERE customer_id = ?, no index": steps(FILTERED_QUERY, (CUSTOMER,), tickets=n),
             "WHERE customer_id = ?, with an index": steps(FILTERED_QUERY, (CUSTOMER,), index=index, tickets=n)}
            for n in sizes]
    return pd.DataFrame(rows).set_index("tickets in the table")


def _on_copy(tickets: int, index: str | None, action: Callable[[sqlite3.Connection], object]):
    source = sqlite3.connect(database(tickets))
    conn = sqlite3.connect(":memory:")
    try:
        source.backup(conn)
        if index:
            if ";" in index:
                raise ValueError("index: one CREATE INDEX clause, such as 'ON tickets (customer_id)'")
            conn.execute(f"CREATE INDEX experiment_index {index}")
        return action(conn)
    finally:
        conn.close()
        source.close()
