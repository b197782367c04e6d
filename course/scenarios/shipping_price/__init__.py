"""A cohort practice item (module practice-cohort, findings only): shipping_price.py, from the shop codebase.

The prompt: "At checkout, get the shipping price from the carrier's rate API; it answers 503 when busy, so retry a few times with backoff."
The key (flaws, explanation, witness) is grading/keys/practice-cohort/shipping_price/ only: never shipped.
"""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="shipping_price",
    module="practice-cohort",
    snippet="shipping_price.py",
    import_name="shipping_price",
    title="practice item: shipping_price.py",
)
