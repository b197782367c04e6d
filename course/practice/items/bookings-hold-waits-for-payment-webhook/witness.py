import threading


class LostWebhookEvent:
    """The provider never delivers this webhook.

    wait() with a timeout reports False at once (as if the time had passed);
    without one it waits until the witness lets go.
    """

    release = threading.Event()

    def __init__(self):
        self.flag = False

    def set(self):
        self.flag = True

    def is_set(self):
        return self.flag

    def wait(self, timeout=None):
        if timeout is None:
            LostWebhookEvent.release.wait()
            return True
        return self.flag


def test_checkout_stops_waiting_for_a_lost_webhook(impl) -> None:
    LostWebhookEvent.release = threading.Event()
    holds = impl.PendingHolds(event_factory=LostWebhookEvent)
    result = {}
    worker = threading.Thread(
        target=lambda: result.update(paid=holds.wait_for_payment("hold_81")), daemon=True)
    worker.start()
    worker.join(0.05)
    stuck = worker.is_alive()
    LostWebhookEvent.release.set()
    worker.join(0.05)
    assert not stuck, (
        "the payment webhook for hold_81 never arrived and the checkout was still waiting for it: the "
        "request never answers, and the room stays held though the 15-minute hold has long expired"
    )
    assert result.get("paid") is False, f"an unpaid hold should report False, got {result}"
