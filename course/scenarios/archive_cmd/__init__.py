"""A cohort practice item (module practice-cohort, findings only): archive.py, from the cli codebase.

The prompt: 'Add `tidy archive FOLDER [--exclude PATTERN...]`: pack the folder into FOLDER.tar.gz next to it using the system tar.'
The key (flaws, explanation, witness) is grading/keys/practice-cohort/archive_cmd/ only: never shipped.
"""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="archive_cmd",
    module="practice-cohort",
    snippet="archive.py",
    import_name="archive",
    title="practice item: archive.py",
)
