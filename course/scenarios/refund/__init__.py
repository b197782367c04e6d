"""Refund (module 04, house patterns): the assistant's refund endpoint bypasses the house codebase.

The prompt: "Add a partial-refund endpoint: POST /orders/<order_id>/refunds with {"percent": ...}.
Refund that percentage of the order's total through the payment provider, record the refund and
return it. Support can refund an order more than once, but never more than was paid."

SPEC (what tests may rely on; correct implementations differ where it leaves freedom):
- refund_order(ctx, order_id, percent) refunds `percent` % of the order's total for the tenant of
  the request (ctx.tenant_id): it calls the payment provider, ctx.payments.refund(charge_id,
  amount_cents, timeout=...), records the refund (one row in refunds), and returns a dict with at
  least "order_id", "amount_cents" and "provider_ref" (more keys are fine).
- The amount is total_cents x percent / 100, rounded half up to a whole cent (an exact half cent
  goes up). `percent` is an int or a decimal string such as "12.5", above 0 and at most 100.
  (Floats, and amounts that round to 0 cents, are not specified.)
- Failures are raised as the house's domain errors, never returned: InvalidRequest for a bad
  percent; NotFound for an order that does not exist or belongs to another tenant (then nothing is
  refunded or revealed); Conflict when the refund would take the order's refunds above its total
  (then the provider is not called). A request with two problems may raise either error.
- Provider failures follow the house retry policy. A TransientError is retried: at most 3 attempts
  in all, each given a timeout (a number of seconds, at most 2, never None); after the 3rd transient
  failure it raises UpstreamUnavailable. PaymentDeclined is final: it propagates after the first
  attempt. How long it waits between attempts is not specified.
- A refund is recorded only once the provider has accepted it: after any error, nothing is recorded.
"""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="refund",
    module="04-house-patterns",
    snippet="refunds.py",
    import_name="refunds",
    title="A partial-refund endpoint, written beside the house codebase instead of on it",
    support="house",
)

SPEC = __doc__.split("SPEC", 1)[1].split("\n", 1)[1].strip()
