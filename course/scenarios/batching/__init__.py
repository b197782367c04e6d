"""Per-item remote calls (module 03, tests-only drill): the reorder page prices every SKU with its own call.

The prompt: "The reorder page lists everything a business customer has bought before, often several
hundred SKUs. Write current_prices(pricing, skus) that returns {sku: price_cents} from our pricing
service client; leave out SKUs the service does not know."

SPEC (what tests may rely on; correct implementations differ where it leaves freedom):
- current_prices(pricing, skus) returns {sku: price in cents} for every SKU in `skus` that the pricing
  service knows; SKUs it does not know are left out. `skus` may repeat SKUs, and may be empty.
- The pricing service is remote: every call is a network round trip. The client has
  pricing.get_price(sku) (one SKU; raises pricing.NotFound if unknown) and pricing.get_prices(skus)
  (up to pricing.MAX_BATCH = 100 SKUs in one call; returns {sku: cents} for the SKUs it knows and
  leaves the others out; raises pricing.BatchTooLarge for more than 100).
- For d distinct SKUs it makes at most ceil(d / 100) calls (none for no SKUs), and it asks for each
  SKU at most once.
- Which SKUs go in which call, the order of the calls, and the order of the returned dict are not
  specified.
"""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="batching",
    module="03-hidden-performance",
    snippet="reorder.py",
    import_name="reorder",
    title="current_prices: one pricing call per SKU",
)
