"""Restore the nbgrader flags of a submitted notebook from the gradebook, before nbgrader checks them.

A learner can edit any cell's metadata. nbgrader 0.9.6's sanitize step restores a locked cell's source
but trusts its flags, so one flipped flag drops the whole submission with no grade at all ("Removing
failed assignment") — measured here:
- "solution": true or "grade": false on a locked grade cell: `OverwriteCells` restores the source, the
  checksum (which covers the flags) still differs, "RuntimeError: Inconsistent checksums".
- a copy of a locked cell (an ordinary copy and paste) or a cell with nbgrader metadata but no known
  grade_id: `DeduplicateIds` / `OverwriteCells` leave nbgrader metadata without a grade_id, and
  `OverwriteCells.add_missing_task_cells` (on with `add_missing_cells`) raises KeyError 'grade_id'.

`RestoreCellFlags` runs right after `ClearOutput` in `Autograde.sanitize_preprocessors` (before
`DeduplicateIds` and `OverwriteCells`; see grading/nbgrader_config.py). For each cell whose grade_id is a
cell of the source notebook in the gradebook it rewrites the whole nbgrader metadata from the gradebook
(grade, solution, task, locked, points, cell type, checksum), so `OverwriteCells` can then restore the
locked source and the checksums agree. Every other cell that carries nbgrader metadata (an unknown or
missing grade_id, or an earlier copy of a known one: the last copy is kept, as `DeduplicateIds` does)
loses it, so a learner cannot inject a grade or answer cell nor give points to one. Each change is logged.
"""
from __future__ import annotations

import nbformat
from nbgrader.api import Gradebook
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool

SCHEMA_VERSION = 3   # nbgrader 0.9.6 cell metadata schema


class RestoreCellFlags(NbGraderPreprocessor):
    """nbgrader cell metadata comes from the gradebook, never from the submission."""

    enabled = Bool(True, help="Always on: without it a flipped flag loses the whole submission's grade.").tag(
        config=True)

    @staticmethod
    def expected_metadata(source_nb) -> dict[str, dict]:
        """{grade_id: nbgrader metadata} as generate_assignment wrote it, from a gradebook Notebook."""
        grades = {c.name: c.max_score for c in source_nb.grade_cells}
        tasks = {c.name: c.max_score for c in source_nb.task_cells}
        solutions = {c.name for c in source_nb.solution_cells}
        expected = {}
        for src in source_nb.source_cells:
            meta = {"schema_version": SCHEMA_VERSION, "grade": src.name in grades, "solution": src.name in solutions,
                    "task": src.name in tasks, "locked": bool(src.locked), "grade_id": src.name,
                    "cell_type": src.cell_type}
            if src.checksum:
                meta["checksum"] = src.checksum
            points = grades.get(src.name, tasks.get(src.name))
            if points is not None:
                meta["points"] = points
            expected[src.name] = meta
        return expected

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gb:
            expected = self.expected_metadata(gb.find_notebook(info["notebook"], info["assignment"]))
        seen: set[str] = set()
        for index in range(len(nb.cells) - 1, -1, -1):      # backwards: the last copy of an id is kept
            metadata = nb.cells[index].setdefault("metadata", {})
            if "nbgrader" not in metadata:
                continue
            submitted = metadata["nbgrader"]
            grade_id = submitted.get("grade_id") if isinstance(submitted, dict) else None
            known = isinstance(grade_id, str) and grade_id in expected
            if not known or grade_id in seen:
                why = "an earlier copy of a cell" if known else "no such cell in the assignment"
                self.log.warning("Cell %d: nbgrader metadata removed (%s; grade_id %r): %r",
                                 index, why, grade_id, submitted)
                del metadata["nbgrader"]
                continue
            seen.add(grade_id)
            if submitted != expected[grade_id]:
                self.log.warning("Cell %r: nbgrader metadata restored from the gradebook (submitted: %r)",
                                 grade_id, submitted)
                metadata["nbgrader"] = dict(expected[grade_id])
        return nb, resources


class RestoreMissingCells(NbGraderPreprocessor):
    """Answer and grade cells missing from a submission are put back from the gradebook, in order.

    nbgrader's `OverwriteCells.add_missing_cells` re-adds a missing grade cell after the source cell that
    precedes it, and raises KeyError when that cell is missing too (measured on 0.9.6: a learner who deletes
    an answer cell together with its score cell loses the whole submission). Runs after RestoreCellFlags
    (so every remaining grade id is genuine and unique) and before OverwriteCells. A restored answer cell
    holds the released stub, so it scores 0 ("no answer yet"); a restored grade cell is judged as usual.
    """

    enabled = Bool(True, help="Always on: a deleted answer cell would otherwise drop the submission.").tag(config=True)

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gb:
            source_nb = gb.find_notebook(info["notebook"], info["assignment"])
            expected = RestoreCellFlags.expected_metadata(source_nb)
            needed = {c.name for c in source_nb.grade_cells} | {c.name for c in source_nb.solution_cells}
            order = [(c.name, c.cell_type, c.source) for c in source_nb.source_cells]
        position = -1          # where the last source cell seen so far sits in the submission
        for grade_id, cell_type, source in order:
            present = next((i for i, cell in enumerate(nb.cells)
                            if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id), None)
            if present is not None:
                position = present
                continue
            if grade_id not in needed:
                continue
            make = nbformat.v4.new_code_cell if cell_type == "code" else nbformat.v4.new_markdown_cell
            cell = make(source)
            cell.metadata["nbgrader"] = dict(expected[grade_id])
            position += 1
            nb.cells.insert(position, cell)
            self.log.warning("Cell %r was missing from the submission: restored from the gradebook", grade_id)
        return nb, resources
