"""Batch scoring against the model server, for the nightly propensity job."""
from __future__ import annotations

import time
from typing import Any, Callable, Protocol, Sequence


class ModelClient(Protocol):
    def predict(self, features: dict[str, Any]) -> float: ...


def predict_with_retry(client: ModelClient, features: dict[str, Any],
                       sleep: Callable[[float], None], attempts: int = 3) -> float | None:
    """One prediction, retried with backoff; None if the server keeps failing."""
    for attempt in range(attempts):
        try:
            return client.predict(features)
        except (ConnectionError, TimeoutError):
            if attempt < attempts - 1:
                sleep(1.0 * 2 ** attempt)
    return None


def score_batch(client: ModelClient, rows: Sequence[dict[str, Any]],
                sleep: Callable[[float], None] = time.sleep) -> list[float | None]:
    """Score every row. Rows whose prediction keeps failing get None and are
    picked up again by tomorrow's run, so one bad row never fails the batch."""
    return [predict_with_retry(client, row, sleep) for row in rows]
