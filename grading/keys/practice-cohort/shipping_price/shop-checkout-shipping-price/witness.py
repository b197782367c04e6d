class Carrier:
    """The carrier's rate API: busy (503) for its first `busy_for` requests, then a price."""

    def __init__(self, busy: type[Exception], busy_for: int) -> None:
        self.busy, self.busy_for, self.calls = busy, busy_for, 0

    def price(self, postcode: str, grams: int) -> int:
        self.calls += 1
        assert self.calls <= 20, (
            "checkout asked a busy carrier for one price 20 times and was still asking: every waiting checkout "
            "keeps the carrier busy")
        if self.calls <= self.busy_for:
            raise self.busy()
        return 1_290


def test_a_busy_carrier_is_asked_a_few_times_then_left_alone(impl) -> None:
    waits: list[float] = []

    def middle(low: float, high: float) -> float:      # the jitter, made repeatable
        return (low + high) / 2

    recovering = Carrier(impl.CarrierBusy, busy_for=2)
    price = impl.shipping_price(recovering, "EC1A 1BB", 800, sleep=waits.append, jitter=middle)
    assert price == 1_290 and recovering.calls == 3, f"a carrier busy twice: price {price}, {recovering.calls} calls"
    down = Carrier(impl.CarrierBusy, busy_for=10**6)
    try:
        impl.shipping_price(down, "EC1A 1BB", 800, sleep=waits.append, jitter=middle)
    except impl.CarrierBusy:
        pass
    else:
        raise AssertionError("a carrier that never recovered still gave a price")
    assert down.calls <= 5 and sum(waits) <= 10, f"{down.calls} requests and {sum(waits):.2f} s of waiting"
