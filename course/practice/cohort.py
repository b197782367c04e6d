"""The cohort practice set: practice items whose keys stay in grading/keys/<module>/ (never shipped in course/ or
modules/), graded as an nbgrader assignment by the judge's findings grader like any findings exercise.

Layout: grading/keys/practice-cohort/<scenario>/key.py (EXERCISES = [findings_key(...)]) beside the item's folder
<scenario>/<item id>/ in the practice bank's format (item.toml with `snippet_file` naming the learner's snippet in
solutions/practice-cohort/, witness.py, witness_output.json), so `bank` checks prove its flaws like the public set's.
The notebook's answer cell for it is `%%findings <scenario>`; a flaw-free item is answered with an empty list.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from course.judge.exercises import FindingsExercise
from course.paths import module_keys_dir
from course.practice import bank
from course.practice.judge import exercise

MODULE = "practice-cohort"


@dataclass(frozen=True)
class CohortItem:
    """One item of the set, and the scenario (answer cell) it is graded under."""
    scenario: str
    item: bank.Item

    @property
    def exercise_id(self) -> str:
        return f"{self.scenario}_findings"


def findings_key(folder: Path, scenario: str) -> FindingsExercise:
    """The item in `folder` as the findings exercise `<scenario>_findings` (a flaw-free item's look-alike lines
    become a decoy, so flagging them is a false alarm)."""
    return replace(exercise(bank.load_item(folder)), id=f"{scenario}_findings", scenario=scenario)


def cohort_items(module: str = MODULE) -> list[CohortItem]:
    """Every item of a practice module's key folder, by scenario ([] for a module that is not a practice set)."""
    base = module_keys_dir(module)
    found = []
    for key_file in sorted(base.glob("*/key.py")):
        for folder in bank.item_folders(key_file.parent):
            if (folder / "item.toml").is_file():
                found.append(CohortItem(key_file.parent.name, bank.load_item(folder)))
    return found
