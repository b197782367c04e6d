"""Fan a scoring run out over shards, with one deadline for the whole run."""
from __future__ import annotations

from concurrent.futures import Executor, wait
from typing import Any, Callable, Sequence

Shard = Sequence[dict[str, Any]]


def score_shards(
    executor: Executor,
    score: Callable[[Shard], list[float]],
    shards: Sequence[Shard],
    deadline_s: float = 900.0,
) -> tuple[list[float], int]:
    """Score all shards in parallel; return (scores of the finished shards, number of late shards).

    Shards still running at the deadline are cancelled if possible and left to
    the next run, which picks up every shard without scores.
    """
    futures = [executor.submit(score, shard) for shard in shards]
    done, late = wait(futures, timeout=deadline_s)
    for future in late:
        future.cancel()
    scores: list[float] = []
    for future in futures:
        if future in done:
            scores.extend(future.result())
    return scores, len(late)
