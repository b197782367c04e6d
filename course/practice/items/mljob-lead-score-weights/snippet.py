"""Lead scoring for the sales team's nightly batch."""
from __future__ import annotations

from collections.abc import Mapping

DEFAULT_WEIGHTS: dict[str, float] = {"visits": 0.4, "emails_opened": 0.3, "demo_requested": 2.0}


def score(lead: Mapping[str, float], weights: dict[str, float] = DEFAULT_WEIGHTS,
          overrides: Mapping[str, float] | None = None) -> float:
    """The weighted sum of the lead's signals; `overrides` replace single weights for this call only."""
    effective = {**weights, **(overrides or {})}
    return round(sum(effective.get(signal, 0.0) * value for signal, value in lead.items()), 4)


def rank(leads: Mapping[str, Mapping[str, float]], overrides: Mapping[str, float] | None = None) -> list[str]:
    """Lead ids, best score first (ties by id)."""
    scores = {lead_id: score(signals, overrides=overrides) for lead_id, signals in leads.items()}
    return sorted(scores, key=lambda lead_id: (-scores[lead_id], lead_id))
