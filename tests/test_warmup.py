"""Module 00's warm-up scenario: snippet, key, fixtures and notebook agree with each other.

Every suite is run the way the grader runs it: a separate pytest process with plugin autoloading
off, the scenario's fixtures plugin loaded with -p, and the implementation copied to `sales.py`
beside the test file.
"""
from __future__ import annotations

import json
from pathlib import Path
import re

import pytest

from course import scenarios
from course.judge import exercises  # not `from ... import TestsExercise`: pytest would try to collect it
from course.judge.exercises import load_module_key
import fixture_probe
from scenario_runs import outcomes as scenario_outcomes
from course.paths import REPO_ROOT, SOLUTIONS_DIR, module_keys_dir

MODULE = "00-start-here"
SNIPPET = SOLUTIONS_DIR / MODULE / "sales.py"
NOTEBOOK = SOLUTIONS_DIR / MODULE / f"{MODULE}.ipynb"
KEY_DIR = module_keys_dir(MODULE) / "warmup"
ASSISTANT_TESTS = REPO_ROOT / "course" / "scenarios" / "warmup" / "assistant_tests.py"

KEY = load_module_key(MODULE)
TESTS_EX = KEY["warmup_tests"]
FINDINGS_EX = KEY["warmup_findings"]
FIX_EX = KEY["warmup_fix"]


# ---------------------------------------------------------------- helpers

def run_suite(impl: Path, test_source: str) -> dict[str, str]:
    """Outcome per test function of one grader-style run (the course's sandboxed runner)."""
    return scenario_outcomes("warmup", impl, test_source)


def notebook() -> dict:
    return json.loads(NOTEBOOK.read_text())


def answer_cell(grade_id: str) -> str:
    for cell in notebook()["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == grade_id:
            return "".join(cell["source"])
    raise AssertionError(f"no cell with grade_id {grade_id}")


def solution(grade_id: str) -> str:
    """The text between ### BEGIN SOLUTION and ### END SOLUTION in an answer cell."""
    m = re.search(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", answer_cell(grade_id), re.S)
    assert m, f"{grade_id} has no solution region"
    return m.group(1)


def markdown_python_blocks() -> list[str]:
    blocks = []
    for cell in notebook()["cells"]:
        if cell["cell_type"] == "markdown":
            blocks += re.findall(r"```python\n(.*?)```", "".join(cell["source"]), re.S)
    return blocks


def worked_examples() -> str:
    """The notebook's worked example test and its false-alarm example, as one test file."""
    tests = [b for b in markdown_python_blocks() if b.lstrip().startswith("def test_")]
    assert len(tests) == 2, tests
    return "\n\n".join(tests)


def key_path(name: str) -> Path:
    return KEY_DIR / name


REFERENCE_TESTS = solution("warmup_tests")
HIDDEN_TESTS = key_path(FIX_EX.hidden_tests).read_text()


# ---------------------------------------------------------------- scenario and key

def test_scenario_points_at_the_snippet():
    sc = scenarios.get("warmup")
    assert (sc.module, sc.import_name, sc.snippet) == (MODULE, "sales", "sales.py")
    assert sc.snippet_path() .read_text() == SNIPPET.read_text()
    assert sc.fixtures == "course.scenarios.warmup.fixtures"
    assert sc.assistant_tests == ASSISTANT_TESTS


def test_key_has_the_three_exercises():
    assert isinstance(TESTS_EX, exercises.TestsExercise)
    assert isinstance(FINDINGS_EX, exercises.FindingsExercise)
    assert isinstance(FIX_EX, exercises.FixExercise)
    assert {ex.scenario for ex in KEY.values()} == {"warmup"}
    assert len(TESTS_EX.wheats) >= 2 and all(w.flaw is None for w in TESTS_EX.wheats)
    flaw_ids = {f.id for f in FINDINGS_EX.flaws}
    assert sorted(c.flaw for c in TESTS_EX.chaffs) == sorted(flaw_ids), "one chaff per keyed flaw"
    assert set(TESTS_EX.flaw_titles) == flaw_ids
    categories = [next(iter(f.categories)) for f in FINDINGS_EX.flaws]
    assert len(set(categories)) == 2, "the two flaws teach two different categories"
    for impl in TESTS_EX.wheats + TESTS_EX.chaffs:
        assert key_path(impl.path).is_file(), impl.path


def test_snippet_is_short_enough_to_read_in_30_seconds():
    assert 10 <= len(SNIPPET.read_text().splitlines()) <= 25


# Each keyed span must point at the code it is about (the key's numbers are 1-based, inclusive).
EXPECTED_SPANS = {
    "counts-unpaid": ['if order["status"] != "refunded"'],
    "empty-day-crash": ["/ len(totals)"],
}


def _span_text(lines: tuple[int, int]) -> str:
    src = SNIPPET.read_text().splitlines()
    first, last = lines
    assert 1 <= first <= last <= len(src)
    return "\n".join(src[first - 1:last])


@pytest.mark.parametrize("flaw", FINDINGS_EX.flaws, ids=lambda f: f.id)
def test_keyed_flaw_spans_contain_the_flawed_code(flaw):
    text = _span_text(flaw.lines)
    for needle in EXPECTED_SPANS[flaw.id]:
        assert needle in text, f"{flaw.id}: {needle!r} not in lines {flaw.lines}:\n{text}"


def test_decoy_span_is_the_rounding_line():
    assert FINDINGS_EX.decoys == ((14, 14),)
    assert "int(average + 0.5)" in _span_text(FINDINGS_EX.decoys[0])
    flawed = {n for f in FINDINGS_EX.flaws for n in range(f.lines[0], f.lines[1] + 1)}
    assert 14 not in flawed


# ---------------------------------------------------------------- tests exercise

def test_assistant_tests_pass_on_the_snippet():
    outcomes = run_suite(SNIPPET, ASSISTANT_TESTS.read_text())
    assert len(outcomes) == 3
    assert set(outcomes.values()) == {"passed"}, outcomes


@pytest.mark.parametrize("wheat", TESTS_EX.wheats, ids=lambda i: i.path)
def test_reference_and_worked_tests_pass_on_every_wheat(wheat):
    outcomes = run_suite(key_path(wheat.path), REFERENCE_TESTS)
    assert len(outcomes) == 2 and set(outcomes.values()) == {"passed"}, outcomes
    worked = run_suite(key_path(wheat.path), worked_examples())
    assert worked["test_refunded_orders_do_not_count"] == "passed"


@pytest.mark.parametrize("chaff", TESTS_EX.chaffs, ids=lambda i: i.path)
def test_reference_tests_catch_every_chaff(chaff):
    outcomes = run_suite(key_path(chaff.path), REFERENCE_TESTS)
    assert "failed" in outcomes.values(), outcomes
    assert "error" not in outcomes.values(), outcomes


def test_reference_tests_fail_on_the_snippet():
    """An execution witness: both reference tests fail on the assistant's code."""
    outcomes = run_suite(SNIPPET, REFERENCE_TESTS)
    assert set(outcomes.values()) == {"failed"}, outcomes


def test_the_notebooks_false_alarm_example_really_is_one():
    """The example over-specifies rounding: some correct version fails it, another passes it."""
    results = {w.path: run_suite(key_path(w.path), worked_examples())["test_rounds_half_up"] for w in TESTS_EX.wheats}
    assert "failed" in results.values() and "passed" in results.values(), results


def test_chaff_that_looks_like_the_fix_passes_the_empty_day_check():
    """The counts-unpaid chaff has the guard a hurried fix would add: only the status rule catches it."""
    chaff = next(c for c in TESTS_EX.chaffs if c.flaw == "counts-unpaid")
    outcomes = run_suite(key_path(chaff.path), REFERENCE_TESTS)
    assert outcomes == {"test_empty_day_is_zero": "passed", "test_only_paid_orders_count": "failed"}


# ---------------------------------------------------------------- fix exercise

def test_properties_name_every_hidden_test():
    names = re.findall(r"^def (test_\w+)\(", HIDDEN_TESTS, re.M)
    assert sorted(names) == sorted(FIX_EX.properties)


@pytest.mark.parametrize("impl", ["reference", "notebook"] + [w.path for w in TESTS_EX.wheats])
def test_hidden_fix_tests_pass_on_correct_code(impl, tmp_path):
    if impl == "reference":
        path = key_path(FIX_EX.reference)
    elif impl == "notebook":
        path = tmp_path / "fix.py"
        path.write_text(solution("warmup_fix"))
    else:
        path = key_path(impl)
    outcomes = run_suite(path, HIDDEN_TESTS)
    assert set(outcomes) == set(FIX_EX.properties)
    assert set(outcomes.values()) == {"passed"}, outcomes


def test_hidden_fix_tests_fail_on_the_snippet():
    outcomes = run_suite(SNIPPET, HIDDEN_TESTS)
    failed = {name for name, outcome in outcomes.items() if outcome == "failed"}
    assert failed == {"test_only_paid_orders_count", "test_empty_day_returns_zero",
                      "test_day_without_paid_orders_returns_zero"}, outcomes


@pytest.mark.parametrize("chaff", TESTS_EX.chaffs, ids=lambda i: i.path)
def test_hidden_fix_tests_fail_on_every_chaff(chaff):
    outcomes = run_suite(key_path(chaff.path), HIDDEN_TESTS)
    assert "failed" in outcomes.values(), outcomes


# ---------------------------------------------------------------- findings exercise

def test_reference_findings_score_full_marks():
    from course.judge.findings import match, parse_findings
    findings, problems = parse_findings(answer_cell("warmup_findings"))
    assert not problems
    verdict = match(findings, FINDINGS_EX, problems)
    assert verdict.fraction == 1.0 and not verdict.false_alarms


def test_flagging_the_decoy_or_the_whole_file_costs():
    from course.judge.findings import match, parse_findings
    decoy = '[{"lines": 14, "category": "edge-case", "why": "int() truncates"}]'
    whole = '[{"lines": (1, 14), "category": "edge-case", "why": "something here"}]'
    for answer in (decoy, whole):
        findings, problems = parse_findings(answer)
        verdict = match(findings, FINDINGS_EX, problems)
        assert verdict.fraction == 0.0 and verdict.false_alarms == [0]


def test_notebook_states_the_judges_span_cap_and_false_alarm_cost():
    from course.judge.findings import FALSE_ALARM_COST, MAX_SPAN
    text = "".join("".join(c["source"]) for c in notebook()["cells"] if c["cell_type"] == "markdown")
    assert f"wider than {MAX_SPAN} lines" in text
    assert FALSE_ALARM_COST == 0.5 and "costs half of what a found flaw earns" in text


# ---------------------------------------------------------------- notebook

def test_notebook_is_a_clean_nbgrader_source():
    import nbformat
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.display_name
    ids = [c.id for c in nb.cells]
    assert len(ids) == len(set(ids))
    grade_ids = [c.metadata.nbgrader.grade_id for c in nb.cells]
    assert len(grade_ids) == len(set(grade_ids))
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert first_code.source.startswith("%load_ext course.notebook\nfrom course.notebook import")


@pytest.mark.parametrize("exercise", ["warmup_tests", "warmup_findings", "warmup_fix"])
def test_answer_and_grade_cells(exercise):
    cells = notebook()["cells"]
    by_id = {c["metadata"]["nbgrader"]["grade_id"]: c for c in cells}
    answer = by_id[exercise]
    meta = answer["metadata"]["nbgrader"]
    assert (meta["solution"], meta["grade"], meta["locked"]) == (True, False, False)
    kind = exercise.split("_")[1]
    assert "".join(answer["source"]).startswith(f"%%{kind} warmup\n### BEGIN SOLUTION\n")
    grade = by_id[f"{exercise}_score"]
    gmeta = grade["metadata"]["nbgrader"]
    assert (gmeta["grade"], gmeta["locked"], gmeta["solution"], gmeta["points"]) == (True, True, False, 2)
    assert "".join(grade["source"]) == f'score("{exercise}")'
    assert cells.index(grade) == cells.index(answer) + 1
    assert exercise in KEY


def test_every_other_cell_is_locked():
    """Every cell but the answers, and the catalog starter the learner rewrites, is locked."""
    from course.notebook.catalog import STARTER_CELL
    answers = {"warmup_tests", "warmup_findings", "warmup_fix"}
    for cell in notebook()["cells"]:
        meta = cell["metadata"]["nbgrader"]
        if meta["grade_id"] in answers:
            continue
        if meta["grade_id"] == STARTER_CELL:
            assert not meta["locked"] and not meta["solution"] and not meta["grade"]
            continue
        assert meta["locked"] and not meta["solution"], meta["grade_id"]
        assert meta["grade"] == meta["grade_id"].endswith("_score"), meta["grade_id"]


def test_no_key_material_beside_the_notebook():
    files = sorted(p.name for p in (SOLUTIONS_DIR / MODULE).iterdir() if not p.name.startswith("."))
    assert files == [f"{MODULE}.ipynb", "sales.py"]
    nb_text = NOTEBOOK.read_text()
    for impl in TESTS_EX.wheats + TESTS_EX.chaffs:
        assert Path(impl.path).stem not in nb_text
    assert "def test_day_without_paid_orders_returns_zero" not in nb_text


# ---------------------------------------------------------------- the fixture hands out behaviour only

PROBE = fixture_probe.probe_suite(
    ["sales"], setup='    value = sales.average_order_value([{"total_cents": 100, "status": "paid"}])\n', made=["value"])


def _every_version() -> dict[str, Path]:
    impls = {"snippet": SNIPPET, "fix": key_path(FIX_EX.reference)}
    impls.update({impl.path: key_path(impl.path) for impl in TESTS_EX.wheats + TESTS_EX.chaffs})
    return impls


def test_probing_the_fixture_tells_no_version_apart():
    """dir()/hasattr()/type/repr of `sales` (and of what it holds) are the same for every version."""
    runs = {name: run_suite_sourceless(path, PROBE) for name, path in _every_version().items()}
    for outcomes in runs.values():
        fixture_probe.assert_probe_ran(outcomes)
    assert len({tuple(sorted(o.items())) for o in runs.values()}) == 1, runs


def test_the_red_team_probe_earns_nothing():
    probe = ('def test_no_statistics(sales):\n    assert not hasattr(sales, "statistics")\n\n'
             'def test_only_the_spec_is_public(sales):\n'
             '    assert [n for n in dir(sales) if not n.startswith("_")] == ["average_order_value"]\n')
    for name, path in _every_version().items():
        assert run_suite_sourceless(path, probe) == {"test_no_statistics": "passed",
                                                     "test_only_the_spec_is_public": "passed"}, name


def test_the_probe_does_see_modules_differ():
    """What the fixture used to hand out (the module) is told apart by the same probe."""
    seen = {fixture_probe.observe(_load(path)) for path in _every_version().values()}
    assert len(seen) > 1


def run_suite_sourceless(impl: Path, test_source: str) -> dict[str, str]:
    """As the judge runs learner tests: the implementation as a sourceless .pyc."""
    return scenario_outcomes("warmup", impl, test_source, sourceless=True)


def _load(path: Path):
    import importlib.util
    spec = importlib.util.spec_from_file_location(f"_warmup_probe_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
