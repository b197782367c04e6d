"""Join user features from the online feature store onto training examples."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Protocol


class FeatureStore(Protocol):
    """Client for the feature-store service (each call is one gRPC round trip)."""

    def get(self, entity_id: str) -> Mapping[str, float] | None: ...
    def get_many(self, entity_ids: list[str]) -> dict[str, Mapping[str, float]]: ...


def with_features(
    examples: Iterable[dict], store: FeatureStore, batch_size: int = 500
) -> Iterator[dict]:
    """Yield each example merged with its user's features; skip users unknown to the store."""
    cache: dict[str, Mapping[str, float] | None] = {}
    for example in examples:
        user_id = example["user_id"]
        if user_id not in cache:
            # memoised, so a user who appears in many examples costs a single lookup
            cache[user_id] = store.get(user_id)
        features = cache[user_id]
        if features is not None:
            yield {**example, **features}
