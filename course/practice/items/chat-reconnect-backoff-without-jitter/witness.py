import random


def test_clients_spread_their_reconnects(impl) -> None:
    schedules = set()
    for client in range(50):
        impl.random = random.Random(client)   # each client's own random source, seeded for the witness
        delays = []

        def connect():
            raise ConnectionRefusedError("gateway restarting")

        try:
            impl.reconnect(connect, sleep=delays.append, max_attempts=5)
        except OSError:
            pass
        assert len(delays) == 4, f"expected 4 waits between 5 attempts, got {len(delays)}"
        schedules.add(tuple(round(d, 3) for d in delays))
    first = sorted(schedules)[0]
    assert len(schedules) > 1, (
        f"all 50 clients waited exactly {list(first)} seconds between attempts: when the gateway restarts, "
        "every client reconnects in the same instant, wave after wave, and each wave knocks it over again"
    )
