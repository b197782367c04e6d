class FakeStore:
    """Counts round trips; users whose number ends in 7 are unknown to the store."""

    def __init__(self) -> None:
        self.calls = 0

    def _features(self, user_id: str):
        n = int(user_id[1:])
        return None if n % 10 == 7 else {"age_days": float(n), "orders_30d": float(n % 5)}

    def get(self, user_id):
        self.calls += 1
        return self._features(user_id)

    def get_many(self, user_ids):
        self.calls += 1
        out = {}
        for u in user_ids:
            f = self._features(u)
            if f is not None:
                out[u] = f
        return out


def _calls(impl, n_examples: int) -> int:
    store = FakeStore()
    examples = ({"user_id": f"u{i // 2}", "label": i % 2} for i in range(n_examples))
    rows = list(impl.with_features(examples, store, batch_size=100))
    assert len(rows) == n_examples - n_examples // 10, f"unknown users should be skipped: {len(rows)} rows"
    assert rows[0] == {"user_id": "u0", "label": 0, "age_days": 0.0, "orders_30d": 0.0}, f"first row wrong: {rows[0]}"
    return store.calls


def test_feature_lookups_are_batched(impl) -> None:
    for n in (600, 1200):
        calls = _calls(impl, n)
        assert calls <= n // 50, (
            f"{n} training examples made {calls} feature-store round trips: one per distinct user, "
            "although get_many could fetch 100 users per call"
        )
