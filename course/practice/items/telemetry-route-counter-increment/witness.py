class SharedStore:
    """An in-memory Redis-style store; the first command lets another ingest worker run its whole update."""

    def __init__(self) -> None:
        self.data = {}
        self.other_worker = None

    def _other_worker_runs(self) -> None:
        if self.other_worker is not None:
            other, self.other_worker = self.other_worker, None
            other()

    def get(self, key):
        value = self.data.get(key)
        self._other_worker_runs()
        return value

    def set(self, key, value, ttl=None):
        self.data[key] = bytes(value)
        self._other_worker_runs()

    def incrby(self, key, amount):
        self.data[key] = str(int(self.data.get(key, b"0")) + amount).encode()
        value = int(self.data[key])
        self._other_worker_runs()
        return value

    def expire(self, key, ttl):
        self._other_worker_runs()


def test_two_workers_counting_the_same_minute_add_up(impl) -> None:
    store = SharedStore()
    store.other_worker = lambda: impl.count_requests(store, "/checkout", 600, n=40)
    impl.count_requests(store, "/checkout", 600, n=25)
    total = impl.requests_in(store, "/checkout", 600)
    assert total == 65, (
        f"two ingest workers added 25 and 40 requests to /checkout for the same minute at the same time; "
        f"the counter says {total}: one worker's batch was overwritten")
