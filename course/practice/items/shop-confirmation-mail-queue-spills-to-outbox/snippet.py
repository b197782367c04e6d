"""Order-confirmation emails: sent by a background thread, never by the checkout request."""
from __future__ import annotations

import queue
from typing import Any, Callable

Order = dict[str, Any]


class ConfirmationMailer:
    """Checkout hands orders to `enqueue`; the sender thread loops on `next_order`."""

    def __init__(self, save_to_outbox: Callable[[Order], None], capacity: int = 1000) -> None:
        self._queue: queue.Queue[Order] = queue.Queue(maxsize=capacity)
        self._save_to_outbox = save_to_outbox

    def enqueue(self, order: Order) -> None:
        """Queue the confirmation email; never blocks the checkout."""
        try:
            self._queue.put_nowait(order)
        except queue.Full:
            # The sender is behind: persist the email, the outbox sweeper sends it later.
            self._save_to_outbox(order)

    def next_order(self, timeout: float = 1.0) -> Order | None:
        """The next order to email, or None if none arrived within `timeout`."""
        try:
            return self._queue.get(timeout=timeout)
        except queue.Empty:
            return None

    def pending(self) -> int:
        return self._queue.qsize()
