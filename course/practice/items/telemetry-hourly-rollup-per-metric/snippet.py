"""Hourly rollup job: one summary row per metric for the hour that just closed."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class Rollup:
    metric: str
    hour: int
    count: int
    total: float
    peak: float


def rollup_hour(conn: sqlite3.Connection, hour: int) -> list[Rollup]:
    """Summarise the samples of [hour, hour + 3600) per metric and store the rollups."""
    start, end = hour, hour + 3600
    names = [
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT metric FROM samples WHERE ts >= ? AND ts < ? ORDER BY metric",
            (start, end),
        )
    ]
    rollups = []
    for name in names:
        count, total, peak = conn.execute(
            "SELECT COUNT(*), SUM(value), MAX(value) FROM samples"
            " WHERE metric = ? AND ts >= ? AND ts < ?",
            (name, start, end),
        ).fetchone()
        rollups.append(Rollup(name, hour, count, total, peak))
    conn.executemany(
        "INSERT INTO rollups (metric, hour, count, total, peak) VALUES (?, ?, ?, ?, ?)",
        [(r.metric, r.hour, r.count, r.total, r.peak) for r in rollups],
    )
    return rollups
