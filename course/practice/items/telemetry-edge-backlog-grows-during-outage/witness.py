from course.practice import witness_kit


def _outage(impl, events):
    def send(batch):
        raise ConnectionRefusedError("uplink down")

    fwd = impl.Forwarder(send)
    for i in range(events):
        fwd.submit({"seq": i, "metric": "temp_c", "value": 21.5})
        if i % 1000 == 0:
            fwd.flush()   # the agent's timer keeps trying
    return fwd.backlog_size()


def test_backlog_is_bounded_during_a_long_outage(impl) -> None:
    witness_kit.assert_grows_less_than(lambda n: _outage(impl, n), (4000, 8000), factor=1.5, message=(
        "with the uplink down, 4,000 events left {small:,} in memory and 8,000 left {large:,}: the "
        "backlog grows for as long as the outage lasts, and a long one ends with the agent killed for "
        "running out of memory, losing the whole backlog anyway"
    ))
