import sqlite3


def test_submitting_the_same_form_twice_books_once(impl) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute(impl.SCHEMA)
    form = impl.BookingForm("ana@example.com", "double", "2026-12-24", 3, "ft_9c1e")
    # the guest double-clicks "Confirm" (or the browser resends the POST after a slow answer)
    first = impl.confirm_booking(conn, form)
    second = impl.confirm_booking(conn, form)
    stored = conn.execute("SELECT COUNT(*) FROM bookings WHERE guest_email = 'ana@example.com'").fetchone()[0]
    conn.close()
    assert stored == 1 and first == second, (
        f"one confirmation form submitted twice (a double-click) made {stored} bookings, "
        f"#{first} and #{second}: two rooms are held (and billed) for one stay")
