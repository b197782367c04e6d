"""End to end with real nbgrader: generate, plant submissions, plain `nbgrader autograde` with the shipped
config, then check every grade against the issue's table, the gradebook and the feedback HTML.

One batch holds good, bad and hostile submissions together: a hostile one must never stop the batch
or change anyone else's grade.
"""
from __future__ import annotations

import re

import nbformat
import pytest

from course.exercises import load_module_key
from course.judge import judge_answer
from course.nbgrader_judge import JUDGE_MARK
from course.nbgrader_tools import nbgrader
from course.paths import keys_dir
from course.verdict_cache import VerdictCache
from nbgrader_course import make_course, plant, release_notebook, scores, solution_answers, with_answers

pytestmark = pytest.mark.slow
MODULE = "01-concurrent-writes"
SOL = solution_answers(MODULE)
POINTS = {"oversell_tests_score": 4, "oversell_findings_score": 3, "oversell_fix_score": 4,
          "stampede_tests_score": 3, "webhook_findings_score": 3}
BUY = '''    shop.add_product("lamp", stock=1, price_cents=1999)
    worlds = race(lambda conn: place_order(conn, "lamp", 1, "alice"),
                  lambda conn: place_order(conn, "lamp", 1, "bob"))
'''

ANSWERS: dict[str, dict[str, str]] = {
    "solution": SOL,
    "thorough": {**SOL, "oversell_tests": SOL["oversell_tests"] + '''

def test_sells_one_unit(shop, conn, place_order):
    shop.add_product("mug", stock=2, price_cents=500)
    assert place_order(conn, "mug", 1, "carol") is not None
    assert shop.stock("mug") == 1
'''},
    "vacuous": {**SOL, "oversell_tests": '''%%tests oversell
def test_place_order_runs(shop, conn, place_order):
    shop.add_product("lamp", stock=1, price_cents=1999)
    place_order(conn, "lamp", 1, "alice")

def test_nothing(place_order):
    pass
'''},
    "false_alarm": {**SOL, "oversell_tests": SOL["oversell_tests"] + '''

def test_loser_gets_none(shop, race, place_order):
''' + BUY + '''    for world in worlds:
        assert None in world.results, world.schedule
'''},
    "half_the_time": {**SOL, "oversell_tests": '''%%tests oversell
import random

def test_race_sometimes(shop, race, place_order):
    shop.add_product("lamp", stock=1, price_cents=1999)
    if random.Random().random() < 0.5:       # unseeded: checks the race in about half of its runs
        worlds = race(lambda conn: place_order(conn, "lamp", 1, "alice"),
                      lambda conn: place_order(conn, "lamp", 1, "bob"))
        for world in worlds:
            assert len(world.orders()) <= 1, world.schedule
'''},
    "source_sniffer": {**SOL, "oversell_tests": '''%%tests oversell
import inspect

def test_uses_a_transaction(place_order):
    assert "BEGIN IMMEDIATE" in inspect.getsource(place_order)

def test_no_plain_select(place_order):
    assert "SELECT stock" not in inspect.getsource(place_order)
'''},
    "whole_file_findings": {**SOL, "oversell_findings": '''%%findings oversell
[{"lines": (1, 34), "category": "race-condition", "why": "something in here races"}]
'''},
    "every_category": {**SOL, "oversell_findings": "%%findings oversell\n" + repr([
        {"lines": span, "category": cat, "why": "maybe"} for span in [(13, 14), (23, 28), (29, 33)]
        for cat in __import__("course.taxonomy", fromlist=["BY_ID"]).BY_ID])},
    "racy_fix": {**SOL, "oversell_fix": '''%%fix oversell
import sqlite3


def place_order(conn, sku, qty, customer_id):
    if not isinstance(qty, int):
        raise TypeError("qty must be an int")
    if qty <= 0:
        return None
    row = conn.execute("SELECT stock, price_cents FROM products WHERE sku = ?", (sku,)).fetchone()
    if row is None or row[0] < qty:
        return None
    try:
        conn.execute("UPDATE products SET stock = stock - ? WHERE sku = ?", (qty, sku))
        cursor = conn.execute("INSERT INTO orders (sku, qty, customer_id, total_cents) VALUES (?, ?, ?, ?)",
                              (sku, qty, customer_id, qty * row[1]))
        conn.commit()
    except sqlite3.Error:
        conn.rollback()
        raise
    return cursor.lastrowid
'''},
    "infinite_loop": {**SOL, "oversell_tests": "%%tests oversell\ndef test_buys(place_order):\n    pass\n\nwhile True:\n    pass\n"},
    "ignores_sigint": {**SOL, "oversell_tests": '''%%tests oversell
import signal
signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGTERM, signal.SIG_IGN)

def test_forever(place_order):
    while True:
        pass
'''},
    "os_exit": {**SOL, "oversell_tests": "%%tests oversell\nimport os\nos._exit(0)\n" + SOL["oversell_tests"].split("\n", 1)[1]},
    "silencer": {
        "oversell_tests": "%%tests oversell\nget_ipython().run_cell = lambda *args, **kwargs: None\n",
        "oversell_findings": "%%findings oversell\nget_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])\n",
    },
    "intruder": {**SOL, "oversell_tests": f'''%%tests oversell
import pathlib

def test_intrude(place_order):
    victim = pathlib.Path(COURSE) / "submitted" / "solution" / "{MODULE}" / "{MODULE}.ipynb"
    try:
        victim.write_text("{{}}")
    except OSError:
        pass
    try:
        (pathlib.Path(COURSE) / "pwned.txt").write_text("x")
    except OSError:
        pass
    assert (pathlib.Path({str(keys_dir())!r}) / "{MODULE}" / "oversell" / "key.py").read_text()
'''},
}
SPECIAL = {"blank", "tampered", "deleted_grade_cell", "not_json"}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The whole batch, autograded once by plain nbgrader with the shipped config."""
    root = tmp_path_factory.mktemp("course")
    course = make_course(root, [MODULE])
    release = release_notebook(course, MODULE)
    for student, answers in ANSWERS.items():
        answers = {k: v.replace("COURSE", repr(str(course))) if student == "intruder" else v for k, v in answers.items()}
        plant(course, student, MODULE, with_answers(release, answers))
    plant(course, "blank", MODULE, release)
    tampered = with_answers(release, SOL)
    for cell in tampered.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id") == "oversell_tests_score":
            cell.source = "4.0"                 # a locked grade cell rewritten to print full marks
            meta["points"] = 40
        elif meta.get("locked") and cell.cell_type == "markdown":
            cell.source = "(the learner deleted the instructions)"
    plant(course, "tampered", MODULE, tampered)
    deleted = with_answers(release, SOL)
    deleted.cells = [c for c in deleted.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "oversell_tests_score"]
    plant(course, "deleted_grade_cell", MODULE, deleted)
    proc = nbgrader(course, "autograde", MODULE, check=False, env={"COURSE_JUDGE_CPU_SECONDS": "4"})
    feedback = nbgrader(course, "generate_feedback", MODULE, check=False)
    return {"course": course, "scores": scores(course, MODULE), "proc": proc, "feedback": feedback}


def total(cells):
    return sum(v or 0 for v in cells.values())


def test_batch_completes_and_everyone_is_graded(graded):
    assert graded["proc"].returncode == 0, graded["proc"].stderr[-3000:]
    assert set(graded["scores"]) == set(ANSWERS) | {"blank", "tampered", "deleted_grade_cell"}
    for student, cells in graded["scores"].items():
        assert set(cells) == set(POINTS), student
        assert all(v is not None for v in cells.values()), (student, cells)


def test_solution_gets_full_automatic_points(graded):
    assert graded["scores"]["solution"] == POINTS


def test_untouched_release_gets_zero(graded):
    assert total(graded["scores"]["blank"]) == 0


def test_judge_wrote_every_grade_cell(graded):
    """Proof that the judge ran: each grade cell of each autograded notebook carries its mark and score."""
    for nb_path in (graded["course"] / "autograded").rglob("*.ipynb"):
        nb = nbformat.read(str(nb_path), as_version=4)
        marked = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade") and JUDGE_MARK in c.metadata]
        assert len(marked) == len(POINTS), nb_path
        for cell in marked:
            assert "[judged outside your notebook]" in cell.outputs[0]["text"]


def test_vacuous_tests_get_zero(graded):
    assert graded["scores"]["vacuous"]["oversell_tests_score"] == 0


def test_false_alarm_policy_names_the_test(graded):
    assert graded["scores"]["false_alarm"]["oversell_tests_score"] == pytest.approx(4 * (1 - 0.25))
    assert "false alarm: test_loser_gets_none" in _feedback_of(graded, "false_alarm", "oversell_tests_score")


def test_thorough_suite_gets_full_credit(graded):
    assert graded["scores"]["thorough"]["oversell_tests_score"] == 4


def test_the_planted_race_test_really_catches_the_race():
    """Control for the next test: the same test without the coin flip earns the race chaff."""
    exercise = load_module_key(MODULE)["oversell_tests"]
    always = ANSWERS["half_the_time"]["oversell_tests"].replace("random.Random().random() < 0.5", "True")
    assert "oversell" in judge_answer(exercise, always, cache=None).details["caught"]


def test_half_the_time_suite_is_never_credited(graded, tmp_path):
    """A catch must hold in 3 + 8 perturbed runs (chance 1 in 2048 for a coin flip), and the verdict
    cache keeps a regrade equal to the first grading."""
    assert graded["scores"]["half_the_time"]["oversell_tests_score"] == 0
    exercise = load_module_key(MODULE)["oversell_tests"]
    cache = VerdictCache(tmp_path / "verdicts.sqlite3")
    regrades = [judge_answer(exercise, ANSWERS["half_the_time"]["oversell_tests"], cache=cache) for _ in range(20)]
    assert {v.fraction for v in regrades} == {0.0}
    assert all(v.feedback == regrades[0].feedback for v in regrades)


def test_source_inspection_earns_nothing(graded):
    assert graded["scores"]["source_sniffer"]["oversell_tests_score"] == 0


def test_overbroad_findings_earn_nothing(graded):
    assert graded["scores"]["whole_file_findings"]["oversell_findings_score"] == 0
    assert graded["scores"]["every_category"]["oversell_findings_score"] == 0


def test_fix_that_still_races_loses_that_property(graded):
    feedback = _feedback_of(graded, "racy_fix", "oversell_fix_score")
    assert "not fixed  two buyers, one unit: sold exactly once in every interleaving" in feedback
    assert 0 < graded["scores"]["racy_fix"]["oversell_fix_score"] < 4


@pytest.mark.parametrize("student, cell, reason", [
    ("infinite_loop", "oversell_tests_score", "could not run on a correct implementation"),
    ("ignores_sigint", "oversell_tests_score", "imports 'signal'"),      # refused before it runs
    ("os_exit", "oversell_tests_score", "uses ._exit"),
])
def test_hostile_code_gets_zero_with_a_reason_and_the_rest_is_graded(graded, student, cell, reason):
    assert graded["scores"][student][cell] == 0
    assert reason in _feedback_of(graded, student, cell)
    others = {k: v for k, v in graded["scores"][student].items() if k != cell}
    assert others == {k: v for k, v in POINTS.items() if k != cell}


def test_tampered_locked_cells_are_restored(graded):
    assert graded["scores"]["tampered"] == POINTS


def test_deleted_grade_cell_is_restored_and_judged(graded):
    assert graded["scores"]["deleted_grade_cell"] == POINTS


def test_kernel_silencer_gets_no_free_points(graded):
    assert total(graded["scores"]["silencer"]) == 0


def test_intruder_reads_no_key_and_writes_nowhere(graded):
    course = graded["course"]
    assert graded["scores"]["intruder"]["oversell_tests_score"] == 0
    assert not (course / "pwned.txt").exists()
    victim = course / "submitted" / "solution" / MODULE / f"{MODULE}.ipynb"
    assert nbformat.read(str(victim), as_version=4).cells      # still the learner's notebook
    assert graded["scores"]["solution"] == POINTS


def test_feedback_shows_no_hidden_test_or_key_code(graded):
    assert graded["feedback"].returncode == 0, graded["feedback"].stderr[-2000:]
    html_files = list((graded["course"] / "feedback").rglob("*.html"))
    assert len(html_files) == len(graded["scores"])
    key_lines = set()
    for path in (keys_dir() / MODULE).rglob("*.py"):
        for line in path.read_text().splitlines():
            line = line.strip()
            if len(line) > 25 and not line.startswith(("#", '"""', "def test_", "import", "from")):
                key_lines.add(line)
    learner_text = "\n".join(text for answers in ANSWERS.values() for text in answers.values()) + "\n".join(
        p.read_text() for p in (graded["course"] / "source" / MODULE).glob("*.py"))
    for html_file in html_files:
        text = _html_text(html_file.read_text())
        leaked = [line for line in key_lines if line in text and line not in learner_text]
        assert not leaked, (html_file, leaked[:3])
        assert "BEGIN HIDDEN TESTS" not in text and "test_fix_hidden" not in text


def _html_text(html: str) -> str:
    import html as html_mod
    return html_mod.unescape(re.sub(r"<[^>]+>", "", html))


def _feedback_of(graded, student: str, grade_id: str) -> str:
    nb = nbformat.read(str(graded["course"] / "autograded" / student / MODULE / f"{MODULE}.ipynb"), as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    return "".join(o.get("text", "") for o in cell.outputs)
