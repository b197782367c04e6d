import concurrent.futures

from course.practice import witness_kit


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

    trap = witness_kit.EndlessWait()

    def result(self, timeout=None):
        if timeout is None:
            NeverAnswers.trap.hold()
            raise ConnectionError("supplier closed the connection")
        raise concurrent.futures.TimeoutError()


class FakeExecutor:
    def submit(self, fn, sku):
        return fn(sku)


def test_one_silent_supplier_does_not_hold_the_page(impl) -> None:
    NeverAnswers.trap = witness_kit.EndlessWait()
    suppliers = {
        "acme": lambda sku: Done(1299),
        "slowco": lambda sku: NeverAnswers(),
        "budget": lambda sku: Done(1150),
    }
    result = {}

    def page():
        result["best"] = impl.cheapest_quote(FakeExecutor(), suppliers, "SKU-7")

    stuck = witness_kit.waits_forever(NeverAnswers.trap, page)
    assert not stuck, (
        "one supplier never answered and the product page waited on its quote with no timeout, although "
        "two others had already quoted: 'as long as the slowest supplier' means forever when one goes quiet"
    )
    assert result.get("best") == ("budget", 1150), f"expected the cheapest answered quote, got {result}"
