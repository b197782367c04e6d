"""Rolling 5xx counts for the service-health panel."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Sample:
    at: float     # seconds since the epoch, when the request finished
    status: int   # the HTTP status it was answered with


def rolling_errors(samples: Sequence[Sample], window: float = 300.0) -> list[tuple[float, int]]:
    """For each sample, its time and the number of 5xx answers in the `window` seconds up to it.

    The log shipper delivers `samples` sorted by `at`, so the output is in time order too.
    """
    errors = [s.at for s in samples if s.status >= 500]
    out: list[tuple[float, int]] = []
    for sample in samples:
        start = sample.at - window
        count = sum(1 for at in errors if start < at <= sample.at)
        out.append((sample.at, count))
    return out


def worst_window(samples: Sequence[Sample], window: float = 300.0) -> tuple[float, int]:
    """When the error count peaked, and the peak, for the panel's headline ((0.0, 0) with no samples)."""
    return max(rolling_errors(samples, window), key=lambda pair: pair[1], default=(0.0, 0))
