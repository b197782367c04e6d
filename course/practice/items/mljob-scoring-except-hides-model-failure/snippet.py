"""Nightly batch scoring of customer churn risk."""
from __future__ import annotations

import logging
from typing import Any, Iterable, Protocol

log = logging.getLogger(__name__)


class Model(Protocol):
    def predict(self, features: list[float]) -> float: ...


FEATURES = ("tenure_months", "monthly_spend", "support_tickets")
NEUTRAL_SCORE = 0.5


def score_rows(model: Model, rows: Iterable[dict[str, Any]]) -> list[tuple[str, float]]:
    """Score each customer row; a row with malformed features gets the neutral score."""
    scores = []
    for row in rows:
        try:
            features = [float(row[name]) for name in FEATURES]
            score = model.predict(features)
        except Exception:
            log.debug("bad features for %s", row.get("customer_id"))
            score = NEUTRAL_SCORE
        scores.append((row["customer_id"], score))
    return scores
