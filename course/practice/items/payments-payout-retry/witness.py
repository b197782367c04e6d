class SlowBank:
    """Makes the transfer, but its first two answers are lost; honours idempotency keys."""

    def __init__(self, timeout_error) -> None:
        self._timeout_error = timeout_error
        self.transfers = []
        self._by_key = {}
        self.calls = 0

    def create_transfer(self, iban, amount_cents, idempotency_key):
        self.calls += 1
        if idempotency_key not in self._by_key:
            self.transfers.append((iban, amount_cents))
            self._by_key[idempotency_key] = f"tr_{len(self.transfers)}"
        if self.calls <= 2:
            raise self._timeout_error("no answer within 30 s")
        return self._by_key[idempotency_key]


def test_a_payout_retried_after_timeouts_is_paid_once(impl) -> None:
    bank = SlowBank(impl.TransferTimeout)
    payout = impl.Payout("po_881", "DE89370400440532013000", 250_000)
    impl.send_payout(bank, payout, sleep=lambda seconds: None, jitter=lambda: 0.5)
    paid = sum(amount for _, amount in bank.transfers)
    assert len(bank.transfers) == 1, (
        f"the bank made the transfer but its answers timed out twice; the retries made "
        f"{len(bank.transfers)} transfers, {paid / 100:,.2f} paid out for a 2,500.00 payout")
