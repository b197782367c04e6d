from course.practice import witness_kit


class LostWebhookEvent:
    """The provider never delivers this webhook.

    wait() with a timeout reports False at once (as if the time had passed);
    without one it would wait for a webhook that never comes: the witness notes
    that and lets go.
    """

    trap = witness_kit.EndlessWait()

    def __init__(self):
        self.flag = False

    def set(self):
        self.flag = True

    def is_set(self):
        return self.flag

    def wait(self, timeout=None):
        if timeout is None:
            LostWebhookEvent.trap.hold()
            return True
        return self.flag


def test_checkout_stops_waiting_for_a_lost_webhook(impl) -> None:
    LostWebhookEvent.trap = witness_kit.EndlessWait()
    holds = impl.PendingHolds(event_factory=LostWebhookEvent)
    result = {}

    def checkout():
        result["paid"] = holds.wait_for_payment("hold_81")

    stuck = witness_kit.waits_forever(LostWebhookEvent.trap, checkout)
    assert not stuck, (
        "the payment webhook for hold_81 never arrived and the checkout waited for it with no timeout: the "
        "request never answers, and the room stays held long after the 15-minute hold has expired"
    )
    assert result.get("paid") is False, f"an unpaid hold should report False, got {result}"
