"""A cohort practice item (module practice-cohort, findings only): shipping_price.py, from the shop codebase.

The prompt: "At checkout, get the shipping price from the carrier's rate API; it answers 503 when busy, so retry a few times with backoff."
The key (flaws, explanation, witness) is grading/keys/practice-cohort/shipping_price/ only: never shipped.
"""
from course.scenarios import practice_item

SCENARIO = practice_item("shipping_price", "practice-cohort")
