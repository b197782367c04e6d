"""One reading of a notebook: which cell is each exercise's answer and grade cell (handbook 5.4).

Every reader goes through here, so they judge the same cells: `python -m course check`, the score cells'
check of the saved file (course.notebook), autograde's sanitize step (course.nbgrader.sanitize) and the
judge itself (`notebook_answers`). A learner can copy, move, relabel, delete or re-flag any cell, so:

- **Which copy counts** (`counted_cells`): of the cells whose nbgrader metadata carries one grade id, the
  LAST in notebook order. nbgrader 0.9.6's `DeduplicateIds` walks the cells backwards and strips every
  earlier copy, so this is the copy nbgrader itself keeps.
- **Flags come from the assignment** (`restore_flags`): the counted cell of a grade id the assignment has
  gets the assignment's nbgrader metadata (so a flipped flag or inflated points change nothing); every other
  cell with nbgrader metadata (an earlier copy, an unknown or missing grade id) loses it, so it is read as an
  ordinary cell.
- **Missing cells come back** (`restore_missing`): an answer or grade cell not in the notebook is put back
  as released (an answer cell as its stub, which scores 0), after the assignment cell that precedes it.

The assignment is what was released: from the gradebook during autograde, from the module's source notebook
in solutions/ for the learner-side readers (`assignment`); both are generated from the same source notebook.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
import re
from typing import Any, Callable

from course.answers import CODE_STUB
from course.paths import SOLUTIONS_DIR

# the flags that decide how a cell is read; a difference elsewhere (checksum, schema) is nbgrader bookkeeping
ROLE_FIELDS = ("grade", "solution", "task", "locked", "points", "grade_id")
_BEGIN, _END = "### BEGIN SOLUTION", "### END SOLUTION"


@dataclass(frozen=True)
class AssignmentCell:
    """One cell of the assignment as released: its nbgrader metadata, type and source."""
    grade_id: str
    metadata: dict[str, Any]
    cell_type: str
    source: str

    @property
    def needed(self) -> bool:
        """Answer and grade cells: the ones a submission must have to be read (others may go)."""
        return bool(self.metadata.get("grade") or self.metadata.get("solution"))


def _grade_id(cell: Any) -> str | None:
    meta = cell.get("metadata", {}).get("nbgrader")
    grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
    return grade_id if isinstance(grade_id, str) else None


def counted_cells(nb: Any) -> dict[str, int]:
    """{grade id: index of the cell that counts for it}: the last cell carrying it, as DeduplicateIds keeps.

    THE duplicate policy of the course: every reader of a notebook applies it through this function."""
    counted: dict[str, int] = {}
    for index, cell in enumerate(nb.cells):
        grade_id = _grade_id(cell)
        if grade_id is not None:
            counted[grade_id] = index
    return counted


def _has_role(meta: dict[str, Any]) -> bool:
    """Whether nbgrader keeps the cell in its gradebook (an answer, grade, task or locked cell). A cell with none
    of these (the catalog starter the learner rewrites) is an ordinary cell to nbgrader and to every reader."""
    return any(meta.get(flag) for flag in ("grade", "solution", "locked", "task"))


def _role(meta: Any) -> dict[str, Any]:
    return {k: meta.get(k) for k in ROLE_FIELDS} if isinstance(meta, dict) else {}


def restore_flags(nb: Any, assignment: list[AssignmentCell], note: Callable[[str], None]) -> None:
    """The counted cell of each assignment grade id gets the assignment's metadata; any other cell with
    nbgrader metadata loses it. `note` hears each change that alters how a cell is read (cells counted from 1)."""
    expected = {cell.grade_id: cell.metadata for cell in assignment}
    counted = counted_cells(nb)
    for index, cell in enumerate(nb.cells):
        metadata = cell.setdefault("metadata", {})
        if "nbgrader" not in metadata:
            continue
        submitted = metadata["nbgrader"]
        grade_id = _grade_id(cell)
        if grade_id not in expected and isinstance(submitted, dict) and not _has_role(submitted):
            # a cell with no role (the catalog starter, which nbgrader's gradebook does not keep): it is read
            # as an ordinary cell with or without the metadata, so nothing to tell
            del metadata["nbgrader"]
            continue
        if grade_id not in expected or counted[grade_id] != index:
            why = (f"an earlier copy of {grade_id!r}: the cell that counts is cell {counted[grade_id] + 1}"
                   if grade_id in expected else f"grade id {grade_id!r} is not a cell of the assignment")
            note(f"cell {index + 1}: read as an ordinary cell ({why})")
            del metadata["nbgrader"]
            continue
        if submitted != expected[grade_id]:
            if _role(submitted) != _role(expected[grade_id]):
                note(f"cell {index + 1}: the flags of {grade_id!r} were changed; read with the assignment's "
                     f"(submitted: {_role(submitted)!r})")
            metadata["nbgrader"] = dict(expected[grade_id])


def restore_missing(nb: Any, assignment: list[AssignmentCell], note: Callable[[str], None]) -> None:
    """Answer and grade cells missing from `nb` are put back as released, after the assignment cell that
    precedes them (run after restore_flags: every remaining grade id is then genuine and unique)."""
    position = -1          # where the last assignment cell seen so far sits in the notebook
    for source in assignment:
        present = counted_cells(nb).get(source.grade_id)
        if present is not None:
            position = present
            continue
        if not source.needed:
            continue
        import nbformat   # here, not at the top: it costs about 1 s to import (handbook 10), which score() skips
        make = nbformat.v4.new_code_cell if source.cell_type == "code" else nbformat.v4.new_markdown_cell
        cell = make(source.source)
        cell.metadata["nbgrader"] = dict(source.metadata)
        position += 1
        nb.cells.insert(position, cell)
        note(f"cell {source.grade_id!r} is missing: read as released"
             + (" (no answer)" if source.metadata.get("solution") else ""))


def sanitize(nb: Any, assignment: list[AssignmentCell] | None, note: Callable[[str], None] = lambda _: None) -> Any:
    """`nb` read as autograde's sanitize step reads it (flags, then missing cells); changes `nb` in place.
    Without an assignment only the duplicate policy applies (in `notebook_answers`)."""
    if assignment:
        restore_flags(nb, assignment, note)
        restore_missing(nb, assignment, note)
    return nb


def notebook_answers(nb: Any) -> tuple[list[str], dict[str, str]]:
    """What the judge reads from a notebook: its grade cells' ids, in order, and each answer cell's source by
    grade id (the cell that counts, `counted_cells`). Nothing else in the notebook affects a verdict."""
    grade_ids: list[str] = []
    answers: dict[str, str] = {}
    for grade_id, index in sorted(counted_cells(nb).items(), key=lambda item: item[1]):
        meta = nb.cells[index]["metadata"]["nbgrader"]
        if meta.get("grade") and not meta.get("solution"):
            grade_ids.append(grade_id)
        elif meta.get("solution") and not meta.get("grade"):
            answers[grade_id] = nb.cells[index].get("source", "")
    return grade_ids, answers


def released_source(source: str) -> str:
    """An answer cell's text as generate_assignment releases it (nbgrader's ClearSolutions): each solution region
    replaced by the stub, indented like its BEGIN line; without a region, the whole cell is the stub
    (grading/nbgrader_config.py gives nbgrader the same CODE_STUB)."""
    out: list[str] = []
    inside = replaced = False
    for line in source.split("\n"):
        if _BEGIN in line:
            inside = replaced = True
            indent = re.match(r"\s*", line).group(0)
            out.extend(indent + stub for stub in CODE_STUB.split("\n"))
        elif _END in line:
            inside = False
        elif not inside:
            out.append(line)
    return "\n".join(out) if replaced else CODE_STUB


def assignment(module: str) -> list[AssignmentCell] | None:
    """The module's assignment as released, from its source notebook in solutions/ (None without one): the cells
    nbgrader's gradebook keeps, so the learner-side reading is autograde's."""
    notebooks = sorted((SOLUTIONS_DIR / module).glob("*.ipynb")) if module else []
    if not notebooks:
        return None
    import nbformat
    nb = nbformat.read(str(notebooks[0]), as_version=4)
    cells = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader")
        if isinstance(meta, dict) and isinstance(meta.get("grade_id"), str) and _has_role(meta):
            source = released_source(cell.source) if meta.get("solution") else cell.source
            cells.append(AssignmentCell(meta["grade_id"], {**meta, "cell_type": cell.cell_type}, cell.cell_type, source))
    return cells


def read_saved(path: Path, module: str) -> tuple[list[str], dict[str, str]]:
    """`notebook_answers` of a saved notebook file, read through `sanitize` with the module's assignment."""
    import nbformat
    nb = nbformat.read(str(path), as_version=4)
    return notebook_answers(sanitize(nb, assignment(module)))
