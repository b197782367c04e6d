"""Shared bills for the holiday-flat app: who pays what.

The snippet's loop on exact integers: the leftover cents go to the largest remainders (ties: the first person).
"""
from __future__ import annotations


def split_cents(total_cents: int, weights: list[int]) -> list[int]:
    """Each person's part of total_cents, in proportion to their weight."""
    whole = sum(weights)
    parts = [total_cents * weight // whole for weight in weights]
    leftover = total_cents - sum(parts)
    by_remainder = sorted(range(len(parts)), key=lambda i: total_cents * weights[i] % whole, reverse=True)
    for i in range(leftover):       # hand out the leftover cents one by one
        parts[by_remainder[i]] += 1
    return parts
