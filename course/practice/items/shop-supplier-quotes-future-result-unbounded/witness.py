import concurrent.futures
import threading


class Done:
    def __init__(self, value):
        self.value = value

    def result(self, timeout=None):
        return self.value


class NeverAnswers:
    """A supplier whose API accepted the request and went quiet.

    result() with a timeout raises TimeoutError at once (as if it had passed);
    without one it would wait for an answer that never comes: the witness notes
    that and lets go.
    """

    waiting_without_timeout = threading.Event()
    settled = threading.Event()
    release = threading.Event()

    def result(self, timeout=None):
        if timeout is None:
            NeverAnswers.waiting_without_timeout.set()
            NeverAnswers.settled.set()
            NeverAnswers.release.wait()
            raise ConnectionError("supplier closed the connection")
        raise concurrent.futures.TimeoutError()


class FakeExecutor:
    def submit(self, fn, sku):
        return fn(sku)


def test_one_silent_supplier_does_not_hold_the_page(impl) -> None:
    fake = NeverAnswers
    fake.waiting_without_timeout, fake.settled, fake.release = (threading.Event() for _ in range(3))
    suppliers = {
        "acme": lambda sku: Done(1299),
        "slowco": lambda sku: NeverAnswers(),
        "budget": lambda sku: Done(1150),
    }
    result = {}

    def page():
        try:
            result["best"] = impl.cheapest_quote(FakeExecutor(), suppliers, "SKU-7")
        finally:
            fake.settled.set()

    worker = threading.Thread(target=page, daemon=True)
    worker.start()
    fake.settled.wait(1.0)               # returned, or started waiting with no way out
    stuck = fake.waiting_without_timeout.is_set()
    fake.release.set()
    worker.join(1.0)
    assert not stuck, (
        "one supplier never answered and the product page waited on its quote with no timeout, although "
        "two others had already quoted: 'as long as the slowest supplier' means forever when one goes quiet"
    )
    assert result.get("best") == ("budget", 1150), f"expected the cheapest answered quote, got {result}"
