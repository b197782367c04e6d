"""Nightly batch scoring: run the model over the scoring table in fixed-size batches."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

Row = dict[str, float]
Model = Callable[[Sequence[Row]], list[float]]


def score_batches(rows: Iterable[Row], model: Model, batch_size: int = 1024) -> Iterator[list[float]]:
    """Yield the model's scores batch by batch, in input order.

    A generator, so the caller can write each batch of scores out as soon as it is ready.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    pending = list(rows)
    for start in range(0, len(pending), batch_size):
        batch = pending[start:start + batch_size]
        scores = model(batch)
        if len(scores) != len(batch):
            raise RuntimeError(f"model returned {len(scores)} scores for {len(batch)} rows")
        yield scores
