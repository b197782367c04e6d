"""Push rolled-up metrics to the central collector."""
from __future__ import annotations

import gzip
import json
import urllib.request
from typing import Any, Callable

COLLECTOR_URL = "https://collector.internal/v1/rollups"


def export_rollups(
    rollups: list[dict[str, Any]],
    opener: Callable[..., Any] = urllib.request.urlopen,
) -> int:
    """Send one gzip'd JSON batch of rollups and return the collector's HTTP status.

    Called by the agent's flush thread every 10 seconds; failures raise and the
    batch is kept for the next round.
    """
    body = gzip.compress(json.dumps(rollups).encode())
    req = urllib.request.Request(
        COLLECTOR_URL,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
    )
    with opener(req) as resp:
        return resp.status
