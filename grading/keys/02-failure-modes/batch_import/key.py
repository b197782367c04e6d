"""Answer key for the mixed review (module 02-failure-modes, scenario `batch_import`, findings only).

The snippet is solutions/02-failure-modes/price_import.py (39 lines). Spaced practice: two flaws of
this module and one of module 01.
- half-commit (error-handling), lines 31-32: a commit every 500 rows. A bad row at 50,001... or at
  row 750 leaves the first 500 committed, the next 249 pending on the caller's connection, and
  nothing published to the indexer: neither all nor nothing, and the next run starts from a mix.
- dropped-changes (error-handling), lines 35-38: put_nowait into the bounded queue, `except
  Exception: pass`. When the indexer is behind, queue.Full is swallowed and the change is lost
  without a trace (the "next full rebuild" the comment promises is weekly).
- check-then-insert (race-condition, module 01), lines 19-24: SELECT, then INSERT if absent. When
  the back office adds the same SKU in between, the INSERT fails on the primary key and the import
  dies half-way (after committing whole batches). An upsert (INSERT ... ON CONFLICT DO UPDATE) is one
  statement.
Decoy: lines 26-28, updating only a changed price (and publishing only real changes) is right.
tests/test_batch_import.py proves each flaw by running the snippet on a real SQLite file.
"""
from course.judge.exercises import FindingsExercise, Flaw

FLAW_TITLES = {
    "half-commit": "A commit every 500 rows: a bad row later leaves part of the import committed and part pending.",
    "dropped-changes": "put_nowait into a full queue inside `except Exception: pass`: changes are lost silently.",
    "check-then-insert": "SELECT, then INSERT if absent: a back-office insert in between makes the import fail "
                         "on the primary key (check, then act).",
}

EXERCISES = [
    FindingsExercise(
        id="batch_import_findings",
        scenario="batch_import",
        flaws=(
            Flaw("half-commit", lines=(31, 32), tolerance=(30, 33), categories=frozenset({"error-handling"}),
                 title=FLAW_TITLES["half-commit"]),
            Flaw("dropped-changes", lines=(35, 38), tolerance=(34, 38), categories=frozenset({"error-handling"}),
                 title=FLAW_TITLES["dropped-changes"]),
            Flaw("check-then-insert", lines=(19, 24), tolerance=(18, 25), categories=frozenset({"race-condition"}),
                 title=FLAW_TITLES["check-then-insert"]),
        ),
        decoys=((26, 28),),
    ),
]
