"""The cohort practice set: items whose keys stay in grading/keys/practice-cohort/ (never shipped), proven like the
public bank's, graded as an nbgrader assignment by the judge's findings grader, and summed up by `cohort report`
per category (recognition rate, median time to answer).

The end-to-end test grades the assignment with plain `nbgrader autograde` and the shipped config (no
`python -m course cohort`), then reads the report from that course folder.
"""
from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone
import json
from pathlib import Path
import subprocess
import sys

import jupyterlab
import nbformat
import pytest

from course import scenarios
from course.cohort.analytics import STARTED_KEY, answer_seconds, cohort_tables
from course.judge.engine import judge_answer
from course.judge.exercises import load_module_key
from course.judge.findings import Finding, match
from course.nbgrader.judge import JUDGE_MARK
from course.nbgrader.tools import nbgrader, nbgrader_env
from course.notebook.lab import install_overrides
from course.paths import GRADING_DIR, MODULES_DIR, PACKAGE_DIR, SOLUTIONS_DIR
from course.practice import bank
from course.practice.cohort import MODULE, cohort_items
from nbgrader_course import make_course, plant, release_notebook, scores, solution_answers, with_answers

ITEMS = cohort_items()
BY_SCENARIO = {entry.scenario: entry for entry in ITEMS}
JUDGE_ENV = {"COURSE_JUDGE_CPU_SECONDS": "4"}


def test_the_set_is_mixed_and_keyed_only_under_grading():
    assert len(ITEMS) >= 4 and any(e.item.flaw_free for e in ITEMS) and any(not e.item.flaw_free for e in ITEMS)
    assert len({e.item.main_category for e in ITEMS}) >= 3 and len({e.item.codebase for e in ITEMS}) == len(ITEMS)
    public = {item.name for item in bank.item_folders()}
    for entry in ITEMS:
        assert entry.item.id not in public                                      # not in the shipped bank
        assert entry.item.folder.is_relative_to(GRADING_DIR / "keys" / MODULE)
        assert not (entry.item.folder / "snippet.py").exists()                  # the snippet is the learner's file
    shipped = [p for root in (MODULES_DIR, PACKAGE_DIR) for p in root.rglob("*") if p.is_file()]
    secrets = {p.read_bytes() for p in (GRADING_DIR / "keys" / MODULE).rglob("*") if p.is_file()}
    assert not [p for p in shipped if p.read_bytes() in secrets]
    explanations = [f.explanation for e in ITEMS for f in (*e.item.flaws, *([e.item.approve] if e.item.approve else []))]
    for path in (MODULES_DIR / MODULE).iterdir():
        assert not any(text[:60] in path.read_text() for text in explanations), path


@pytest.mark.parametrize("scenario", sorted(BY_SCENARIO))
def test_each_item_passes_the_bank_check(scenario):
    """The same check as the public bank: spans, categories, and a witness that fails on the snippet and passes on
    the fix (or, flaw-free, passes on the snippet and fails on the mutant), with its stored output current."""
    item = BY_SCENARIO[scenario].item
    assert bank.check_item(item) == []
    shown = scenarios.get(scenario)                       # what the learner's notebook shows and the judge lines up
    assert shown.module == MODULE and item.snippet == (SOLUTIONS_DIR / MODULE / shown.snippet).read_text()
    assert item.snippet == (MODULES_DIR / MODULE / shown.snippet).read_text()


def test_the_key_is_the_items_own_flaws():
    key = load_module_key(MODULE)
    assert sorted(key) == sorted(e.exercise_id for e in ITEMS)
    for entry in ITEMS:
        exercise = key[entry.exercise_id]
        assert [f.lines for f in exercise.flaws] == [f.lines for f in entry.item.flaws]
        assert exercise.decoys == ((entry.item.approve.span,) if entry.item.approve else ())


def test_a_flaw_free_item_scores_an_empty_list_and_zero_for_any_finding():
    free = next(e for e in ITEMS if e.item.flaw_free)
    exercise = load_module_key(MODULE)[free.exercise_id]
    assert match([], exercise).fraction == 1.0
    first, last = free.item.approve.lines
    assert match([Finding(first, last, free.item.main_category, "looks wrong")], exercise).fraction == 0.0
    verdict = judge_answer(exercise, f"%%findings {free.scenario}\n[]")
    assert verdict.fraction == 1.0 and "no findings is right" in verdict.feedback


# ------------------------------------------------------------------ end to end: plain nbgrader autograde

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


def lab_timing(started: datetime) -> dict[str, str]:
    """A code cell's `metadata.execution` as JupyterLab 4 writes it with recordTiming on (CodeCell.execute in the
    installed jlab_core bundle: `iopub.<status or message>` from the iopub messages' header dates, then
    `shell.execute_reply.started` and `shell.execute_reply`), in the kernel's date format (microseconds, Z)."""
    def stamp(ms: int) -> str:
        return (started + timedelta(milliseconds=ms)).isoformat(timespec="microseconds").replace("+00:00", "Z")
    return {"iopub.status.busy": stamp(-2), "iopub.execute_input": stamp(0), "shell.execute_reply.started": stamp(1),
            "iopub.status.idle": stamp(350), "shell.execute_reply": stamp(352)}


def timed(nb, seconds: dict[str, float]):
    """The notebook with JupyterLab's recorded timing: each snippet cell run, then its answer `seconds` later."""
    clock = T0
    previous = None
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id in seconds and previous is not None:
            previous.metadata["execution"] = lab_timing(clock)
            clock += timedelta(seconds=seconds[grade_id])
            cell.metadata["execution"] = lab_timing(clock)
            clock += timedelta(seconds=5)
        previous = cell
    return nb


def test_the_lab_learners_start_records_cell_timing(tmp_path):
    """The settings overrides `make lab` installs (the hub's servers run the same venv) turn on JupyterLab's
    "Recording timing", a real setting of the installed JupyterLab's notebook tracker: without it no cell keeps
    a time and the report's median time to answer stays empty."""
    installed = json.loads(install_overrides(tmp_path).read_text())
    schema = json.loads((Path(jupyterlab.__file__).parent / "schemas" / "@jupyterlab" / "notebook-extension"
                         / "tracker.json").read_text())
    setting = schema["properties"]["recordTiming"]
    assert setting["type"] == "boolean" and setting["default"] is False    # off unless the course turns it on
    assert installed["@jupyterlab/notebook-extension:tracker"]["recordTiming"] is True


def test_answer_times_come_from_the_timing_jupyterlab_records():
    """From each snippet cell's run to its answer cell's run, as JupyterLab stamps them; nothing without timing."""
    source = nbformat.read(str(next((SOLUTIONS_DIR / MODULE).glob("*.ipynb"))), as_version=4)
    want = {entry.exercise_id: 30.0 + 7 * n for n, entry in enumerate(ITEMS)}
    assert answer_seconds(timed(copy.deepcopy(source), want)) == want
    assert answer_seconds(source) == {}                                  # recordTiming off: no execution metadata
    only_replies = timed(copy.deepcopy(source), want)
    for cell in only_replies.cells:
        cell.metadata.get("execution", {}).pop(STARTED_KEY, None)
    assert answer_seconds(only_replies) == {}


BOB_RIGHT = "refund_worker"                      # the one item bob answers right
ADA_SECONDS = {entry.exercise_id: 20.0 + 10 * n for n, entry in enumerate(ITEMS)}
BOB_SECONDS = 100.0


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = make_course(tmp_path_factory.mktemp("practice-cohort"), [MODULE])
    right = solution_answers(MODULE)
    token = BY_SCENARIO["token_gate"].item.flaws[0]
    free = BY_SCENARIO["shipping_price"].item.approve
    mixed = {
        **right,
        "rolling_errors_findings": "%%findings rolling_errors\n[]",                                 # a miss
        "token_gate_findings": ("%%findings token_gate\n[{'lines': (%d, %d), 'category': 'missing-timeout', "
                                "'why': 'the list may hang'}]" % token.lines),                    # wrong category
        "shipping_price_findings": ("%%findings shipping_price\n[{'lines': (%d, %d), 'category': '%s', "
                                    "'why': 'retries forever'}]" % (*free.lines, free.categories[0])),  # false alarm
    }
    assert mixed[f"{BOB_RIGHT}_findings"] == right[f"{BOB_RIGHT}_findings"]
    release = release_notebook(course, MODULE)
    plant(course, "ada", MODULE, timed(with_answers(release, right), ADA_SECONDS))
    plant(course, "bob", MODULE, timed(with_answers(release, mixed), {e: BOB_SECONDS for e in mixed}))
    plant(course, "cy", MODULE, release)
    autograde = nbgrader(course, "autograde", MODULE, check=False, env=JUDGE_ENV)
    return course, autograde


@pytest.mark.slow
def test_plain_nbgrader_autograde_grades_the_practice_assignment(graded):
    course, autograde = graded
    assert autograde.returncode == 0, autograde.stdout[-3000:] + autograde.stderr[-3000:]
    cells = {f"{e.exercise_id}_score" for e in ITEMS}
    got = scores(course, MODULE)
    assert got["ada"] == {cell: 1.0 for cell in cells}
    assert got["bob"] == {**{cell: 0.0 for cell in cells}, f"{BOB_RIGHT}_findings_score": 1.0}
    assert got["cy"] == {cell: 0.0 for cell in cells}
    nb = nbformat.read(str(next((course / "autograded" / "ada" / MODULE).glob("*.ipynb"))), as_version=4)
    marks = [c.metadata[JUDGE_MARK] for c in nb.cells if JUDGE_MARK in c.metadata]
    assert sorted(m["exercise"] for m in marks) == sorted(e.exercise_id for e in ITEMS) and all(m["judged"] for m in marks)


@pytest.mark.slow
def test_the_cohort_report_has_each_categorys_recognition_rate_and_median_time(graded):
    course, _ = graded
    table = cohort_tables(course, [MODULE])["practice"].set_index("category")
    # ada is right everywhere (her own time per item), bob only on BOB_RIGHT (100 s each), cy answered nothing
    assert sorted(table.index) == sorted(e.item.main_category for e in ITEMS)      # one category per item here
    for entry in ITEMS:
        row = table.loc[entry.item.main_category]
        right = 1 + (entry.scenario == BOB_RIGHT)
        assert (row["items"], row["flaw_free_items"], row["answers"]) == (1, int(entry.item.flaw_free), 3)
        assert row["recognised_share"] == round(right / 3, 4), entry.scenario
        assert row["timed_answers"] == 2                                             # cy's answers have no times
        assert row["median_seconds"] == (ADA_SECONDS[entry.exercise_id] + BOB_SECONDS) / 2, entry.scenario
    report = subprocess.run([sys.executable, "-m", "course", "cohort", "report", "--course", str(course)],
                            capture_output=True, text=True, env=nbgrader_env(), timeout=300)
    assert report.returncode == 0, report.stderr[-2000:]
    assert (course / "report" / "practice.csv").is_file()
    entry = BY_SCENARIO[BOB_RIGHT]
    median = (ADA_SECONDS[entry.exercise_id] + BOB_SECONDS) / 2
    lines = report.stdout.splitlines()
    assert any(line.split()[:6] == [MODULE, entry.item.main_category, "1", "3", "67%", f"{median:.0f}"]
               for line in lines), report.stdout
