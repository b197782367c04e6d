from types import SimpleNamespace


class Client:
    def __init__(self, status, body):
        self.status, self.body, self.calls = status, body, 0

    def put(self, path, payload):
        self.calls += 1
        return SimpleNamespace(status=self.status, body=self.body)


def test_failed_calendar_write_is_not_marked_synced(impl) -> None:
    ok = impl.Booking("bk_1", "101", "2026-03-01T15:00", "2026-03-03T11:00")
    impl.push_to_calendar(ok, Client(200, {"event_id": "ev_9"}))
    assert ok.synced and ok.calendar_event_id == "ev_9", "a successful write should mark the booking synced"

    booking = impl.Booking("bk_2", "102", "2026-03-01T15:00", "2026-03-03T11:00")
    try:
        impl.push_to_calendar(booking, Client(503, {"error": "maintenance"}))
    except Exception:
        pass
    assert not booking.synced, (
        "the calendar answered 503 and the booking was still marked synced: the sync job will never "
        "retry it, so room 102 looks free in the calendar and can be sold twice"
    )
