"""course.nbgrader.intake (`Autograde.exporter_class`): every submission gets a notebook to grade.

Each rule on its own, without nbgrader runs; tests/test_autograde_e2e.py shows it in real nbgrader.
"""
from __future__ import annotations

import copy
from pathlib import Path

import nbformat
import pytest

from course.nbgrader.intake import INTAKE_MARK, resolve
from course.paths import MODULES_DIR

MODULE = "01-concurrent-writes"
NOTEBOOK = f"{MODULE}.ipynb"
RELEASE = nbformat.read(str(MODULES_DIR / MODULE / NOTEBOOK), as_version=4)


def _write(folder: Path, name: str, text: str | bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(text if isinstance(text, bytes) else text.encode())


@pytest.mark.parametrize("content, reason", [
    ('{"cells": [', "is not valid JSON"),
    (b"\xff\xfe{}", "is not UTF-8 text"),
    ('{"cells": 3}', "is not a Jupyter notebook"),
    ("[]", "is not a Jupyter notebook"),
])
def test_an_unreadable_notebook_is_replaced_by_a_note(tmp_path, content, reason):
    _write(tmp_path, NOTEBOOK, content)
    intake = resolve(tmp_path, MODULE, [MODULE])
    assert reason in intake.problem and intake.graded_file == tmp_path / NOTEBOOK and intake.stand_in
    assert [c.cell_type for c in intake.nb.cells] == ["markdown"] and reason in intake.nb.cells[0].source
    assert not any("nbgrader" in c.metadata for c in intake.nb.cells)    # nothing to grade but what nbgrader restores
    assert (tmp_path / NOTEBOOK).read_bytes() == (content if isinstance(content, bytes) else content.encode())


def test_a_sole_misnamed_notebook_is_graded_in_place_of_the_missing_one(tmp_path):
    _write(tmp_path, "Untitled.ipynb", nbformat.writes(RELEASE))
    intake = resolve(tmp_path, MODULE, [MODULE])
    assert intake.graded_file == tmp_path / "Untitled.ipynb" and not intake.stand_in
    assert "submitted as 'Untitled.ipynb' instead of '01-concurrent-writes.ipynb'" in intake.problem
    assert len(intake.nb.cells) == len(RELEASE.cells) + 1 and "Note from the grader" in intake.nb.cells[0].source


@pytest.mark.parametrize("files, reason", [
    ([], "no notebook named '01-concurrent-writes.ipynb' in the submission"),
    (["a.ipynb", "b.ipynb"], "found 'a.ipynb', 'b.ipynb'"),
])
def test_no_guessing_between_several_notebooks_or_none(tmp_path, files, reason):
    for name in files:
        _write(tmp_path, name, nbformat.writes(RELEASE))
    tmp_path.mkdir(exist_ok=True)
    intake = resolve(tmp_path, MODULE, [MODULE])
    assert reason in intake.problem and intake.graded_file is None and intake.stand_in


def test_an_ordinary_submission_passes_through_and_cannot_flag_itself(tmp_path):
    nb = copy.deepcopy(RELEASE)
    nb.metadata[INTAKE_MARK] = {"problem": "forged"}
    _write(tmp_path, NOTEBOOK, nbformat.writes(nb))
    intake = resolve(tmp_path, MODULE, [MODULE])
    assert intake.problem is None and INTAKE_MARK not in intake.nb.metadata
    assert len(intake.nb.cells) == len(RELEASE.cells)
