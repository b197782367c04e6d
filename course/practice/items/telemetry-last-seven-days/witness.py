from datetime import date, datetime, timezone


def test_window_is_seven_days_ending_today(impl) -> None:
    today = date(2026, 3, 10)
    events = [
        impl.Event("signup", datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc)),
        impl.Event("signup", datetime(2026, 3, 4, 12, 0, tzinfo=timezone.utc)),
        impl.Event("signup", datetime(2026, 3, 3, 12, 0, tzinfo=timezone.utc)),
    ]
    counts = impl.daily_counts(events, today, "signup")
    days = sorted(counts)
    assert len(days) == 7, (
        f"the 'last 7 days' chart got {len(days)} bars, from {days[0]} to {days[-1]}; "
        "a signup from 3 March (eight days back counting today) was counted in the total"
    )
    assert days[0] == date(2026, 3, 4) and days[-1] == today, f"the window runs {days[0]} to {days[-1]}"
    assert sum(counts.values()) == 2, f"the chart shows {sum(counts.values())} signups, expected 2"
