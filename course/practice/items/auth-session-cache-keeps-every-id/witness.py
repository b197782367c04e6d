from course.practice import witness_kit


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
    witness_kit.assert_grows_less_than(lambda n: _after(impl, n), (2000, 4000), factor=1.5, message=(
        "after 2,000 requests with unknown session cookies the cache held {small:,} entries, after "
        "4,000 it held {large:,}: entries are never evicted, not even expired ones, so a scanner "
        "sending random cookies grows every API process until it is killed for memory"
    ))
