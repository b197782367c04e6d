"""The answer-cell magics in a real IPython shell: a mistyped scenario is one line, never a traceback."""
import re

from IPython.core.error import UsageError
import pytest

from course.authoring.build import module_names
from course.notebook.magics import _scenario
from course.paths import MODULES_DIR
from course.scenarios import all_scenarios
from nbgrader_course import solution_answers

KNOWN = "Known: " + ", ".join(sorted(all_scenarios())) + "."   # every registered scenario, whoever added it


@pytest.mark.parametrize("line, expected", [("oversel", "Did you mean 'oversell'?"), ("", KNOWN)])
def test_unknown_scenario_is_a_usage_message(line, expected):
    assert "oversell" in KNOWN and "warmup" in KNOWN
    with pytest.raises(UsageError, match=re.escape(expected)):
        _scenario(line)


def test_known_scenario_and_extra_words():
    assert _scenario(" oversell  # my tests").name == "oversell"


def test_in_a_shell_the_learner_sees_no_traceback(capsys):
    from conftest import ipython_shell
    ip = ipython_shell()
    ip.run_line_magic("load_ext", "course.notebook")
    result = ip.run_cell("%%findings webhok\n[]\n")
    out = capsys.readouterr()
    assert not result.success
    assert "Did you mean 'webhook'?" in out.out + out.err
    assert "Traceback" not in out.out + out.err


@pytest.fixture(autouse=True)
def own_answer_store(monkeypatch):
    """Answers and fixes these tests run stay here: later tests' experiments read the store."""
    from course.notebook import answer_store
    monkeypatch.setattr(answer_store, "_ANSWERS", {})
    monkeypatch.setattr(answer_store, "_FIX_MODULES", {})


FIX_CELLS = [(module, cell) for module in module_names() for cell in solution_answers(module) if cell.endswith("_fix")]


@pytest.mark.parametrize("module, cell", FIX_CELLS)
def test_every_solution_fix_loads_in_the_learners_kernel(module, cell, monkeypatch, capsys):
    """Run as the learner runs it, from the learner's module folder. exec into a bare ModuleType once
    broke every fix with a @dataclass (dataclasses look their module up in sys.modules)."""
    import sys
    from conftest import ipython_shell
    from course.notebook import answer_store
    folder = MODULES_DIR / module
    monkeypatch.chdir(folder)
    monkeypatch.syspath_prepend(str(folder))     # the house package of module 04, as in the learner's kernel
    before = set(sys.modules)
    try:
        ip = ipython_shell()   # the shared test shell
        ip.run_line_magic("load_ext", "course.notebook")
        result = ip.run_cell(solution_answers(module)[cell])
    finally:   # what the fix imported from the module folder (house) is not left for later tests
        for name in set(sys.modules) - before:
            if str(getattr(sys.modules[name], "__file__", None) or "").startswith(str(folder)):
                del sys.modules[name]
    out = capsys.readouterr().out
    assert result.success and "compiles and loads" in out, out
    assert answer_store.fix_module(cell[: -len("_fix")]) is not None


def test_a_fix_that_raises_while_loading_is_one_line(monkeypatch):
    from conftest import ipython_shell
    import course.notebook.magics
    shown = []
    monkeypatch.setattr(course.notebook.magics, "display", shown.append)
    ip = ipython_shell()   # the shared test shell
    ip.run_line_magic("load_ext", "course.notebook")
    result = ip.run_cell("%%fix nplusone\nraise RuntimeError('half-pasted')\n")
    assert result.success and [m.data for m in shown] == ["**Your fix fails when loaded:** `RuntimeError: half-pasted`"]
