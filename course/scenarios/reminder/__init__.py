"""Reminder-email drill (module 05, findings only): one email builder, three callers.

The prompt: "Write build_reminder(customer, cart, headers) for abandoned-cart emails. The checkout
calls it when a customer asks to be reminded (and passes its tracing headers), the nightly job calls
it for every abandoned cart, and the marketing worker thread for the reminders it queues. Add a
List-Unsubscribe header with the customer's token and the request id for support."

SPEC:
- build_reminder(customer, cart, headers=...) returns an EmailMessage to customer["email"], with a
  greeting in the customer's locale and the cart's lines (sku order).
- List-Unsubscribe carries THIS customer's token, in every email, whoever builds it.
- `headers` are extra headers for this one email; callers that have none pass nothing.
- X-Request-Id is the current request's id when there is a request; emails built outside a request
  (the nightly job, the worker thread) are built all the same.
- Date is the moment the email is built, with its correct UTC offset.
- The caller's cart is not changed.
"""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="reminder",
    module="05-three-callers",
    snippet="reminders.py",
    import_name="reminders",
    title="build_reminder(): an abandoned-cart email for three callers",
)

SPEC = __doc__.split("SPEC", 1)[1].split("\n", 1)[1].strip()
