def test_failed_migration_does_not_exit_zero(impl) -> None:
    released = []
    out = []

    def add_column():
        pass

    def backfill():
        raise RuntimeError("column orders.total_cents is NOT NULL but 312 rows are null")

    steps = [("0007_add_column", add_column), ("0008_backfill", backfill), ("0009_index", lambda: None)]
    try:
        code = impl.migrate_command(steps, lambda: released.append(True), echo=out.append)
    except RuntimeError:
        code = None   # the tool dies with the migration's error: exit status 1
    assert released == [True], "the migration lock was not released"
    assert code != 0, (
        f"migration 0008 raised, yet `tool migrate` printed {out[-1]!r} and exited 0: the error and its "
        "message are gone, and the deploy script carries on against a half-migrated schema"
    )
