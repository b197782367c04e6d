"""`telemetry slowest LOG`: the slowest requests recorded in a JSON-lines access log."""
from __future__ import annotations

import heapq
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Request:
    route: str
    status: int
    duration_ms: float


def read_requests(path: Path) -> Iterator[Request]:
    """Parse the access log, one JSON object per line; lines that are not request records are skipped."""
    with path.open(encoding="utf-8") as f:
        for line in f:
            try:
                rec = json.loads(line)
                yield Request(rec["route"], int(rec["status"]), float(rec["duration_ms"]))
            except (ValueError, KeyError, TypeError):
                continue


def slowest(path: Path, n: int = 10) -> list[Request]:
    """The `n` slowest requests in the log, slowest first (ties keep log order)."""
    return heapq.nlargest(n, read_requests(path), key=lambda r: r.duration_ms)
