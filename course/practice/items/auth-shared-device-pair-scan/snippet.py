"""Fraud review: accounts created from the same device."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Signup:
    account_id: str
    fingerprint: str  # device fingerprint hash from the sign-up form
    created_at: str


def shared_device_groups(signups: Sequence[Signup], min_accounts: int = 3) -> list[list[str]]:
    """Account ids grouped by device fingerprint, largest group first (ties: first seen first).

    Only devices with at least `min_accounts` sign-ups are reported.
    """
    groups: list[list[str]] = []
    claimed: set[int] = set()
    for i, first in enumerate(signups):
        if i in claimed:
            continue
        group = [first.account_id]
        for j in range(i + 1, len(signups)):
            if j not in claimed and signups[j].fingerprint == first.fingerprint:
                group.append(signups[j].account_id)
                claimed.add(j)
        if len(group) >= min_accounts:
            groups.append(group)
    groups.sort(key=len, reverse=True)
    return groups
