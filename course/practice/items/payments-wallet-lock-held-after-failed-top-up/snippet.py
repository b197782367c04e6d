"""Wallet top-ups, serialised per wallet inside one worker process."""
from __future__ import annotations

import threading
from collections import defaultdict
from typing import Protocol


class BalanceStore(Protocol):
    def get_balance(self, wallet_id: str) -> int: ...

    def set_balance(self, wallet_id: str, cents: int) -> None: ...


class Wallets:
    def __init__(self, store: BalanceStore) -> None:
        self._store = store
        self._locks: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)
        self._guard = threading.Lock()

    def _lock_for(self, wallet_id: str) -> threading.Lock:
        with self._guard:
            return self._locks[wallet_id]

    def top_up(self, wallet_id: str, amount_cents: int) -> int:
        """Add `amount_cents` to the wallet and return the new balance."""
        if amount_cents <= 0:
            raise ValueError("a top-up must be positive")
        lock = self._lock_for(wallet_id)
        lock.acquire()
        balance = self._store.get_balance(wallet_id)
        new_balance = balance + amount_cents
        self._store.set_balance(wallet_id, new_balance)
        lock.release()
        return new_balance
