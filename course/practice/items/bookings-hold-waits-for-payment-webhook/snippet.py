"""Room holds that wait for the payment provider's webhook before confirming."""
from __future__ import annotations

import threading
from typing import Callable


class PendingHolds:
    """The checkout request waits here; the webhook handler calls `paid`."""

    HOLD_SECONDS = 15 * 60

    def __init__(self, event_factory: Callable[[], threading.Event] = threading.Event) -> None:
        self._events: dict[str, threading.Event] = {}
        self._lock = threading.Lock()
        self._event_factory = event_factory

    def _event(self, hold_id: str) -> threading.Event:
        with self._lock:
            return self._events.setdefault(hold_id, self._event_factory())

    def paid(self, hold_id: str) -> None:
        """Called from the payment webhook."""
        self._event(hold_id).set()

    def wait_for_payment(self, hold_id: str) -> bool:
        """Block the checkout until the payment for `hold_id` is confirmed."""
        event = self._event(hold_id)
        event.wait()
        with self._lock:
            self._events.pop(hold_id, None)
        return True
