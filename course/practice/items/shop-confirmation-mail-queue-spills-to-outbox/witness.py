def _stalled_sender(impl, orders):
    outbox = []
    mailer = impl.ConfirmationMailer(outbox.append, capacity=100)
    for i in range(orders):
        mailer.enqueue({"order_id": i, "email": f"c{i}@example.com"})
    return mailer.pending(), len(outbox)


def test_stalled_sender_keeps_memory_bounded_and_loses_nothing(impl) -> None:
    held_n, spilled_n = _stalled_sender(impl, 400)
    held_2n, spilled_2n = _stalled_sender(impl, 800)
    assert held_n + spilled_n == 400 and held_2n + spilled_2n == 800, "some confirmation emails were lost"
    assert held_2n < 1.5 * held_n, (
        f"with the mail relay down, 400 orders left {held_n} emails in memory and 800 left {held_2n}: the "
        "queue grows with the outage, and a restart loses every email still in it"
    )
