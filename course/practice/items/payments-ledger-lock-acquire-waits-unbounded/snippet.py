"""Serialise ledger postings per account through the shared lock service."""
from __future__ import annotations

from typing import Callable, Protocol


class LockService(Protocol):
    def acquire(self, name: str, ttl: float, timeout: float | None = None) -> bool:
        """Block until `name` is free (or `timeout` passes); True if now held."""

    def release(self, name: str) -> None: ...


def post_with_account_lock(
    locks: LockService,
    account_id: str,
    post: Callable[[], None],
) -> None:
    """Run `post` while holding the account's ledger lock.

    The lock carries a 30 s TTL, so a crashed holder cannot keep it for long.
    """
    name = f"ledger:{account_id}"
    locks.acquire(name, ttl=30)
    try:
        post()
    finally:
        locks.release(name)
