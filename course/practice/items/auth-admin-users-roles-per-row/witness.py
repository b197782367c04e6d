import sqlite3

from course.practice import witness_kit


def _queries(impl, per_page: int) -> int:
    conn = sqlite3.connect(":memory:")
    conn.executescript(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, org_id INTEGER, name TEXT, email TEXT, last_login TEXT);"
        "CREATE TABLE roles (id INTEGER PRIMARY KEY, name TEXT);"
        "CREATE TABLE grants (user_id INTEGER, role_id INTEGER);"
        "INSERT INTO roles VALUES (1, 'admin'), (2, 'billing'), (3, 'viewer');"
    )
    for u in range(1, 121):
        conn.execute("INSERT INTO users VALUES (?, 1, ?, ?, ?)",
                     (u, f"User {u:03d}", f"u{u}@example.com", None if u % 4 == 0 else "2026-03-01"))
        for role in ((3,) if u % 3 else (1, 2)) if u % 5 else ():
            conn.execute("INSERT INTO grants VALUES (?, ?)", (u, role))
    conn.execute("INSERT INTO users VALUES (999, 2, 'Other Org <b>', 'x@other.example', NULL)")
    conn.commit()
    rows, seen = witness_kit.traced_statements(conn, lambda: impl.render_user_table(conn, 1, page=1, per_page=per_page).split("\n"))
    assert len(rows) == per_page, f"expected {per_page} rows, got {len(rows)}"
    assert rows[2] == "<tr><td>User 003</td><td>u3@example.com</td><td>admin, billing</td><td>2026-03-01</td></tr>", rows[2]
    assert rows[4] == "<tr><td>User 005</td><td>u5@example.com</td><td>(none)</td><td>2026-03-01</td></tr>", rows[4]
    return len(seen)


def test_user_page_costs_a_fixed_number_of_queries(impl) -> None:
    witness_kit.assert_scales(lambda n: _queries(impl, n), (25, 50), at_most=1, message=(
        "a page of 25 users ran {small} SQL queries and a page of 50 ran {large}: "
        "one roles query per user row, on every view of the admin console"
    ))
