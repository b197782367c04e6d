from datetime import datetime


def test_back_to_back_meetings_do_not_clash(impl) -> None:
    def at(h: int, m: int = 0) -> datetime:
        return datetime(2026, 5, 4, h, m)

    calendar = [impl.Booking("Orion", at(10), at(11))]
    try:
        impl.book(calendar, impl.Booking("Orion", at(10, 30), at(11, 30)))
    except impl.SlotTaken:
        pass
    else:
        raise AssertionError("a 10:30 booking was accepted inside a 10:00-11:00 one")
    try:
        impl.book(calendar, impl.Booking("Orion", at(11), at(12)))
    except impl.SlotTaken as exc:
        raise AssertionError(
            f"Orion is booked 10:00-11:00 and a meeting from 11:00 to 12:00 was refused ({exc}): "
            "back-to-back meetings, the most common booking there is, count as a clash"
        ) from None
