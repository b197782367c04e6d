"""Alert thresholds per tenant, checked for every ingested data point."""
from __future__ import annotations

import time
from typing import Callable, Protocol

CACHE_SECONDS = 60.0


class ConfigService(Protocol):
    def threshold(self, tenant: str, metric: str) -> float:
        """The tenant's alert threshold for `metric`."""


_thresholds: dict[tuple[str, str], tuple[float, float]] = {}  # (tenant, metric) -> (value, fetched at)


def threshold(config: ConfigService, tenant: str, metric: str,
              clock: Callable[[], float] = time.monotonic) -> float:
    """The tenant's threshold, fetched at most once a minute per tenant and metric."""
    key = (tenant, metric)
    now = clock()
    cached = _thresholds.get(key)
    if cached is None or now - cached[1] >= CACHE_SECONDS:
        cached = (config.threshold(tenant, metric), now)
        _thresholds[key] = cached
    return cached[0]


def breaches(config: ConfigService, tenant: str, points: list[tuple[str, float]],
             clock: Callable[[], float] = time.monotonic) -> list[tuple[str, float]]:
    """The (metric, value) points at or above the tenant's threshold."""
    return [(metric, value) for metric, value in points if value >= threshold(config, tenant, metric, clock)]
