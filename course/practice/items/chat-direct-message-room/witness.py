import sqlite3

from course.practice import witness_kit


def test_both_users_opening_a_dm_at_once_get_the_same_room(impl) -> None:
    conn = sqlite3.connect(":memory:")
    conn.executescript(impl.SCHEMA)
    bo_room = []
    racing = witness_kit.RivalConnection(conn, lambda: bo_room.append(impl.dm_room(conn, "bo", "ana")))
    ana_room = impl.dm_room(racing, "ana", "bo")
    rooms = conn.execute("SELECT COUNT(*) FROM dm_rooms").fetchone()[0]
    conn.close()
    assert ana_room == bo_room[0] and rooms == 1, (
        f"Ana and Bo pressed 'Message' on each other's profile at the same moment: {rooms} DM rooms exist, "
        f"Ana writes in #{ana_room} and Bo in #{bo_room[0]}, and neither sees the other's messages")
