"""A cohort practice item (module practice-cohort, findings only): hotel_settings.py, from the bookings codebase.

The prompt: "Read each hotel's booking rules from the settings service, with a cache because searches call it constantly."
The key (flaws, explanation, witness) is grading/keys/practice-cohort/hotel_settings/ only: never shipped.
"""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="hotel_settings",
    module="practice-cohort",
    snippet="hotel_settings.py",
    import_name="hotel_settings",
    title="practice item: hotel_settings.py",
)
