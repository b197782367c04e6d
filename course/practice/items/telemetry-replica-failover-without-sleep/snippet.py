"""Dashboard queries against the metrics store, failing over across read replicas."""
from __future__ import annotations

from typing import Any, Callable, Sequence

Replica = Callable[[str], list[dict[str, Any]]]


def query_replicas(replicas: Sequence[Replica], promql: str) -> list[dict[str, Any]]:
    """Run `promql` on the first replica that answers.

    The replicas are independent hosts, so there is nothing to wait for between
    them: each is tried once, in order, and the dashboard shows an error if none
    answers.
    """
    errors: list[Exception] = []
    for replica in replicas:
        try:
            return replica(promql)
        except (ConnectionError, TimeoutError) as exc:
            errors.append(exc)
    last = errors[-1] if errors else "no replicas configured"
    raise ConnectionError(f"all {len(replicas)} replicas failed; last error: {last}")
