"""Assemble the training set from the feature pipeline's shard files."""
from __future__ import annotations

from collections.abc import Callable, Sequence

Row = dict[str, float]
ShardReader = Callable[[str], list[Row]]


def load_training_rows(
    shard_paths: Sequence[str], read_shard: ShardReader, require_label: bool = True
) -> list[Row]:
    """Read every shard and return all rows, in shard order.

    With `require_label`, rows whose label is missing (late-arriving outcomes) are dropped.
    """
    shards = [read_shard(path) for path in shard_paths]
    rows: list[Row] = sum(shards, [])
    if require_label:
        rows = [row for row in rows if row.get("label") is not None]
    return rows
