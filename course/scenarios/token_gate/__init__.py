"""A cohort practice item (module practice-cohort, findings only): token_gate.py, from the auth codebase.

The prompt: 'In the gateway, after the signature check, refuse expired and revoked access tokens (the revocation list is a separate service) and return the subject.'
The key (flaws, explanation, witness) is grading/keys/practice-cohort/token_gate/ only: never shipped.
"""
from course.scenarios import practice_item

SCENARIO = practice_item("token_gate", "practice-cohort")
