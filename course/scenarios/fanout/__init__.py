"""Fan-out drill (module 05, tests only): a thread pool that loses the tenant set by its caller.

The prompt: "The account page takes seconds for customers with long order histories: it loads their
orders one by one. Make fetch_orders(repo, order_ids) load them concurrently. Our repository is
multi-tenant: the middleware puts the current tenant in a context variable, and repo.get reads it."

SPEC (what tests may rely on; correct implementations differ where it leaves freedom):
- fetch_orders(repo, order_ids) returns the orders with these ids, in the order of the ids, for the
  tenant that is current where fetch_orders is called (repo.get(order_id) reads the house's
  current_tenant context variable).
- No ids: an empty list. An id the tenant has no order with: raises KeyError.
- Whoever calls it (the account page, the monthly statement job, the export worker thread), for
  any number of ids, every order returned belongs to the caller's tenant.
- Left open: whether and when it fetches concurrently, and the size and lifetime of any pool.
"""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="fanout",
    module="05-three-callers",
    snippet="order_history.py",
    import_name="order_history",
    title="fetch_orders(): a long order history, loaded on a thread pool",
)

SPEC = __doc__.split("SPEC", 1)[1].split("\n", 1)[1].strip()
