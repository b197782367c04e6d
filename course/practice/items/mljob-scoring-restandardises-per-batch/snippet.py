"""Online scoring endpoint: churn probabilities for a batch of users."""
from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

# --- house helpers (existing, mljob/features.py) ---


@dataclass(frozen=True)
class FeatureScaler:
    """Standardisation fitted on the training set; shipped inside the model artifact."""

    means: Mapping[str, float]
    stds: Mapping[str, float]

    def transform(self, row: Mapping[str, float]) -> list[float]:
        """The model's input vector for one row: features in name order, standardised."""
        return [(row[name] - self.means[name]) / self.stds[name] for name in sorted(self.means)]


# --- the assistant's change ---

Model = Callable[[list[list[float]]], list[float]]


def score_users(model: Model, scaler: FeatureScaler, rows: Sequence[Mapping[str, float]]) -> list[float]:
    """Churn probability per row, with the features standardised the way the model was trained."""
    names = sorted(scaler.means)
    columns = {name: [row[name] for row in rows] for name in names}
    means = {name: statistics.fmean(values) for name, values in columns.items()}
    stds = {name: statistics.pstdev(values) or 1.0 for name, values in columns.items()}
    features = [[(row[name] - means[name]) / stds[name] for name in names] for row in rows]
    return model(features)
