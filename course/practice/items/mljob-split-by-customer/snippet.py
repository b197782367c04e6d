"""Train/test split for the churn model."""
from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    customer_id: str
    month: str
    features: tuple[float, ...]
    churned: bool


def split_train_test(rows: Sequence[Row], test_share: float = 0.2,
                     seed: int = 13) -> tuple[list[Row], list[Row]]:
    """Split the monthly rows into train and test sets, reproducibly.

    Shuffling with a fixed seed gives the same split on every run, and each
    class is split separately so both sets keep the overall churn rate.
    """
    rng = random.Random(seed)
    train: list[Row] = []
    test: list[Row] = []
    for label in (False, True):
        group = [row for row in rows if row.churned == label]
        rng.shuffle(group)
        cut = round(len(group) * test_share)
        test.extend(group[:cut])
        train.extend(group[cut:])
    return train, test
