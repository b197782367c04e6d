from datetime import datetime


def test_rendering_keeps_the_rooms_arrival_order(impl) -> None:
    # the room's log, in arrival order: sync cursors are positions in this list
    log = [impl.Message(1, "ana", "deploying now", datetime(2026, 12, 1, 9, 0, 5)),
           impl.Message(2, "bo", "wait", datetime(2026, 12, 1, 9, 0, 1)),      # Bo's phone clock is behind
           impl.Message(3, "ana", "done", datetime(2026, 12, 1, 9, 2, 0))]
    impl.latest(log, limit=2)
    impl.by_day(log)
    order = [m.id for m in log]
    assert order == [1, 2, 3], (
        f"opening the room reordered the room's own message log to {order}: clients syncing by position "
        "now receive a message they already have and miss another")
