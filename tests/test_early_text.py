"""Nothing a module says or prints before its findings step names a flaw still to be found (handbook 3).

Two checks per module: the notebook's own text (markdown, and the code of cells that are not answers) before
the main findings cell; and, for the live experiments that print a table or a sentence before it, the output
of those very cells, run for real through the kit they call (module 01 once printed "16 of 18 interleavings
oversell the last lamp" there, a verdict the findings step then asks the learner for).
"""
from __future__ import annotations

import ast
import contextlib
import importlib
import io
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from course.notebook.tables import wrapped

SOLUTIONS = Path(__file__).resolve().parent.parent / "solutions"

# module: (the findings cell, words that name a flaw of its code in the text before it)
TEXT_GIVEAWAYS = {
    "01-concurrent-writes": ("oversell_findings", ("rollback", "negative", "come and go", "nearly every buyer",
                                                   "interleavings oversell")),
    "04-house-patterns": ("refund_findings", ("tenant leak", "rounds differently", "retries without end",
                                              "bypasses or re-invents", "leaked rows", "no timeout")),
}

# module: (the experiment module the notebook imports, cells run for real, words their output must not say)
RUN_GIVEAWAYS = {
    "01-concurrent-writes": ("course.scenarios.oversell.experiment", ("interleavings",),
                             ("oversell", "oversold", "not there", "below zero")),
    "04-house-patterns": ("course.scenarios.refund.experiment", ("live-leaks", "live-retries"),
                          ("leak", "other tenants", "no timeout", "error answer", "half cent")),
}


def notebook(module: str) -> nbformat.NotebookNode:
    return nbformat.read(str(next((SOLUTIONS / module).glob("*.ipynb"))), as_version=4)


def before(nb: nbformat.NotebookNode, cell_id: str) -> list[nbformat.NotebookNode]:
    """The cells before `cell_id` that the course wrote (answer cells are the learner's, with the key's text)."""
    ids = [c.id for c in nb.cells]
    return [c for c in nb.cells[:ids.index(cell_id)] if not c.metadata.get("nbgrader", {}).get("solution")]


def shown(value: object) -> str:
    """What a displayed value reads as in the notebook."""
    data = getattr(value, "data", value)             # a Styler's table
    return data.to_string() if isinstance(data, pd.DataFrame) else str(value)


def run_cell(source: str, experiment: object) -> str:
    """Run one notebook cell's code in-process with the names its setup cell gives; what it printed and showed."""
    out, displayed = io.StringIO(), []
    names = {"experiment": experiment, "wrapped": wrapped, "display": displayed.append, "live_enabled": lambda: True}
    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    with contextlib.redirect_stdout(out):
        exec(compile(tree, "<cell>", "exec"), names)
        if last is not None:                                       # the cell's value is shown too
            displayed.append(eval(compile(ast.Expression(last.value), "<cell>", "eval"), names))
    return out.getvalue() + "\n".join(shown(v) for v in displayed if v is not None)


@pytest.mark.parametrize("module", sorted(TEXT_GIVEAWAYS))
def test_no_flaw_is_named_in_the_text_before_the_findings(module: str) -> None:
    step, words = TEXT_GIVEAWAYS[module]
    for cell in before(notebook(module), step):
        for word in words:
            assert word not in cell.source.lower(), (module, cell.id, word)


@pytest.mark.parametrize("module", sorted(RUN_GIVEAWAYS))
def test_live_cells_before_the_findings_print_observations_not_verdicts(module: str, monkeypatch) -> None:
    from course.notebook import answer_store
    monkeypatch.setattr(answer_store, "_ANSWERS", {})         # no fix of the learner's: the assistant's code alone
    name, cell_ids, words = RUN_GIVEAWAYS[module]
    nb = notebook(module)
    findings = TEXT_GIVEAWAYS[module][0]
    cells = {c.id: c for c in before(nb, findings)}
    experiment = importlib.import_module(name)
    for cell_id in cell_ids:
        printed = run_cell(cells[cell_id].source, experiment)
        assert len(printed) > 100, (cell_id, printed)              # it ran and showed a table
        for word in words:
            assert word not in printed.lower(), (module, cell_id, word, printed)


def test_module_01_interleavings_show_the_raw_endings() -> None:
    from course.scenarios.oversell import experiment
    endings = experiment.endings(experiment.interleavings())
    assert list(endings.columns) == ["final_stock", "orders", "interleavings"]
    assert endings.interleavings.sum() == 18
    # the numbers the learner interprets are all there: 16 worlds end below the one lamp there was
    assert endings[endings.final_stock < 0].interleavings.sum() == 16
