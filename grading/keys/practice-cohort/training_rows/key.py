"""Answer key for cohort practice item mljob-training-rows-feature-lookups (module practice-cohort, scenario `training_rows`, findings only).

The item folder beside this file is a practice-bank item (course/practice/bank.py: its flaws with tolerances and
categories, explanation, review question, and the witness that fails on the snippet and passes on the fix, or for a
flaw-free item passes on the snippet); its snippet is the learner's solutions/practice-cohort/training_rows.py.
tests/test_practice_cohort.py runs the bank check on it.
"""
from pathlib import Path

from course.practice.cohort import findings_key

EXERCISES = [findings_key(Path(__file__).parent / "mljob-training-rows-feature-lookups", "training_rows")]
