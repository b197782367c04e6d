"""A cohort practice item (module practice-cohort, findings only): refund_worker.py, from the payments codebase.

The prompt: 'Write the worker for refund.approved messages: send the refund to the card processor and mark it sent in the refunds table.'
The key (flaws, explanation, witness) is grading/keys/practice-cohort/refund_worker/ only: never shipped.
"""
from course.scenarios import practice_item

SCENARIO = practice_item("refund_worker", "practice-cohort")
