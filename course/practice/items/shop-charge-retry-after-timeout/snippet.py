"""Charge an order through the payment gateway, riding out its occasional timeouts."""
from __future__ import annotations

from dataclasses import dataclass
import time
from typing import Callable, Protocol


class GatewayTimeout(Exception):
    """The gateway did not answer in time."""


class Gateway(Protocol):
    def charge(self, card_token: str, amount_cents: int, idempotency_key: str | None = None) -> str:
        """Charge the card and return the charge id; raises GatewayTimeout, or an error for a decline."""


@dataclass(frozen=True)
class Order:
    id: str
    card_token: str
    total_cents: int


def charge_order(gateway: Gateway, order: Order, attempts: int = 3,
                 sleep: Callable[[float], None] = time.sleep) -> str:
    """Charge the order's total and return the gateway's charge id.

    Timeouts are retried with exponential backoff; declines propagate at once.
    """
    delay = 0.5
    for _ in range(attempts - 1):
        try:
            return gateway.charge(order.card_token, order.total_cents)
        except GatewayTimeout:
            sleep(delay)
            delay *= 2
    return gateway.charge(order.card_token, order.total_cents)
