"""Clip extreme feature values before training, so a few outliers do not dominate the fit."""
from __future__ import annotations

import math


def quantile(values: list[float], q: float) -> float:
    """The `q` quantile of `values` (0 <= q <= 1), interpolating between neighbours."""
    if not values:
        raise ValueError("quantile of no values")
    values.sort()
    pos = q * (len(values) - 1)
    lo, hi = math.floor(pos), math.ceil(pos)
    return values[lo] + (values[hi] - values[lo]) * (pos - lo)


def clip_limits(column: list[float], lower_q: float = 0.01, upper_q: float = 0.99) -> tuple[float, float]:
    """The (low, high) clip limits for a feature column."""
    return quantile(column, lower_q), quantile(column, upper_q)


def clip(column: list[float], limits: tuple[float, float]) -> list[float]:
    """A new column with every value clipped into `limits`; row order is kept."""
    low, high = limits
    return [min(max(value, low), high) for value in column]
