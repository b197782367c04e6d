"""Every submission gets a notebook to grade: unreadable or misnamed notebooks are graded and flagged, never dropped.

Measured here with nbgrader 0.9.6 and plain `nbgrader autograde`: a submitted notebook that is not valid
JSON, or one saved under another name (`Untitled.ipynb`, `... -Copy1.ipynb`), makes nbgrader log an error
for that learner, delete their autograded folder, leave every grade empty (NULL) and exit with status 1
at the end of the batch. The rest of the batch is graded, but the learner has no grade and formgrader
shows nothing to act on.

With `c.Autograde.exporter_class = SubmissionIntake` (grading/nbgrader_config.py) instead:
- a notebook that cannot be read (not UTF-8, not JSON, not a notebook) is replaced, for grading only, by a
  notebook holding one note that says why; nbgrader re-adds the grade cells (`add_missing_cells`), the
  judge finds no answers, and every exercise is recorded as 0. The learner's file stays untouched in
  `submitted/`.
- when an assignment notebook is missing and the submission holds exactly one notebook nbgrader does not
  know, that file is graded in its place (a learner's work is not lost to a rename). Missing with no
  candidate, or several: graded as an empty notebook, 0.
- either way the reason is written into the graded notebook's metadata (`course_intake`) and shown to the
  learner as a note at the top, and `FlagNeedsAttention` (after `SaveAutoGrades`) marks the submission's
  grades "needs manual grading": formgrader's own "look at this" flag, cleared when a grader saves a score.
A learner cannot forge the mark: it is removed from every submitted notebook before it is set.

The misnamed case needs one step before nbgrader's own filter ("Skipping unknown notebook", then "No
notebooks found" when nothing is left): the exporter installs a pre-convert hook on its converter that
lists the assignment's expected notebook paths for the submission, even when the file is missing, so
nbgrader asks this exporter for them.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.exporters import NotebookExporter
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool

INTAKE_MARK = "course_intake"


@dataclass
class Intake:
    """What will be graded for one expected notebook of a submission."""
    nb: Any                     # the notebook to grade (the learner's, or a stand-in holding a note)
    problem: str | None         # why a person should look at it; None for an ordinary submission
    graded_file: Path | None    # the file that was read, if any
    stand_in: bool = False      # True when nothing of the learner's notebook could be graded


def expected_notebooks(db_url: str, assignment: str) -> list[str]:
    """The assignment's notebook names (without .ipynb), from the gradebook; [] if it has no such assignment."""
    with Gradebook(db_url) as gb:
        try:
            return sorted(nb.name for nb in gb.find_assignment(assignment).notebooks)
        except MissingEntry:
            return []


def read_notebook_file(path: Path) -> tuple[Any | None, str | None]:
    """(notebook, None), or (None, why it cannot be read) for text that is not a readable notebook."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"{path.name} is not UTF-8 text ({exc.reason} at byte {exc.start})"
    except OSError as exc:
        return None, f"{path.name} cannot be read ({exc.strerror})"
    try:
        return nbformat.reads(text, as_version=4), None
    except nbformat.reader.NotJSONError:
        return None, f"{path.name} is not valid JSON (damaged or not saved by Jupyter)"
    except Exception as exc:   # valid JSON that is not a notebook, or an unknown format version
        detail = " ".join(str(exc).split())[:160]
        return None, f"{path.name} is not a Jupyter notebook ({type(exc).__name__}: {detail})"


def stand_in(problem: str) -> Any:
    """A notebook to grade in place of one that cannot be read: one note for the learner, nothing else."""
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell(
        f"**Your submission could not be graded as submitted:** {problem}.\n\n"
        "Every exercise scores 0 for now. Your instructor has been told and will look at your files."))
    return nb


def resolve(folder: Path, notebook: str, expected: list[str]) -> Intake:
    """The notebook to grade for `<folder>/<notebook>.ipynb`, whatever the learner actually submitted."""
    path = folder / f"{notebook}.ipynb"
    problem = None
    if not path.exists():
        missing = [name for name in expected if not (folder / f"{name}.ipynb").exists()]
        unknown = sorted(p for p in folder.glob("*.ipynb") if p.stem not in expected)
        wanted = f"{notebook}.ipynb"
        if len(missing) == 1 and len(unknown) == 1:
            path = unknown[0]
            problem = f"submitted as {path.name!r} instead of {wanted!r}: that file is graded in its place"
        elif unknown:
            names = ", ".join(repr(p.name) for p in unknown)
            return Intake(stand_in(f"no notebook named {wanted!r} (found {names}; which one to grade is unclear)"),
                          f"no notebook named {wanted!r}; found {names}", None, True)
        else:
            return Intake(stand_in(f"no notebook named {wanted!r} in the submission"),
                          f"no notebook named {wanted!r} in the submission", None, True)
    nb, unreadable = read_notebook_file(path)
    if nb is None:
        return Intake(stand_in(unreadable), unreadable, path, True)
    nb.metadata.pop(INTAKE_MARK, None)   # only intake sets it: a learner cannot flag (or unflag) themselves
    if problem:
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(f"**Note from the grader:** {problem}."))
    return Intake(nb, problem, path)


class SubmissionIntake(NotebookExporter):
    """`Autograde.exporter_class`: reads submitted notebooks through `resolve`, so none is ever dropped."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # the assignment's notebook names, read from the gradebook once per (gradebook, assignment) for this exporter:
        # it lives for one nbgrader command, during which the released assignment does not change (nbgrader reads
        # its own notebook list once per command too); twice per submission before (its pre-convert hook, then here)
        self._expected: dict[tuple[str, str], list[str]] = {}
        converter = self.parent
        if converter is not None and hasattr(converter, "pre_convert_hook") and hasattr(converter, "coursedir"):
            previous = converter.pre_convert_hook

            def list_expected_notebooks(**kw: Any) -> None:
                self._list_expected_notebooks(converter)
                if previous:
                    previous(**kw)
            converter.pre_convert_hook = list_expected_notebooks

    def _expected_notebooks(self, db_url: str, assignment: str) -> list[str]:
        key = (db_url, assignment)
        if key not in self._expected:
            self._expected[key] = expected_notebooks(db_url, assignment)
        return list(self._expected[key])

    def _list_expected_notebooks(self, converter: Any) -> None:
        """Make nbgrader process every expected notebook path of this submission, present or not."""
        if not converter.notebooks:
            return
        folder = Path(converter.notebooks[0]).parent
        expected = self._expected_notebooks(converter.coursedir.db_url, folder.name)
        wanted = [str(folder / f"{name}.ipynb") for name in expected]
        converter.notebooks = sorted(set(converter.notebooks) | set(wanted))

    def _submitted_root(self) -> Path | None:
        coursedir = getattr(self.parent, "coursedir", None)
        if coursedir is None:
            return None
        return Path(coursedir.format_path(coursedir.submitted_directory, ".", ".")).resolve()

    def from_filename(self, filename: str, resources: dict | None = None, **kw: Any):
        submitted = self._submitted_root()
        path = Path(filename)
        if submitted is None or not path.resolve().is_relative_to(submitted):
            return super().from_filename(filename, resources, **kw)   # nbgrader's own files (autograded/)
        assignment = (resources or {}).get("nbgrader", {}).get("assignment", path.parent.name)
        expected = self._expected_notebooks(self.parent.coursedir.db_url, assignment)
        intake = resolve(path.parent, path.stem, expected)
        if intake.problem:
            intake.nb.metadata[INTAKE_MARK] = {"problem": intake.problem, "stand_in": intake.stand_in,
                                               "graded_file": intake.graded_file.name if intake.graded_file else None}
            self.log.warning("Needs attention: %s: %s", path.parent, intake.problem)
        resources = resources if resources is not None else {}
        stamp = (intake.graded_file or path.parent).stat().st_mtime
        resources.setdefault("metadata", {}).update({
            "name": path.stem, "path": str(path.parent),
            "modified_date": datetime.datetime.fromtimestamp(stamp, tz=datetime.timezone.utc).strftime("%B %d, %Y")})
        return self.from_notebook_node(intake.nb, resources, **kw)


def not_judged(nb: Any) -> list[str]:
    """Grade ids of the grade cells the Judge marked as not judged (a grader error: 0 points, not the learner's doing)."""
    from course.judge.engine import grade_cells
    from course.nbgrader.judge import JUDGE_MARK
    return [cell["metadata"]["nbgrader"]["grade_id"] for cell in grade_cells(nb)
            if cell.get("metadata", {}).get(JUDGE_MARK, {}).get("judged") is False]


class FlagNeedsAttention(NbGraderPreprocessor):
    """After SaveAutoGrades: "needs manual grading" on every grade of a submission intake had to repair, and on
    each grade the Judge could not judge (a grader error), so formgrader shows a person what to look at."""

    enabled = Bool(True, help="Always on: otherwise a repaired submission looks like an ordinary one.").tag(config=True)

    def preprocess(self, nb, resources):
        mark = nb.metadata.get(INTAKE_MARK)
        faults = not_judged(nb)
        if not mark and not faults:
            return nb, resources
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gb:
            submitted = gb.find_submission_notebook(info["notebook"], info["assignment"], info["student"])
            for grade in submitted.grades:
                if mark or grade.name in faults:
                    grade.needs_manual_grade = True
            gb.db.commit()
        if mark:
            self.log.warning("%s / %s flagged for a grader: %s", info["student"], info["assignment"], mark.get("problem"))
        if faults:
            self.log.warning("%s / %s flagged for a grader: not graded (grader error): %s", info["student"],
                             info["assignment"], ", ".join(faults))
        return nb, resources


def intake_mark(nb: Any) -> dict | None:
    """What intake recorded on a graded notebook (problem, stand_in, graded_file), if it flagged it."""
    mark = nb.get("metadata", {}).get(INTAKE_MARK)
    return mark if isinstance(mark, dict) else None


def intake_problem(nb: Any) -> str | None:
    """The reason intake flagged a graded notebook, if it did."""
    return (intake_mark(nb) or {}).get("problem")
