import logging
import random


class FakeTime:
    """The witness's clock: only sleep() moves it."""

    def __init__(self):
        self.now = 1000.0

    def monotonic(self):
        return self.now

    def time(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def test_retries_are_spaced_out(impl) -> None:
    logging.getLogger("tool.self_update").disabled = True
    clock = FakeTime()
    impl.time = clock
    impl.random = random.Random(7)
    attempts_at = []

    def opener(url, timeout=None):
        attempts_at.append(clock.now)
        raise ConnectionResetError("mirror reset the connection")

    try:
        impl.download_release("https://dl.example.com/tool-3.2.tar.gz", opener=opener)
    except OSError:
        pass
    gaps = [round(b - a, 2) for a, b in zip(attempts_at, attempts_at[1:])]
    assert gaps and min(gaps) >= 0.5 and gaps == sorted(gaps), (
        f"the mirror was failing and the {len(attempts_at)} download attempts came {gaps} seconds apart: "
        "every CI job that starts during the blip fires all its retries at once, which turns a struggling "
        "mirror into a down one"
    )
