import sqlite3


def test_sign_in_email_is_not_case_sensitive(impl) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, email TEXT, salt BLOB, pw_hash BLOB)")
    conn.execute("INSERT INTO accounts VALUES (1, 'Alice.Moreau@Example.com', x'00', x'00')")
    exact = impl.find_account(conn, "Alice.Moreau@Example.com")
    assert exact is not None and exact.id == 1, "the exact address did not find the account"
    typed = impl.find_account(conn, "alice.moreau@example.com ")
    conn.close()
    assert typed is not None and typed.id == 1, (
        "Alice signed up as Alice.Moreau@Example.com and types alice.moreau@example.com on the "
        "sign-in form: no account found, so she is told her email is unknown"
    )
