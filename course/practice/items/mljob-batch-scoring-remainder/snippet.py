"""Nightly batch scoring of customer rows."""
from __future__ import annotations

from collections.abc import Callable, Sequence

Row = dict[str, float]
Model = Callable[[Sequence[Row]], list[float]]  # scores one batch, one score per row


def score_in_batches(rows: Sequence[Row], model: Model, batch_size: int = 256) -> list[float]:
    """Score every row through ``model`` in fixed-size batches, keeping row order.

    Fixed-size batches keep the model server's memory flat and let it reuse
    its compiled graph for every call.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    scores: list[float] = []
    n_batches = len(rows) // batch_size
    for b in range(n_batches):
        batch = rows[b * batch_size:(b + 1) * batch_size]
        scores.extend(model(batch))
    return scores


def score_table(rows: Sequence[Row], model: Model) -> dict[int, float]:
    """Scores keyed by the row's customer id, as the loader writes them."""
    return {int(row["customer_id"]): score for row, score in zip(rows, score_in_batches(rows, model))}
