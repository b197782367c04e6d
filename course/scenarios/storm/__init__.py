"""Retry-storm drill (module 02, findings only): stock sync that retries at three layers.

The prompt: "The warehouse service is flaky under load. Add retries to our stock sync so a blip doesn't
leave stock levels stale: the client's GET helper, available(sku), and the refresh_stock job that the
scheduler runs every minute for every SKU on sale."

SPEC (what the team expected):
- WarehouseClient(base_url, *, urlopen, sleep).available(sku) returns the units the warehouse can
  ship now, from GET {base_url}/stock/{sku} ({"sku": ..., "available": n}).
- A 404 means the warehouse does not stock that SKU: fail at once with WarehouseError, no retry.
- Transient failures (429, 500, 503, a reset, a timeout) may be retried, but one product page or one
  SKU of a refresh must never cost the warehouse more than 3 calls, and retries must be spread out
  (backoff with jitter), not all at the same moment.
- refresh_stock(client, skus, save) runs every minute over every SKU on sale (about 1,000); it must
  finish well within the minute even while the warehouse is down, and report how many it saved.
"""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="storm",
    module="02-failure-modes",
    snippet="stock_sync.py",
    import_name="stock_sync",
    title="Stock sync with retries at every layer",
)

SPEC = __doc__.split("SPEC", 1)[1].split("\n", 1)[1].strip()
