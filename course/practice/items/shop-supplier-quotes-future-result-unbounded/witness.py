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
    without one it waits until the witness lets go.
    """

    release = threading.Event()

    def result(self, timeout=None):
        if timeout is None:
            NeverAnswers.release.wait()
            raise ConnectionError("supplier closed the connection")
        raise concurrent.futures.TimeoutError()


class FakeExecutor:
    def submit(self, fn, sku):
        return fn(sku)


def test_one_silent_supplier_does_not_hold_the_page(impl) -> None:
    NeverAnswers.release = threading.Event()
    suppliers = {
        "acme": lambda sku: Done(1299),
        "slowco": lambda sku: NeverAnswers(),
        "budget": lambda sku: Done(1150),
    }
    result = {}
    worker = threading.Thread(
        target=lambda: result.update(best=impl.cheapest_quote(FakeExecutor(), suppliers, "SKU-7")),
        daemon=True,
    )
    worker.start()
    worker.join(0.05)
    stuck = worker.is_alive()
    NeverAnswers.release.set()
    worker.join(0.05)
    assert not stuck, (
        "one supplier never answered and the product page was still waiting on its quote, although two "
        "others had already quoted: 'as long as the slowest supplier' means forever when one goes quiet"
    )
    assert result.get("best") == ("budget", 1150), f"expected the cheapest answered quote, got {result}"
