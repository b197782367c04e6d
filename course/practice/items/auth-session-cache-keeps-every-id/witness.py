class Store:
    def load(self, session_id):
        return None   # scanners send made-up session cookies: none exist


def _after(impl, requests):
    clock = [0.0]
    cache = impl.SessionCache(Store(), clock=lambda: clock[0])
    for i in range(requests):
        clock[0] = float(i)          # one request a second, each with a new random cookie
        cache.get(f"sid-{i:08d}")
    return len(cache)


def test_cache_size_stays_bounded(impl) -> None:
    held_n = _after(impl, 2_000)
    held_2n = _after(impl, 4_000)
    assert held_2n < 1.5 * held_n, (
        f"after 2,000 requests with unknown session cookies the cache held {held_n:,} entries, after "
        f"4,000 it held {held_2n:,}: entries are never evicted, not even expired ones, so a scanner "
        "sending random cookies grows every API process until it is killed for memory"
    )
