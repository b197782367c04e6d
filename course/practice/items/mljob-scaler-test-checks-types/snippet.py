"""Min-max scaling for the feature pipeline, with the assistant's test."""
from __future__ import annotations

from collections.abc import Sequence


def min_max_scale(column: Sequence[float]) -> list[float]:
    """Scale a feature column linearly onto [0, 1]: the minimum becomes 0.0, the maximum 1.0.

    A constant column carries no information and maps to all zeros.
    """
    if not column:
        return []
    lo, hi = min(column), max(column)
    if hi == lo:
        return [0.0] * len(column)
    return [(value - lo) / (hi - lo) for value in column]


def test_min_max_scale() -> None:
    column = [3.0, 7.5, 12.0, 5.0]
    scaled = min_max_scale(column)
    assert isinstance(scaled, list)
    assert len(scaled) == len(column)
    assert all(isinstance(x, float) for x in scaled)
    assert min_max_scale([]) == []
