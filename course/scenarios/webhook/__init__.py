"""Duplicate-webhook drill (module 01, findings only): a payment webhook that credits a customer's balance."""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="webhook",
    module="01-concurrent-writes",
    snippet="webhooks.py",
    import_name="webhooks",
    title="A payment webhook that credits the customer's balance",
)
