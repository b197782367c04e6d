"""Shared bills for the holiday-flat app: who pays what.

A bill is split by weight: nights stayed, people in a room, shares of a
subscription. Amounts are whole cents; nobody can pay a fraction of one.
"""
from __future__ import annotations


def split_cents(total_cents: int, weights: list[int]) -> list[int]:
    """Each person's part of total_cents, in proportion to their weight."""
    whole = sum(weights)
    parts = [round(total_cents * weight / whole) for weight in weights]
    parts[-1] += total_cents - sum(parts)      # the last person absorbs the rounding
    return parts
