import logging


class FlakySink:
    """Fails the first write (a network blip), then accepts everything."""

    def __init__(self):
        self.failures_left = 1
        self.received = []

    def write_batch(self, events):
        if self.failures_left:
            self.failures_left -= 1
            raise ConnectionError("sink reset the connection")
        self.received.extend(events)


def test_events_survive_one_failed_flush(impl) -> None:
    logging.getLogger(impl.__name__).disabled = True
    sink = FlakySink()
    buf = impl.EventBuffer(sink, batch_size=100)
    for i in range(3):
        buf.add({"metric": "cpu", "value": i})
    buf.flush()   # the sink blips
    buf.flush()   # the sink is back
    shipped = [e["value"] for e in sink.received]
    assert shipped == [0, 1, 2], (
        f"the sink failed once and the 3 buffered events vanished: after it recovered it received "
        f"{len(shipped)} of them, and nothing told the agent they were lost"
    )
