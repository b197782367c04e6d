class RecordingSMTP:
    """Stands in for smtplib.SMTP and notes the timeout it was opened with."""

    opened = []
    sent = []

    def __init__(self, host="", port=0, local_hostname=None, timeout=None, source_address=None):
        RecordingSMTP.opened.append(timeout)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def send_message(self, msg):
        RecordingSMTP.sent.append(msg["To"])


def test_reset_request_cannot_wait_on_the_mail_relay(impl) -> None:
    RecordingSMTP.opened, RecordingSMTP.sent = [], []
    impl.send_reset_email("ana@example.com", "https://example.com/reset/abc", smtp_factory=RecordingSMTP)
    assert RecordingSMTP.sent == ["ana@example.com"], "the reset email was not sent"
    timeout = RecordingSMTP.opened[0]
    assert timeout is not None and timeout > 0, (
        f"the SMTP connection was opened with timeout={timeout!r}: smtplib then blocks as long as the relay "
        "stays silent, so a greylisting or overloaded relay holds every /password-reset request open "
        "until the web workers are all used up"
    )
