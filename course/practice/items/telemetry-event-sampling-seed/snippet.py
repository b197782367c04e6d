"""Head sampling for debug events: keep a fixed share, decided per event id."""
from __future__ import annotations

import random
from typing import Iterable


def keep_event(event_id: str, rate: float) -> bool:
    """Whether to keep this event; the same id gets the same answer on every collector.

    Seeding with the id makes the decision repeatable, so retried uploads are sampled the same way.
    """
    random.seed(event_id)
    return random.random() < rate


def sample(events: Iterable[dict[str, object]], rate: float = 0.01) -> list[dict[str, object]]:
    """The events to forward, `rate` of them on average."""
    return [event for event in events if keep_event(str(event["id"]), rate)]
