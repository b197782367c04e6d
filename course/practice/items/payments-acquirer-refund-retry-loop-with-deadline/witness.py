import random


class StillRetrying(Exception):
    """Raised by the fake sleep to stop a loop that would not stop by itself."""


def test_retries_stop_within_the_budget(impl) -> None:
    impl.random = random.Random(11)       # the snippet's jitter, seeded for the witness
    clock = [0.0]
    calls = []

    def send(refund_id, amount_cents, idempotency_key):
        calls.append(clock[0])
        raise impl.AcquirerBusy("503 Service Unavailable")

    def sleep(seconds):
        if len(calls) >= 200:
            raise StillRetrying
        clock[0] += seconds

    outcome = "returned"
    try:
        impl.submit_refund(send, "rf_12", 2500, sleep=sleep, clock=lambda: clock[0])
    except impl.AcquirerBusy:
        outcome = "gave up"
    except StillRetrying:
        outcome = "still retrying"
    assert outcome == "gave up" and clock[0] <= 20.0 and len(calls) <= 30, (
        f"the acquirer stayed down: after {len(calls)} attempts over {clock[0]:.0f} s the refund was "
        f"{outcome}, so a long outage turns every pending refund into an endless stream of requests"
    )
    gaps = {round(b - a, 3) for a, b in zip(calls, calls[1:])}
    assert len(gaps) > 1, "every retry waited the same time: no jitter"
