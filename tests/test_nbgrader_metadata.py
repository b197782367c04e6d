"""CheckSchemaOnce (course/nbgrader/metadata.py) gives nbgrader's CheckCellMetadata verdict on every notebook,
valid or damaged, while nbgrader's schema is checked once per process instead of once per cell."""
from __future__ import annotations

import copy
import logging

import jsonschema
import nbformat
from nbgrader.nbgraderformat import MetadataValidator as NbgraderValidator
from nbgrader.preprocessors import CheckCellMetadata
import pytest

from course.nbgrader import metadata
from course.paths import MODULES_DIR


def released(module: str = "00-start-here"):
    return nbformat.read(str(next((MODULES_DIR / module).glob("*.ipynb"))), as_version=4)


def _grade_cell(nb):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade"))


def _answer_cell(nb):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution"))


def _set(field, value, cell=_grade_cell):
    def damage(nb):
        cell(nb).metadata["nbgrader"][field] = value
    return damage


def _drop(field, cell=_grade_cell):
    def damage(nb):
        del cell(nb).metadata["nbgrader"][field]
    return damage


def _duplicate_id(nb):
    first, second = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")][:2]
    second.metadata["nbgrader"]["grade_id"] = first.metadata["nbgrader"]["grade_id"]


def _markdown_answer(nb):
    _answer_cell(nb).cell_type = "markdown"


def _code_instructions(nb):
    next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("locked") and c.cell_type == "markdown"
         and not c.metadata["nbgrader"].get("grade")).cell_type = "code"


DAMAGE = {
    "as released": lambda nb: None,
    "points as text": _set("points", "2"),
    "points negative": _set("points", -1),
    "locked as text": _set("locked", "yes"),
    "grade id as a number": _set("grade_id", 7),
    "grade id empty": _set("grade_id", ""),
    "grade id missing": _drop("grade_id"),
    "points missing": _drop("points"),
    "schema too old": _set("schema_version", 2),
    "schema too new": _set("schema_version", 4),
    "an unknown key": _set("bonus", 50),
    "an answer cell made markdown": _markdown_answer,
    "a locked instruction cell made code": _code_instructions,   # nbgrader warns and accepts it
    "a duplicated grade id": _duplicate_id,
}


def outcome(check, nb) -> tuple[str, str] | None:
    """None if the notebook passes, else (the error's class, its message)."""
    try:
        check(nb)
    except Exception as exc:   # noqa: BLE001 - the class and text are what is compared
        return type(exc).__name__, str(exc)
    return None


@pytest.mark.parametrize("case", DAMAGE)
def test_same_verdict_as_nbgraders_validator(case):
    nb = released()
    DAMAGE[case](nb)
    ours = outcome(metadata.MetadataValidator().validate_nb, copy.deepcopy(nb))
    theirs = outcome(NbgraderValidator().validate_nb, copy.deepcopy(nb))
    assert ours == theirs
    assert (ours is None) == (case in ("as released", "a locked instruction cell made code")), ours


@pytest.mark.parametrize("case", DAMAGE)
def test_same_verdict_as_nbgraders_preprocessor(case, caplog):
    nb = released("01-concurrent-writes")
    DAMAGE[case](nb)
    with caplog.at_level(logging.ERROR):
        ours = outcome(lambda n: metadata.CheckSchemaOnce().preprocess(n, {}), copy.deepcopy(nb))
        logged_ours = [r.getMessage() for r in caplog.records][-1:]
        caplog.clear()
        theirs = outcome(lambda n: CheckCellMetadata().preprocess(n, {}), copy.deepcopy(nb))
        logged_theirs = [r.getMessage() for r in caplog.records][-1:]
    assert ours == theirs
    assert logged_ours == logged_theirs


def test_the_schema_is_checked_once_for_many_notebooks(monkeypatch):
    validator_class = jsonschema.validators.validator_for(NbgraderValidator().schema)
    calls = []
    real = validator_class.check_schema

    def counted(schema, *args, **kwargs):
        calls.append(1)
        return real(schema, *args, **kwargs)

    monkeypatch.setattr(metadata, "_VALIDATORS", {})
    monkeypatch.setattr(validator_class, "check_schema", staticmethod(counted))
    cells = 0
    for module in ("00-start-here", "01-concurrent-writes"):
        for _ in range(3):
            nb = released(module)
            metadata.CheckSchemaOnce().preprocess(nb, {})
            cells += sum("nbgrader" in c.metadata for c in nb.cells)
    assert cells > 50 and len(calls) == 1
    NbgraderValidator().validate_nb(released())   # the count sees nbgrader's own checks too: one per cell
    assert len(calls) > 10
