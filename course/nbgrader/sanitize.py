"""Restore the nbgrader flags of a submitted notebook from the gradebook, before nbgrader checks them.

A learner can edit any cell's metadata. nbgrader 0.9.6's sanitize step restores a locked cell's source
but trusts its flags, so one flipped flag drops the whole submission with no grade at all ("Removing
failed assignment") — measured here:
- "solution": true or "grade": false on a locked grade cell: `OverwriteCells` restores the source, the
  checksum (which covers the flags) still differs, "RuntimeError: Inconsistent checksums".
- a copy of a locked cell (an ordinary copy and paste) or a cell with nbgrader metadata but no known
  grade_id: `DeduplicateIds` / `OverwriteCells` leave nbgrader metadata without a grade_id, and
  `OverwriteCells.add_missing_task_cells` (on with `add_missing_cells`) raises KeyError 'grade_id'.
- a deleted answer cell together with its score cell: `OverwriteCells.add_missing_cells` re-adds a missing
  grade cell after the source cell that precedes it, and raises KeyError when that cell is missing too.

`RestoreCellFlags` then `RestoreMissingCells` run right after `ClearOutput` in
`Autograde.sanitize_preprocessors` (before `DeduplicateIds` and `OverwriteCells`; see
grading/nbgrader_config.py). Both apply course.judge.reading (`restore_flags`, `restore_missing`), the one
reading of a notebook that `python -m course check` and the score cells use too, with the assignment taken
from the gradebook: the cell that counts for a grade id (the last copy, as `DeduplicateIds` keeps) gets the
gradebook's metadata, every other cell with nbgrader metadata loses it, and missing answer and grade cells
come back as released. Each change is logged.
"""
from __future__ import annotations

from nbgrader.api import Gradebook
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool

from course.judge.reading import AssignmentCell, restore_flags, restore_missing

SCHEMA_VERSION = 3   # nbgrader 0.9.6 cell metadata schema


_CELLS_KEY = "course_assignment_cells"   # in one notebook's resources: (db_url, assignment, notebook), its cells


def gradebook_assignment(resources) -> list[AssignmentCell]:
    """The submitted notebook's assignment cells, as generate_assignment recorded them in the gradebook.

    Read once per notebook's conversion (RestoreCellFlags and RestoreMissingCells both need them): kept in the
    notebook's own resources, which nbgrader makes afresh for every notebook, under the gradebook, assignment and
    notebook they were read for. Callers get their own list; the cells themselves are never changed."""
    info = resources["nbgrader"]
    where = (info["db_url"], info["assignment"], info["notebook"])
    kept = resources.get(_CELLS_KEY)
    if kept is not None and kept[0] == where:
        return list(kept[1])
    cells = _read_assignment(info)
    resources[_CELLS_KEY] = (where, tuple(cells))
    return cells


def _read_assignment(info: dict) -> list[AssignmentCell]:
    with Gradebook(info["db_url"]) as gb:
        source_nb = gb.find_notebook(info["notebook"], info["assignment"])
        grades = {c.name: c.max_score for c in source_nb.grade_cells}
        tasks = {c.name: c.max_score for c in source_nb.task_cells}
        solutions = {c.name for c in source_nb.solution_cells}
        cells = []
        for src in source_nb.source_cells:
            meta = {"schema_version": SCHEMA_VERSION, "grade": src.name in grades, "solution": src.name in solutions,
                    "task": src.name in tasks, "locked": bool(src.locked), "grade_id": src.name,
                    "cell_type": src.cell_type}
            if src.checksum:
                meta["checksum"] = src.checksum
            points = grades.get(src.name, tasks.get(src.name))
            if points is not None:
                meta["points"] = points
            cells.append(AssignmentCell(src.name, meta, src.cell_type, src.source))
    return cells


class RestoreCellFlags(NbGraderPreprocessor):
    """nbgrader cell metadata comes from the gradebook, never from the submission."""

    enabled = Bool(True, help="Always on: without it a flipped flag loses the whole submission's grade.").tag(
        config=True)

    def preprocess(self, nb, resources):
        restore_flags(nb, gradebook_assignment(resources), self.log.warning)
        return nb, resources


class RestoreMissingCells(NbGraderPreprocessor):
    """Answer and grade cells missing from a submission are put back from the gradebook, in order.

    A restored answer cell holds the released stub, so it scores 0 ("no answer yet"); a restored grade cell
    is judged as usual.
    """

    enabled = Bool(True, help="Always on: a deleted answer cell would otherwise drop the submission.").tag(config=True)

    def preprocess(self, nb, resources):
        restore_missing(nb, gradebook_assignment(resources), self.log.warning)
        return nb, resources
