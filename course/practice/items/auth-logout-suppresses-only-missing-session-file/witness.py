SID = "a" * 40


def test_logout_that_cannot_delete_the_session_fails(impl) -> None:
    def already_gone(path):
        raise FileNotFoundError(2, "No such file or directory")

    impl.logout("/var/lib/console/sessions", SID, remove=already_gone)   # second tab: fine

    def read_only(path):
        raise PermissionError(13, "Permission denied")

    try:
        impl.logout("/var/lib/console/sessions", SID, remove=read_only)
    except PermissionError:
        return   # the console shows 'logout failed' and the error is logged
    assert False, (
        "the session file could not be deleted (permission denied) and logout reported success: the user "
        "walks away from a shared machine believing they are logged out, and the session still works"
    )
