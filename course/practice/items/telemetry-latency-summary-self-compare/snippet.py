"""Latency summary for the per-endpoint rollup, with the assistant's test."""
from __future__ import annotations

import math
from collections.abc import Sequence


def summarize(latencies_ms: Sequence[float]) -> dict[str, float]:
    """Count, mean, max and p95 (nearest-rank) of one endpoint's latencies."""
    if not latencies_ms:
        raise ValueError("no samples")
    ordered = sorted(latencies_ms)
    rank = math.ceil(0.95 * len(ordered))  # nearest-rank: 1-based
    return {
        "count": float(len(ordered)),
        "mean": sum(ordered) / len(ordered),
        "max": ordered[-1],
        "p95": ordered[rank - 1],
    }


def test_summarize() -> None:
    samples = [120.0, 80.5, 300.2, 95.0, 101.1, 99.9, 87.3, 110.4, 93.8, 1250.0]
    summary = summarize(samples)
    # samples arrive in any order from the agents: the result must not depend on it
    assert summary == summarize(list(reversed(samples)))
    assert summary == summarize(sorted(samples))
    assert set(summary) == {"count", "mean", "max", "p95"}
    assert all(isinstance(v, float) for v in summary.values())
