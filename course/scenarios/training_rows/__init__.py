"""A cohort practice item (module practice-cohort, findings only): training_rows.py, from the mljob codebase.

The prompt: "Before training, join each example with its user's features from the feature store. Stream it; the example set is big."
The key (flaws, explanation, witness) is grading/keys/practice-cohort/training_rows/ only: never shipped.
"""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="training_rows",
    module="practice-cohort",
    snippet="training_rows.py",
    import_name="training_rows",
    title="practice item: training_rows.py",
)
