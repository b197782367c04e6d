from datetime import datetime, timedelta

from course.practice import witness_kit


class Counted:
    operations = 0


class RoomId(str):
    __hash__ = str.__hash__

    def __eq__(self, other):
        Counted.operations += 1
        return str.__eq__(self, other)


class Moment(datetime):
    def __lt__(self, other):
        Counted.operations += 1
        return datetime.__lt__(self, other)


DAY = datetime(2026, 5, 4, 8, 0)


def _at(hours: float) -> Moment:
    t = DAY + timedelta(hours=hours)
    return Moment(t.year, t.month, t.day, t.hour, t.minute)


def _operations(impl, n_rooms: int) -> int:
    rooms = [RoomId(f"R{r:03d}") for r in range(n_rooms)]
    bookings = []
    for k in range(3):
        for r in range(n_rooms):
            start = 1 + 3 * k + (r % 3) * 0.5
            bookings.append(impl.Booking(RoomId(f"R{r:03d}"), _at(start), _at(start + 1)))
    Counted.operations = 0
    result = impl.free_windows(bookings, rooms, _at(0), _at(10))
    ops = Counted.operations
    assert result[rooms[0]] == [(_at(0), _at(1)), (_at(2), _at(4)), (_at(5), _at(7)), (_at(8), _at(10))], (
        f"room R000's free windows are wrong: {[(a.hour, b.hour) for a, b in result[rooms[0]]]}")
    assert len(result) == n_rooms, "every room needs an entry"
    return ops


def test_search_work_grows_like_one_sort(impl) -> None:
    witness_kit.assert_scales(lambda n: _operations(impl, n), (20, 40), at_most=3, message=(
        "20 rooms with 60 bookings took {small:,} comparisons and 40 rooms with 120 took {large:,}: "
        "every room scans every booking of the building"
    ))
