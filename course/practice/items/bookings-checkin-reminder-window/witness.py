from datetime import datetime, timedelta, timezone

NOW = datetime(2026, 12, 1, 6, 0, tzinfo=timezone.utc)  # the reminder job's run at 06:00 UTC


class FrozenClock(datetime):
    """datetime with the clock stopped at NOW (the servers' local time is UTC)."""

    @classmethod
    def now(cls, tz=None):
        return NOW.astimezone(tz) if tz is not None else NOW.replace(tzinfo=None)

    @classmethod
    def utcnow(cls):
        return NOW.replace(tzinfo=None)


def test_a_tokyo_guest_is_reminded_24_hours_before_check_in(impl) -> None:
    impl.datetime = FrozenClock
    tokyo = timezone(timedelta(hours=9))
    # check-in 15:00 in Tokyo on 2 December is 06:00 UTC: the reminder belongs to this 06:00 UTC run
    stay = impl.Stay("Yuki", "Shinjuku Garden", datetime(2026, 12, 2, 15, 0, tzinfo=tokyo))
    due = impl.reminders_due([stay])
    assert due == [stay], (
        "Yuki checks in at 15:00 Tokyo time (06:00 UTC) tomorrow, but the 06:00 UTC run did not send "
        "the reminder: it is due 9 hours late, at 15:00 UTC, the hotel's local time read as UTC")
