import threading


class LostWebhookEvent:
    """The provider never delivers this webhook.

    wait() with a timeout reports False at once (as if the time had passed);
    without one it would wait for a webhook that never comes: the witness notes
    that and lets go.
    """

    waiting_without_timeout = threading.Event()
    settled = threading.Event()
    release = threading.Event()

    def __init__(self):
        self.flag = False

    def set(self):
        self.flag = True

    def is_set(self):
        return self.flag

    def wait(self, timeout=None):
        if timeout is None:
            LostWebhookEvent.waiting_without_timeout.set()
            LostWebhookEvent.settled.set()
            LostWebhookEvent.release.wait()
            return True
        return self.flag


def test_checkout_stops_waiting_for_a_lost_webhook(impl) -> None:
    fake = LostWebhookEvent
    fake.waiting_without_timeout, fake.settled, fake.release = (threading.Event() for _ in range(3))
    holds = impl.PendingHolds(event_factory=LostWebhookEvent)
    result = {}

    def checkout():
        try:
            result["paid"] = holds.wait_for_payment("hold_81")
        finally:
            fake.settled.set()

    worker = threading.Thread(target=checkout, daemon=True)
    worker.start()
    fake.settled.wait(1.0)               # returned, or started waiting with no way out
    stuck = fake.waiting_without_timeout.is_set()
    fake.release.set()
    worker.join(1.0)
    assert not stuck, (
        "the payment webhook for hold_81 never arrived and the checkout waited for it with no timeout: the "
        "request never answers, and the room stays held long after the 15-minute hold has expired"
    )
    assert result.get("paid") is False, f"an unpaid hold should report False, got {result}"
