"""Per-minute event counts for the live traffic chart."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime

# --- house helpers (existing, telemetry/timeutil.py) ---

MS_THRESHOLD = 10**11  # epoch seconds stay below this until the year 5138


def to_epoch_seconds(value: float | int | str) -> float:
    """Normalise an event timestamp: epoch seconds, epoch milliseconds (browser SDK) or ISO 8601."""
    if isinstance(value, str):
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    return value / 1000 if value >= MS_THRESHOLD else float(value)


def bucket_start(ts: float, width: int = 60) -> int:
    """Start (epoch seconds) of the `width`-second bucket holding `ts`."""
    return int(ts // width * width)


# --- the assistant's change ---


def count_per_minute(events: Iterable[Mapping[str, object]]) -> dict[int, int]:
    """Number of events per minute, keyed by the bucket's start in epoch seconds."""
    counts: Counter[int] = Counter()
    for event in events:
        ts = float(event["ts"])  # SDKs send epoch timestamps
        counts[bucket_start(ts)] += 1
    return dict(sorted(counts.items()))
