"""Quote (module 05): one quote() for three callers, right from the request handler only.

The prompt: "Three places price a cart: the checkout API, the nightly job that re-quotes abandoned
carts for reminder emails, and the worker that prices orders from the marketplace feed. Each has its
own copy of the pricing rules and they disagree. Write one quote(catalog, lines, at) they can all
call: the catalog prices, plus the 3-for-2 promotion (the cheapest item free in carts of three or
more items) when `at` falls in the promotion window. It is on the checkout's hot path: keep it fast."

SPEC (what tests may rely on; correct implementations differ where it leaves freedom):
- quote(catalog, lines, at) returns the cart's total in cents (an int).
- catalog is a read session of the shop's price book: catalog.price_cents(sku) is the product's
  current price (KeyError for an unknown sku), catalog.promotion_window() is (starts, ends), aware
  UTC, catalog.version() changes with every price change.
- lines is a list of (sku, qty) pairs, qty >= 1, in the order the customer added them. quote never
  changes it: callers keep using their lists (the nightly job keeps its carts in memory).
- at is the moment of the quote: an aware datetime in any time zone, or a naive one, which means
  UTC (how the database stores times), whatever the server's own time zone.
- The total is the sum of price * qty at the catalog's current prices: a price change applies to
  the next quote, whoever asks (the worker runs for days, the nightly job for an hour).
- The 3-for-2: when starts <= at < ends (compared as instants) and the cart holds three or more
  items (the sum of qty), one unit of the cheapest item is free. An empty cart costs 0.
- Every caller gets the same total for the same cart at the same moment.
- How it stays fast is not specified (a cache is fine if it never serves a replaced price).
"""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="quote",
    module="05-three-callers",
    snippet="pricing.py",
    import_name="pricing",
    title="quote(): one pricing function for the checkout, the nightly job and the worker",
)

SPEC = __doc__.split("SPEC", 1)[1].split("\n", 1)[1].strip()
