from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo


def test_repeated_hour_at_fall_back_is_not_merged(impl) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    # 25 October 2026 in Berlin runs from 22:00 UTC the day before to 23:00 UTC: 25 hours.
    start = datetime(2026, 10, 24, 22, 30, tzinfo=timezone.utc)
    events = [impl.Event("acme", start + timedelta(hours=h)) for h in range(25)]  # one event per real hour
    rollup = impl.hourly_rollup(events, berlin)
    top = impl.busiest_hour(events, berlin)
    assert len(rollup) == 25 and top[1] == 1, (
        "one event in each of the 25 hours of the night the clocks go back gives a report with "
        f"{len(rollup)} hourly rows, and its busiest hour shows {top[1]} events: the two different "
        "02:00-03:00 hours were added together into one"
    )
