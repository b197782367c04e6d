import logging


class Metrics:
    def __init__(self):
        self.counts = {}

    def increment(self, name, by=1):
        self.counts[name] = self.counts.get(name, 0) + by


class DiskFullWriter:
    def write_rows(self, rows):
        raise OSError(28, "No space left on device")


def test_failed_write_reaches_the_consumer(impl) -> None:
    logging.getLogger(impl.__name__).disabled = True
    metrics = Metrics()
    batch = [{"name": "cpu", "ts": 1700000000, "value": 0.4}, {"name": "mem", "ts": 1700000000, "value": 0.7}]
    try:
        written = impl.ingest(batch, DiskFullWriter(), metrics)
    except OSError:
        written = None
    assert written is None, (
        f"the store was full and ingest returned {written!r} as if the batch had been handled: the consumer "
        "acks it and the 2 events are gone for good"
    )
    assert metrics.counts.get("ingest.batches_failed") == 1, "the failed batch was not counted"
