"""Search (module 07): an order search endpoint over a multi-tenant SQLite table.

The prompt: "Add a search endpoint to the orders API: GET /orders/search?q=mug&sort=newest returns
the caller's orders whose product name contains the text, newest first (or by total), at most 20.
The gateway has already authenticated the caller and passes its tenant in. Use our SQLite orders table."

SPEC (what tests may rely on; correct implementations differ where it leaves freedom):
- search_orders(conn, tenant, text, sort="newest", limit=20) returns a list of dicts
  {"id": int, "product": str, "total_cents": int}, at most `limit` of them.
- Only the tenant's own orders, whatever `text` holds: the text comes straight from the query string.
- An order matches when its product name contains `text` exactly as typed, every character standing
  for itself (letters A-Z match in either case). An empty text matches every order of the tenant.
- sort "newest": most recently placed first (ties: higher id first); "total": highest total first
  (ties: higher id first). Any other sort raises ValueError.
- How the query is built is not specified (LIKE, instr, anything that keeps the rules above).
"""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="search",
    module="07-security-smells",
    snippet="search.py",
    import_name="search",
    title="search_orders(): the orders API's search endpoint",
)

SPEC = __doc__.split("SPEC", 1)[1].split("\n", 1)[1].strip()
