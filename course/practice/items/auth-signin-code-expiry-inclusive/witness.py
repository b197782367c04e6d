from datetime import datetime, timedelta, timezone


def test_code_works_until_the_time_in_the_email(impl) -> None:
    until = datetime(2026, 5, 4, 14, 30, 0, tzinfo=timezone.utc)
    at_expiry = impl.PendingCode("482913", until)
    assert impl.redeem(at_expiry, "482913", clock=lambda: until), (
        "the e-mail says the code is valid until 14:30:00, and a user who typed it at exactly "
        "14:30:00 was refused"
    )
    assert not impl.redeem(at_expiry, "482913", clock=lambda: until), "the code was accepted a second time"
    late = impl.PendingCode("482913", until)
    assert not impl.redeem(late, "482913", clock=lambda: until + timedelta(seconds=1)), (
        "the code was accepted at 14:30:01, after the time in the e-mail"
    )
