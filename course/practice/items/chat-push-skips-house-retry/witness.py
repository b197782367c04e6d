class FlakyGateway:
    """Answers 503 once, on the first request, then delivers everything."""

    def __init__(self, transient_error) -> None:
        self.transient_error = transient_error
        self.requests = 0
        self.delivered = []

    def send(self, device_token, title, body):
        self.requests += 1
        if self.requests == 1:
            raise self.transient_error("503 Service Unavailable")
        self.delivered.append(device_token)
        return f"msg-{len(self.delivered)}"


def test_one_transient_gateway_error_is_retried(impl) -> None:
    slept = []
    impl.sleep = slept.append  # the house helper's sleep; nothing really waits
    gateway = FlakyGateway(impl.TransientError)
    devices = ["ios-phone", "android-tablet", "ios-watch"]
    try:
        ids = impl.notify_direct_message(gateway, devices, "Ada", "lunch?")
    except impl.TransientError:
        ids = None
    assert ids is not None and gateway.delivered == devices, (
        f"the gateway answered 503 once and {len(devices) - len(gateway.delivered)} of {len(devices)} devices "
        "never got the notification: the house retry policy was not used, so one transient error loses the push"
    )
    assert len(ids) == 3, f"expected three message ids, got {ids}"
