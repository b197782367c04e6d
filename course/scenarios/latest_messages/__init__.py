"""A cohort practice item (module practice-cohort, findings only): latest_messages.py, from the chat codebase.

The prompt: "Add latest(messages, limit) for the room's first render, ordered by send time, and a by-day grouping for the date headings."
The key (flaws, explanation, witness) is grading/keys/practice-cohort/latest_messages/ only: never shipped.
"""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="latest_messages",
    module="practice-cohort",
    snippet="latest_messages.py",
    import_name="latest_messages",
    title="practice item: latest_messages.py",
)
