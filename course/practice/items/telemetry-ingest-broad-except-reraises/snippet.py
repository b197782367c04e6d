"""Ingest worker: validate a batch of events from the queue and write it to the store."""
from __future__ import annotations

import logging
from typing import Any, Iterable, Protocol

log = logging.getLogger(__name__)


class Writer(Protocol):
    def write_rows(self, rows: list[tuple[str, float, float]]) -> None: ...


class Metrics(Protocol):
    def increment(self, name: str, by: int = 1) -> None: ...


def ingest(batch: Iterable[dict[str, Any]], writer: Writer, metrics: Metrics) -> int:
    """Write one batch and return the number of rows written.

    The queue consumer acks the batch only when this returns.
    """
    events = list(batch)
    try:
        rows = [(e["name"], float(e["ts"]), float(e["value"])) for e in events]
        writer.write_rows(rows)
    except Exception:
        metrics.increment("ingest.batches_failed")
        log.exception("ingest failed for a batch of %d events", len(events))
        raise
    metrics.increment("ingest.rows", len(rows))
    return len(rows)
