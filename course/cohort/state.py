"""Reading a cohort's course folder: which submissions exist, which are fully graded, which need a person.

One place that knows what "graded" means, used by `python -m course cohort autograde` (what to grade,
what a killed run left half-written), `cohort status` and the analytics report. A submission is graded
when, for every notebook of the assignment, the autograded notebook exists with the judge's mark on every
grade cell AND the gradebook holds a score for every one of its grade cells. Anything less is what a
killed run leaves behind (nbgrader writes the autograded folder first, the grades cell by cell, the
notebook last), and nbgrader itself would skip it on a rerun, so it is reported as incomplete.
"""
from __future__ import annotations

from dataclasses import dataclass, field
import glob
from pathlib import Path
from typing import Any

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.coursedir import CourseDirectory
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from course.nbgrader.intake import expected_notebooks, intake_problem, read_notebook_file
from course.nbgrader.judge import JUDGE_MARK

CONFIG_FILE = "nbgrader_config.py"


class NotACohort(RuntimeError):
    """The folder is not a cohort course folder (no nbgrader_config.py)."""


def load_config(root: Path, overrides: Config | None = None) -> Config:
    """The cohort's nbgrader configuration, as `nbgrader` run in `root` would read it."""
    if not (root / CONFIG_FILE).is_file():
        raise NotACohort(f"{root} has no {CONFIG_FILE}: create a cohort with `python -m course cohort init {root}`")
    config = PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    if overrides:
        config.merge(overrides)
    return config


@dataclass
class Cohort:
    root: Path
    config: Config
    coursedir: CourseDirectory

    @classmethod
    def open(cls, root: Path, overrides: Config | None = None) -> "Cohort":
        root = Path(root).resolve()
        config = load_config(root, overrides)
        return cls(root, config, CourseDirectory(config=config))

    @property
    def db_url(self) -> str:
        return self.coursedir.db_url

    def folder(self, step: str, student: str, module: str) -> Path:
        """`step` is one of submitted, autograded, feedback (nbgrader's directory names for them)."""
        name = {"submitted": self.coursedir.submitted_directory, "autograded": self.coursedir.autograded_directory,
                "feedback": self.coursedir.feedback_directory}[step]
        return Path(self.coursedir.format_path(name, student, module))

    def submitters(self, module: str) -> list[str]:
        """Students with a submitted folder for the module (what `nbgrader collect` produced)."""
        pattern = self.coursedir.format_path(self.coursedir.submitted_directory, "*", module)
        return sorted(Path(p).parent.name for p in glob.glob(pattern) if Path(p).is_dir())

    def modules(self) -> list[str]:
        with Gradebook(self.db_url) as gb:
            return sorted(a.name for a in gb.assignments)


@dataclass
class SubmissionState:
    student: str
    module: str
    graded: bool = False          # complete: judged notebooks and a score for every grade cell
    incomplete: bool = False      # an autograded folder a killed run left half-written
    outdated: bool = False        # submitted again after it was graded (nbgrader regrades it)
    attention: list[str] = field(default_factory=list)   # why a person should look at it


def _timestamp(cohort: Cohort, folder: Path):
    try:
        return cohort.coursedir.get_existing_timestamp(str(folder))
    except Exception:   # an unreadable timestamp: nbgrader will complain itself
        return None


def _gradebook_scores(cohort: Cohort, module: str) -> dict[str, dict[str, Any]]:
    """{student: {grade id: (score or None, needs manual grade)}} for the module's submissions."""
    out: dict[str, dict[str, Any]] = {}
    with Gradebook(cohort.db_url) as gb:
        try:
            assignment = gb.find_assignment(module)
        except MissingEntry:
            return out
        for submission in assignment.submissions:
            cells: dict[str, Any] = {}
            for nb in submission.notebooks:
                for grade in nb.grades:
                    cells[grade.name] = (grade.score, grade.needs_manual_grade)
            out[submission.student.id] = cells
    return out


def submission_states(cohort: Cohort, module: str) -> list[SubmissionState]:
    """The state of every submitted folder of `module`, in student order."""
    expected = expected_notebooks(cohort.db_url, module)
    grades = _gradebook_scores(cohort, module)
    states = []
    for student in cohort.submitters(module):
        state = SubmissionState(student, module)
        submitted = cohort.folder("submitted", student, module)
        dest = cohort.folder("autograded", student, module)
        if not list(submitted.glob("*.ipynb")):
            state.attention.append("no notebook in the submission (nbgrader skips it)")
        if dest.exists():
            complete = bool(expected)
            for name in expected:
                nb = read_graded_notebook(dest / f"{name}.ipynb")
                cells = [c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade")] if nb else []
                if nb is None or not cells or not all(JUDGE_MARK in c.metadata for c in cells):
                    complete = False
                    continue
                problem = intake_problem(nb)
                if problem:
                    state.attention.append(problem)
                for cell in cells:
                    mark = cell.metadata[JUDGE_MARK]
                    if not mark.get("judged", True):
                        state.attention.append(f"the judge could not score {cell.metadata['nbgrader']['grade_id']}")
            scores = grades.get(student, {})
            if not scores or any(score is None for score, _ in scores.values()):
                complete = False
            state.graded = complete
            state.incomplete = not complete
            new, old = _timestamp(cohort, submitted), _timestamp(cohort, dest)
            state.outdated = bool(complete and new and old and new > old)
        states.append(state)
    return states


def read_graded_notebook(path: Path) -> Any | None:
    """An autograded notebook, or None if it is missing or unreadable."""
    return read_notebook_file(path)[0] if path.exists() else None
