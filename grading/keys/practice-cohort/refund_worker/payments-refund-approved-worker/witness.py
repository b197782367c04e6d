import sqlite3


class Processor:
    """The card processor: one refund per idempotency key; its first answer is lost on the way back."""

    def __init__(self) -> None:
        self.refunded: list[int] = []
        self.answers: dict[str, str] = {}
        self.lose_next_answer = True

    def refund(self, charge_id: str, amount_cents: int, idempotency_key: str | None = None) -> str:
        if idempotency_key is not None and idempotency_key in self.answers:
            return self.answers[idempotency_key]
        self.refunded.append(amount_cents)
        answer = f"re_{len(self.refunded)}"
        if idempotency_key is not None:
            self.answers[idempotency_key] = answer
        if self.lose_next_answer:
            self.lose_next_answer = False
            raise TimeoutError("read timed out (the processor had already refunded)")
        return answer


def test_a_redelivered_refund_is_paid_once(impl) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE refunds (id TEXT PRIMARY KEY, status TEXT NOT NULL, processor_id TEXT)")
    conn.execute("INSERT INTO refunds VALUES ('rf_1042', 'approved', NULL)")
    processor = Processor()
    event = impl.RefundApproved("rf_1042", "ch_77", 2_500)
    for _delivery in range(3):               # the queue redelivers until a delivery is acked
        try:
            impl.handle(event, conn, processor)
            break
        except TimeoutError:
            continue
    status = conn.execute("SELECT status FROM refunds WHERE id = 'rf_1042'").fetchone()[0]
    conn.close()
    assert status == "sent", f"after three deliveries the refund is still {status!r}"
    paid = sum(processor.refunded)
    assert paid == 2_500, (
        f"a 25.00 refund paid the customer {paid / 100:.2f}: the processor's first answer was lost, the queue "
        "delivered the message again, and the worker asked for the refund again")
