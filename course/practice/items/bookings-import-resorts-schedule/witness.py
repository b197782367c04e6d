from datetime import datetime, timedelta

from course.practice import witness_kit


class Moment(datetime):
    """A datetime that counts ordering comparisons."""

    comparisons = 0

    def __lt__(self, other):
        Moment.comparisons += 1
        return datetime.__lt__(self, other)

    def __gt__(self, other):
        Moment.comparisons += 1
        return datetime.__gt__(self, other)


BASE = datetime(2026, 1, 5, 8, 0)


def _slot(impl, k: int):
    start = BASE + timedelta(hours=2 * k)
    end = start + timedelta(hours=1)
    return impl.Booking(f"ical-{k:04d}", Moment(start.year, start.month, start.day, start.hour),
                        Moment(end.year, end.month, end.day, end.hour))


def _comparisons(impl, n: int) -> int:
    existing = [_slot(impl, k) for k in range(0, n, 10)]
    incoming = [_slot(impl, (k * 37) % n) for k in range(n) if (k * 37) % n % 10]  # shuffled feed
    Moment.comparisons = 0
    merged = impl.import_bookings(existing, incoming)
    count = Moment.comparisons
    assert [b.ref for b in merged] == [f"ical-{k:04d}" for k in range(n)], "merged schedule is not in start order"
    assert len(existing) == n // 10, "the caller's schedule was modified"
    clash = impl.Booking("clash", Moment(2026, 1, 5, 8, 30), Moment(2026, 1, 5, 9, 30))
    try:
        impl.import_bookings(existing, [clash])
    except impl.Conflict:
        pass
    else:
        raise AssertionError("a booking overlapping ical-0000 was accepted")
    return count


def test_import_work_grows_like_one_sort(impl) -> None:
    witness_kit.assert_scales(lambda n: _comparisons(impl, n), (40, 80), at_most=3, message=(
        "importing 40 slots made {small:,} time comparisons and 80 slots made {large:,}: the schedule is "
        "re-sorted for every booking, so a year of a busy room (9,000 slots) times the import out"
    ))
