"""Nightly batch scoring: score every customer and store the predictions for the CRM export."""
from __future__ import annotations

from itertools import islice
import sqlite3
from typing import Callable, Iterable, Iterator

Features = dict[str, float]

SCHEMA = """
CREATE TABLE IF NOT EXISTS predictions (
    run_date TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    churn_score REAL NOT NULL
)
"""


def chunked(rows: Iterable[tuple[str, Features]], size: int) -> Iterator[list[tuple[str, Features]]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def score_batch(conn: sqlite3.Connection, run_date: str, rows: Iterable[tuple[str, Features]],
                model: Callable[[Features], float], chunk_size: int = 500) -> int:
    """Score `rows` (customer id, features) and store one prediction per customer for `run_date`.

    Each chunk is committed as it is done, so a crash keeps the work so far; the scheduler then
    reruns the job for the same run_date.
    """
    written = 0
    for chunk in chunked(rows, chunk_size):
        conn.executemany(
            "INSERT INTO predictions (run_date, customer_id, churn_score) VALUES (?, ?, ?)",
            [(run_date, customer, model(features)) for customer, features in chunk])
        conn.commit()
        written += len(chunk)
    return written
