from course.practice import witness_kit


class RoomId(witness_kit.CountingStr):
    """A room id that counts equality comparisons."""


def _comparisons(impl, n_rooms: int) -> int:
    rooms = [RoomId(f"room-{r:04d}") for r in range(n_rooms)]
    notes = []
    for i in range(2 * n_rooms):
        room = RoomId(f"room-{(i * 7) % n_rooms:04d}")
        notes.append(impl.Notification(room, i, read=(i % 3 == 0), mentions=("u1",) if i % 5 == 0 else ()))
    RoomId.comparisons = 0
    badges = impl.room_badges(rooms, notes, "u1")
    count = RoomId.comparisons
    assert len(badges) == n_rooms, f"{len(badges)} badges for {n_rooms} rooms"
    total = sum(b.unread for b in badges.values())
    assert total == sum(1 for n in notes if not n.read), f"badges add up to {total} unread"
    assert sum(b.mentions for b in badges.values()) == sum(1 for n in notes if not n.read and n.mentions), "mention counts wrong"
    return count


def test_badge_work_grows_linearly(impl) -> None:
    witness_kit.assert_scales(lambda n: _comparisons(impl, n), (20, 40), at_most=3, message=(
        "20 rooms with 40 notifications took {small:,} room-id comparisons, 40 rooms with 80 took {large:,}: "
        "every room rescans every notification, so a busy agent's sidebar refresh costs tens of millions"
    ))
