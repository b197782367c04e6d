"""A cohort practice item (module practice-cohort, findings only): refund_worker.py, from the payments codebase.

The prompt: 'Write the worker for refund.approved messages: send the refund to the card processor and mark it sent in the refunds table.'
The key (flaws, explanation, witness) is grading/keys/practice-cohort/refund_worker/ only: never shipped.
"""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="refund_worker",
    module="practice-cohort",
    snippet="refund_worker.py",
    import_name="refund_worker",
    title="practice item: refund_worker.py",
)
