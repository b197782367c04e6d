from course.practice import witness_kit


class CountingBuffer(list):
    """A list that counts how many elements its pops and deletions have to shift left."""

    def __init__(self, items) -> None:
        super().__init__(items)
        self.shifted = 0

    def pop(self, index=-1):
        position = index % len(self)
        self.shifted += len(self) - 1 - position
        return super().pop(index)

    def __delitem__(self, key):
        if isinstance(key, slice):
            start, stop, _ = key.indices(len(self))
            self.shifted += len(self) - stop
        else:
            self.shifted += len(self) - 1 - key % len(self)
        super().__delitem__(key)


def _shifted(impl, n: int) -> int:
    buffer = CountingBuffer(impl.Event("http.request", float(i), {}) for i in range(n))
    batches = []
    sent = impl.flush(buffer, batches.append, batch_size=10)
    assert sent == n and len(buffer) == 0, f"sent {sent} of {n}, {len(buffer)} left in the buffer"
    assert [e.ts for e in batches[1]] == [float(i) for i in range(10, 20)], "second batch should be events 10-19"
    return buffer.shifted


def test_draining_the_buffer_is_linear(impl) -> None:
    witness_kit.assert_scales(lambda n: _shifted(impl, n), (300, 600), at_most=3, message=(
        "flushing 300 events shifted {small:,} buffer slots and 600 events shifted {large:,}: "
        "four times the work for twice the events, so a backlog after a collector outage takes minutes to drain"
    ))

