from collections import Counter
from pathlib import Path
import smtplib
import tempfile


class Mailer:
    """Counts the emails sent; the first time it reaches `drop_at`, the SMTP connection drops."""

    def __init__(self, drop_at):
        self.emailed = Counter()
        self._drop_at = drop_at

    def send(self, invoice):
        if invoice["number"] == self._drop_at:
            self._drop_at = None
            raise smtplib.SMTPServerDisconnected("connection unexpectedly closed")
        self.emailed[invoice["number"]] += 1


def test_rerunning_after_a_failure_does_not_resend_invoices(impl) -> None:
    invoices = [{"number": f"INV-11-{n:03d}", "to": f"customer{n}@example.com"} for n in range(1, 6)]
    mailer = Mailer(drop_at="INV-11-003")
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp) / "sent.json"
        try:
            impl.send_invoices(invoices, mailer.send, state)
        except smtplib.SMTPServerDisconnected:
            pass  # the operator sees the error and runs the command again
        impl.send_invoices(invoices, mailer.send, state)
    twice = sorted(number for number, times in mailer.emailed.items() if times > 1)
    missing = sorted(i["number"] for i in invoices if not mailer.emailed[i["number"]])
    assert not missing, f"invoices never emailed: {missing}"
    assert not twice, (
        f"the mail server dropped the connection at the third of five invoices; running the command "
        f"again emailed {twice} a second time")
