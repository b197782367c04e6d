class SlowGateway:
    """Charges the card, but the first answer is lost: the caller sees a timeout. Honours idempotency keys."""

    def __init__(self, timeout_error) -> None:
        self._timeout_error = timeout_error
        self.charges = []
        self._by_key = {}
        self.calls = 0

    def charge(self, card_token, amount_cents, idempotency_key=None):
        self.calls += 1
        if idempotency_key is not None and idempotency_key in self._by_key:
            return self._by_key[idempotency_key]
        charge_id = f"ch_{len(self.charges) + 1}"
        self.charges.append((card_token, amount_cents))
        if idempotency_key is not None:
            self._by_key[idempotency_key] = charge_id
        if self.calls == 1:
            raise self._timeout_error("gateway did not answer within 10 s")
        return charge_id


def test_a_timeout_after_the_charge_went_through_does_not_charge_again(impl) -> None:
    gateway = SlowGateway(impl.GatewayTimeout)
    order = impl.Order("ord_42", "tok_visa", 12_999)
    impl.charge_order(gateway, order, sleep=lambda seconds: None)
    total = sum(amount for _, amount in gateway.charges)
    assert len(gateway.charges) == 1, (
        f"the gateway charged the card, then its answer timed out; the retry charged it again: "
        f"the customer paid {len(gateway.charges)} times, {total / 100:.2f} for a 129.99 order")
