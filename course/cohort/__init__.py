"""Running a cohort on real nbgrader: `python -m course cohort VERB`, one verb per module where it fits.
"""
