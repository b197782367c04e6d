"""Answer key for cohort practice item shop-checkout-shipping-price (module practice-cohort, scenario `shipping_price`, findings only).

The item folder beside this file is a practice-bank item (course/practice/bank.py: its flaws with tolerances and
categories, explanation, review question, and the witness that fails on the snippet and passes on the fix, or for a
flaw-free item passes on the snippet); its snippet is the learner's solutions/practice-cohort/shipping_price.py.
tests/test_practice_cohort.py runs the bank check on it.
"""
from pathlib import Path

from course.practice.cohort import findings_key

EXERCISES = [findings_key(Path(__file__).parent / "shop-checkout-shipping-price", "shipping_price")]
