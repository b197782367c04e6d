"""Send approved payouts to the bank's transfer API."""
from __future__ import annotations

from dataclasses import dataclass
import random
import time
from typing import Callable, Protocol


class TransferTimeout(Exception):
    """The bank did not answer in time; the transfer may or may not have been made."""


class BankApi(Protocol):
    def create_transfer(self, iban: str, amount_cents: int, idempotency_key: str) -> str:
        """Make the transfer and return its id; a repeated key returns the first transfer's id."""


@dataclass(frozen=True)
class Payout:
    id: str
    iban: str
    amount_cents: int


def send_payout(api: BankApi, payout: Payout, attempts: int = 4,
                sleep: Callable[[float], None] = time.sleep,
                jitter: Callable[[], float] = random.random) -> str:
    """Send the payout, retrying timeouts with capped, jittered exponential backoff."""
    key = f"payout-{payout.id}"
    for attempt in range(attempts - 1):
        try:
            return api.create_transfer(payout.iban, payout.amount_cents, idempotency_key=key)
        except TransferTimeout:
            sleep(min(8.0, 0.5 * 2 ** attempt) * (0.5 + jitter() / 2))
    return api.create_transfer(payout.iban, payout.amount_cents, idempotency_key=key)
