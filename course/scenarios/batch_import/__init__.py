"""Mixed review (module 02, findings only): a nightly price import with flaws from this module and the last.

The prompt: "Write import_prices(conn, rows, changes) for the nightly supplier price list: store each
row's price_cents under its sku (insert or update), and put each changed sku on the search indexer's
queue. The list has about 50,000 rows."

SPEC (what the team expected):
- import_prices(conn, rows, changes) stores every row's price_cents under its sku, inserting new SKUs
  and updating changed ones, and returns how many rows it imported.
- All or nothing: if any row fails (a missing price, a database error), the import raises and
  nothing of it stays in the database, so the next night's run starts from a clean state.
- Every SKU whose price it stored goes on `changes`, a bounded queue.Queue that the search indexer
  drains. The indexer sometimes falls behind and the queue fills up: a change must never be lost
  without anyone knowing.
- The back office edits prices while the import runs, on its own connection.
"""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="batch_import",
    module="02-failure-modes",
    snippet="price_import.py",
    import_name="price_import",
    title="Mixed review: the nightly price import",
)

SPEC = __doc__.split("SPEC", 1)[1].split("\n", 1)[1].strip()
