"""Busy blocks for the room calendar, with the assistant's test."""
from __future__ import annotations

Range = tuple[int, int]  # minutes since midnight, [start, end)


def merge_busy(ranges: list[Range]) -> list[Range]:
    """Merge overlapping or touching busy ranges into sorted, disjoint ones.

    The caller's list is left as it is.
    """
    merged: list[Range] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def test_merge_busy() -> None:
    busy = [(600, 660), (540, 600), (780, 840), (620, 630)]
    assert merge_busy(busy) == [(540, 660), (780, 840)]
    assert busy == [(600, 660), (540, 600), (780, 840), (620, 630)]
