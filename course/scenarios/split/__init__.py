"""Split (module 06, property-based tests): a bill split by weights in whole cents, tested with Hypothesis.

The prompt: "In the holiday-flat app, split a shared bill between the people on it by weight (nights stayed,
say), in whole cents."

SPEC (what tests may rely on; correct implementations differ where it leaves freedom):
- split_cents(total_cents, weights) returns a list of ints, one part per weight, in the same order.
- total_cents is an int >= 0 (any size); weights is a non-empty list of ints >= 0, at least one of them > 0.
- The parts add up to total_cents exactly: no cent made or lost.
- Each part is within one cent of its exact share, total_cents * weight / sum(weights): the share rounded down
  or up. So a weight of 0 pays 0.
- A larger weight never pays less than a smaller weight.
- Left open: which of the people get the leftover cents, within the rules above.
"""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="split",
    module="06-edge-cases-first",
    snippet="split_bill.py",
    import_name="split_bill",
    title="split_cents(): a shared bill in whole cents",
)

SPEC = __doc__.split("SPEC", 1)[1].split("\n", 1)[1].strip()
