import sqlite3


def test_a_revoked_admin_loses_access(impl) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute(impl.SCHEMA)
    authorizer = impl.Authorizer(conn)
    impl.grant(conn, 41, "admin")
    authorizer.require(41, "admin")          # Sam, an admin, uses the admin API
    impl.revoke(conn, 41, "admin")           # Sam leaves the company; the role is revoked
    try:
        authorizer.require(41, "admin")
        still_admin = True
    except impl.PermissionDenied:
        still_admin = False
    conn.close()
    assert not still_admin, (
        "user 41's admin role was revoked, yet the admin API still let them in: the role check answers "
        "from a cache that nothing clears until the server restarts")
