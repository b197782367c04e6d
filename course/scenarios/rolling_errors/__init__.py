"""A cohort practice item (module practice-cohort, findings only): rolling_errors.py, from the telemetry codebase.

The prompt: 'Add rolling_errors(samples, window) for the service-health panel: per sample, the 5xx answers in the last five minutes, and the worst window for the headline.'
The key (flaws, explanation, witness) is grading/keys/practice-cohort/rolling_errors/ only: never shipped.
"""
from course.scenarios import practice_item

SCENARIO = practice_item("rolling_errors", "practice-cohort")
