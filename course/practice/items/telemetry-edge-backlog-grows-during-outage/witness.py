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
    held_n = _outage(impl, 4_000)
    held_2n = _outage(impl, 8_000)
    assert held_2n < 1.5 * held_n, (
        f"with the uplink down, 4,000 events left {held_n:,} in memory and 8,000 left {held_2n:,}: the "
        "backlog grows for as long as the outage lasts, and a long one ends with the agent killed for "
        "running out of memory, losing the whole backlog anyway"
    )
