from datetime import datetime, timedelta

from course.practice import witness_kit

START = datetime(2026, 3, 2, 10, 0)
END = START + timedelta(hours=1)


class FakeCalendar:
    """Counts requests; every third room has a meeting that overlaps the slot."""

    def __init__(self) -> None:
        self.requests = 0

    def _busy(self, room_id: str):
        if int(room_id.split("-")[1]) % 3 == 0:
            return [(START + timedelta(minutes=30), END + timedelta(minutes=30))]
        return [(END, END + timedelta(hours=1))]

    def busy(self, room_id, start, end):
        self.requests += 1
        return self._busy(room_id)

    def busy_many(self, room_ids, start, end):
        self.requests += 1
        return {r: self._busy(r) for r in room_ids}


def _requests_for(impl, n_rooms: int) -> int:
    client = FakeCalendar()
    rooms = [f"room-{i}" for i in range(1, n_rooms + 1)]
    result = impl.availability(client, rooms, START, END)
    free = [r.room_id for r in result if r.free]
    assert "room-3" not in free and "room-4" in free, "room-3 is booked 10:30-11:30, room-4 is free"
    return client.requests


def test_one_calendar_request_however_many_rooms(impl) -> None:
    witness_kit.assert_scales(lambda n: _requests_for(impl, n), (15, 30), at_most=1, message=(
        "15 rooms took {small} calendar requests and 30 rooms took {large}: one remote call per room, "
        "so a 300-room building makes the picker wait for 300 sequential HTTP requests"
    ))
