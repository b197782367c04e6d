def test_case_variants_cannot_both_register(impl) -> None:
    users = impl.UserDirectory()
    users.register("Alice")
    try:
        users.register("ALICE")
    except impl.UsernameTaken:
        pass
    else:
        raise AssertionError("'ALICE' was accepted next to 'Alice'")
    users.register("Straße")
    try:
        users.register("STRASSE")
    except impl.UsernameTaken:
        return
    raise AssertionError(
        "'Straße' is registered, and 'STRASSE' (the same name in capitals, as 'Straße'.upper() "
        "writes it) was accepted as a second, different user: the two accounts can impersonate each other"
    )
