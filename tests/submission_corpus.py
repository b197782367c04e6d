"""Module 01 submissions as data, each with the grade table it must get: ordinary ones and a hostile corpus.

One batch of these is graded by plain `nbgrader autograde` with the shipped config (tests/conftest.py,
`plain_batch`), and a subset by `python -m course cohort autograde` (tests/test_cohort.py); both compare
with the tables here. A hostile submission must never stop the batch or change anyone else's grade, and
gets a recorded grade (with the reason in its feedback) or an explicit "needs attention" flag.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
import warnings

import nbformat
from nbformat.warnings import DuplicateCellId

from course.judge.scoring import output_text
from course.paths import SOLUTIONS_DIR, keys_dir
from course.taxonomy import BY_ID
from nbgrader_course import plant, release_notebook, solution_answers, with_answers

MODULE = "01-concurrent-writes"
NOTEBOOK = f"{MODULE}.ipynb"
SOL = solution_answers(MODULE)
POINTS = {"oversell_tests_score": 4.0, "oversell_findings_score": 3.0, "oversell_fix_score": 4.0,
          "stampede_tests_score": 3.0, "webhook_findings_score": 3.0}
ZERO = {cell: 0.0 for cell in POINTS}
SNIPPET = (SOLUTIONS_DIR / MODULE / "shop.py").read_text()
VICTIM = "solution"           # the learner whose files hostile submissions try to overwrite
TMP_MARKER = Path("/tmp/course-pwned-by-a-learner.txt")


def full(**cells: float) -> dict[str, float]:
    """The solution's table with some cells changed."""
    return {**POINTS, **cells}


@dataclass(frozen=True)
class Submission:
    student: str
    tries: str                                   # what the submission does, in words
    expect: dict[str, float]                     # the grade of every grade cell
    answers: Callable[[Path], dict[str, str]] | None = None   # answer cells (given the course folder)
    edit: Callable[[Any], Any] | None = None     # cell-level changes to the answered notebook
    raw: str | None = None                       # the file's text instead of a notebook
    filename: str | None = None                  # a wrong notebook name
    reason: tuple[str, str] | None = None        # (grade cell, text its feedback must contain)
    attention: str | None = None                 # text of the needs-attention reason intake records
    hostile: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return sum(self.expect.values())


def _solution(_: Path) -> dict[str, str]:
    return SOL


def _with(**cells: str) -> Callable[[Path], dict[str, str]]:
    return lambda _course: {**SOL, **cells}


BUY = '''    shop.add_product("lamp", stock=1, price_cents=1999)
    worlds = race(lambda conn: place_order(conn, "lamp", 1, "alice"),
                  lambda conn: place_order(conn, "lamp", 1, "bob"))
'''
TESTS = SOL["oversell_tests"]

RACY_FIX = '''%%fix oversell
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
'''

ORDINARY = [
    Submission("solution", "the source notebook's answers", full(), _solution, hostile=False),
    Submission("blank", "the release, untouched", dict(ZERO), None, hostile=False),
    Submission("partial", "findings for the oversell only", {**ZERO, "oversell_findings_score": 3.0},
               lambda _c: {"oversell_findings": SOL["oversell_findings"]}, hostile=False),
    Submission("thorough", "the solution's tests and one more", full(), _with(oversell_tests=TESTS + '''

def test_sells_one_unit(shop, conn, place_order):
    shop.add_product("mug", stock=2, price_cents=500)
    assert place_order(conn, "mug", 1, "carol") is not None
    assert shop.stock("mug") == 1
'''), hostile=False),
    Submission("vacuous", "tests that assert nothing", full(oversell_tests_score=0.0), _with(oversell_tests='''%%tests oversell
def test_place_order_runs(shop, conn, place_order):
    shop.add_product("lamp", stock=1, price_cents=1999)
    place_order(conn, "lamp", 1, "alice")

def test_nothing(place_order):
    pass
'''), hostile=False),
    Submission("false_alarm", "one test insists on what the spec leaves free", full(oversell_tests_score=3.0),
               _with(oversell_tests=TESTS + '''

def test_loser_gets_none(shop, race, place_order):
''' + BUY + '''    for world in worlds:
        assert None in world.results, world.schedule
'''), reason=("oversell_tests_score", "false alarm: test_loser_gets_none"), hostile=False),
    Submission("half_the_time", "a race test behind an unseeded coin flip", full(oversell_tests_score=0.0),
               _with(oversell_tests='''%%tests oversell
import random

def test_race_sometimes(shop, race, place_order):
    shop.add_product("lamp", stock=1, price_cents=1999)
    if random.Random().random() < 0.5:       # unseeded: checks the race in about half of its runs
        worlds = race(lambda conn: place_order(conn, "lamp", 1, "alice"),
                      lambda conn: place_order(conn, "lamp", 1, "bob"))
        for world in worlds:
            assert len(world.orders()) <= 1, world.schedule
'''), hostile=False),
    Submission("source_sniffer", "tests that read the implementation's source", full(oversell_tests_score=0.0),
               _with(oversell_tests='''%%tests oversell
import inspect

def test_uses_a_transaction(place_order):
    assert "BEGIN IMMEDIATE" in inspect.getsource(place_order)

def test_no_plain_select(place_order):
    assert "SELECT stock" not in inspect.getsource(place_order)
'''), hostile=False),
    Submission("whole_file_findings", "one finding spanning the whole file", full(oversell_findings_score=0.0),
               _with(oversell_findings='''%%findings oversell
[{"lines": (1, 34), "category": "race-condition", "why": "something in here races"}]
'''), hostile=False),
    Submission("every_category", "every category at every suspicious line", full(oversell_findings_score=0.0),
               _with(oversell_findings="%%findings oversell\n" + repr([
                   {"lines": span, "category": cat, "why": "maybe"} for span in [(13, 14), (23, 28), (29, 33)]
                   for cat in BY_ID])), hostile=False),
    Submission("racy_fix", "a fix that validates and rolls back but still reads, then writes", full(oversell_fix_score=2.0),
               _with(oversell_fix=RACY_FIX),
               reason=("oversell_fix_score", "not fixed  two buyers, one unit: sold exactly once in every interleaving"),
               hostile=False),
]


# ---------------------------------------------------------------- the hostile corpus

def _tamper(nb):
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id") == "oversell_tests_score":
            cell.source = "4.0"                 # a locked grade cell rewritten to print full marks
            meta["points"] = 40
        elif meta.get("locked") and cell.cell_type == "markdown":
            cell.source = "(the learner deleted the instructions)"
    return nb


def _drop(*grade_ids: str):
    def edit(nb):
        nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") not in grade_ids]
        return nb
    return edit


def _duplicate_ids(nb):
    """A stub copy of the tests answer cell BEFORE the real one, with the same cell id and grade id, and a
    second copy of a score cell: nbgrader keeps the last copy of a grade id, so the answer still counts once."""
    import copy
    index = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "oversell_tests")
    stub = copy.deepcopy(nb.cells[index])
    stub.source = "%%tests oversell\n# YOUR CODE HERE\nraise NotImplementedError()"
    nb.cells.insert(index, stub)
    score = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "webhook_findings_score")
    nb.cells.insert(score, copy.deepcopy(nb.cells[score]))
    return nb


def _huge_saved_output(nb):
    """The learner ran a noisy cell and saved the notebook with 2 MB of output in it."""
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "oversell_tests")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="spam " * 400_000)]
    return nb


def _vandal(course: Path) -> dict[str, str]:
    victim = course / "submitted" / VICTIM / MODULE / NOTEBOOK
    return {**SOL, "oversell_tests": f'''%%tests oversell
import logging
import sqlite3 as _sqlite3


def test_writes_outside_its_folder():
    for target in ({str(victim)!r}, {str(course / "pwned.txt")!r}, {str(TMP_MARKER)!r}):
        try:
            handler = logging.FileHandler(target)
            handler.stream.write("pwned")
            handler.close()
        except OSError:
            pass
    try:
        _sqlite3.connect({str(course / "pwned.sqlite3")!r}).execute("CREATE TABLE pwned (x)")
    except _sqlite3.Error:
        pass
'''}


KEY_FILE = keys_dir() / MODULE / "oversell" / "key.py"
KEY_TEXT = "Answer key for the oversell scenario"     # the key file's first line: must never reach feedback


def _key_reader(_: Path) -> dict[str, str]:
    return {**SOL, "oversell_tests": f'''%%tests oversell
import warnings


def test_reads_the_key():
    text = warnings.formatwarning("key", UserWarning, {str(KEY_FILE)!r}, 1)   # linecache quotes the file's first line
    raise AssertionError(repr(text)[:300])
'''}


def _intruder(course: Path) -> dict[str, str]:
    return {**SOL, "oversell_tests": f'''%%tests oversell
import pathlib

def test_intrude(place_order):
    victim = pathlib.Path({str(course)!r}) / "submitted" / "{VICTIM}" / "{MODULE}" / "{NOTEBOOK}"
    try:
        victim.write_text("{{}}")
    except OSError:
        pass
    assert pathlib.Path({str(KEY_FILE)!r}).read_text()
'''}


GRADER_PATCH = '''

_real_connect = sqlite3.connect


def _exclusive(*args, **kwargs):
    conn = _real_connect(*args, **kwargs)
    conn.isolation_level = "EXCLUSIVE"
    return conn


sqlite3.connect = _exclusive   # every connection the grader opens now locks the database: no race can show
'''

HOSTILE = [
    Submission("infinite_loop", "a tests cell that loops forever and swallows KeyboardInterrupt (SIGINT) and every "
               "other exception", full(oversell_tests_score=0.0),
               _with(oversell_tests="%%tests oversell\ndef test_buys(place_order):\n    pass\n\n\nwhile True:\n    try:\n"
                     "        while True:\n            pass\n    except BaseException:\n        pass\n"),
               reason=("oversell_tests_score", "could not run on a correct implementation")),   # CPU limit, or the
               # wall-clock backstop on a machine too busy to give it the CPU: the same verdict either way
    Submission("ignores_sigint", "a test that ignores SIGINT and SIGTERM, then loops", full(oversell_tests_score=0.0),
               _with(oversell_tests='''%%tests oversell
import signal
signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGTERM, signal.SIG_IGN)

def test_forever(place_order):
    while True:
        pass
'''), reason=("oversell_tests_score", "imports 'signal'")),
    Submission("os_exit", "os._exit(0) before the tests, to end the run 'successfully'", full(oversell_tests_score=0.0),
               _with(oversell_tests="%%tests oversell\nimport os\nos._exit(0)\n" + TESTS.split("\n", 1)[1]),
               reason=("oversell_tests_score", "uses ._exit")),
    Submission("huge_output", "tests printing 500 kB per run, and 2 MB of output saved in the notebook", full(),
               _with(oversell_tests=TESTS.replace("    shop.add_product(", "    print('spam ' * 100_000)\n    shop.add_product(")),
               edit=_huge_saved_output,
               reason=("oversell_tests_score", "3 of 3 broken versions caught")),
    Submission("memory_hog", "a tests cell that allocates 10 GB", full(oversell_tests_score=0.0),
               _with(oversell_tests=TESTS + "\n\nhog = [bytearray(50 * 1024 * 1024) for _ in range(200)]\n"),
               # in the judge's words (testrun.judge_words): the run's own error line ("MemoryError") is not shown
               reason=("oversell_tests_score", "could not run on a correct implementation: the tests could not be "
                       "collected")),
    Submission("vandal", "a test that writes into another learner's notebook, the course folder and /tmp",
               full(oversell_tests_score=0.0), _vandal,
               reason=("oversell_tests_score", "caught nothing: test_writes_outside_its_folder")),
    Submission("intruder", "tests that overwrite another learner's notebook and read the key", full(oversell_tests_score=0.0),
               _intruder, reason=("oversell_tests_score", "imports 'pathlib'")),
    Submission("key_reader", "a test that reads the answer key and fails with its first line",
               full(oversell_tests_score=0.0), _key_reader,
               reason=("oversell_tests_score", "false alarm: test_reads_the_key")),
    Submission("grader_patcher", "a fix that monkeypatches sqlite3.connect, which the grader's fixtures use",
               full(oversell_fix_score=0.0), _with(oversell_fix="%%fix oversell\n" + SNIPPET + GRADER_PATCH),
               reason=("oversell_fix_score", "not fixed  two buyers, one unit")),
    Submission("silencer", "answer cells that hijack the kernel so later cells never run", dict(ZERO),
               lambda _c: {"oversell_tests": "%%tests oversell\nget_ipython().run_cell = lambda *args, **kwargs: None\n",
                           "oversell_findings": "%%findings oversell\n"
                                                "get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])\n"}),
    Submission("tampered", "a locked score cell rewritten to print full marks with 40 points, instructions deleted",
               full(), _solution, edit=_tamper),
    Submission("deleted_grade_cell", "a score cell deleted", full(), _solution, edit=_drop("oversell_tests_score")),
    Submission("deleted_answer_cell", "an answer cell and its score cell deleted", full(oversell_tests_score=0.0),
               _solution, edit=_drop("oversell_tests", "oversell_tests_score"),
               reason=("oversell_tests_score", "No tests yet")),
    Submission("duplicated_ids", "two cells with one cell id and grade id (a stub first), a score cell twice", full(),
               _solution, edit=_duplicate_ids),
    Submission("not_json", "a notebook file that is not valid JSON", dict(ZERO), raw='{"cells": [ {"cell_type": "code",',
               attention="not valid JSON"),
    Submission("wrong_name", "the solution saved as a copy under another name", full(), _solution,
               filename=f"{MODULE}-Copy1.ipynb", attention="instead of"),
]
ALL = ORDINARY + HOSTILE
BY_STUDENT = {s.student: s for s in ALL}


def plant_submission(course: Path, submission: Submission, module: str = MODULE) -> Path:
    """Put the submission where `nbgrader collect` would (course/submitted/<student>/<module>/)."""
    release = release_notebook(course, module)
    if submission.raw is not None:
        return plant(course, submission.student, module, raw=submission.raw)
    nb = with_answers(release, submission.answers(course)) if submission.answers else release
    if submission.edit:
        nb = submission.edit(nb)
    with warnings.catch_warnings():      # nbformat warns about duplicate cell ids: here they are the point
        warnings.simplefilter("ignore", DuplicateCellId)
        path = plant(course, submission.student, module, nb, name=submission.filename)
    for name, text in submission.extra.get("files", {}).items():   # other files the learner submitted
        (path.parent / name).write_text(text)
    return path


def graded_feedback(course: Path, student: str, grade_id: str, module: str = MODULE) -> str:
    """The judge's text on one grade cell of a learner's autograded notebook."""
    nb = nbformat.read(str(course / "autograded" / student / module / f"{module}.ipynb"), as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    return "".join(output_text(o) for o in cell.outputs)


# ---------------------------------------------------------------- leaks into feedback, whitespace-insensitive

WINDOW = 40   # characters of whitespace-stripped text: a quote this long from a secret file is a leak


def squeeze(text: str) -> str:
    """`text` without any whitespace, so a quote re-wrapped, re-indented or joined into one line still matches."""
    return "".join(text.split())


def windows(text: str, width: int = WINDOW) -> set[str]:
    squeezed = squeeze(text)
    return {squeezed[i:i + width] for i in range(max(0, len(squeezed) - width + 1))}


def judge_vocabulary(module: str = MODULE) -> list[str]:
    """Text of the keys written to be shown in feedback: flaw titles (once caught or found) and the properties
    hidden fix tests check (each line of fix feedback names one)."""
    from course.judge.exercises import load_module_key
    texts: list[str] = []
    for exercise in load_module_key(module).values():
        texts += list(getattr(exercise, "flaw_titles", {}).values()) + list(getattr(exercise, "properties", {}).values())
        texts += [flaw.title for flaw in getattr(exercise, "flaws", ())]
        # the spec's words each broken version breaks and each correct version's freedom (course.judge.report)
        texts += [impl.rule or impl.freedom for impl in (*getattr(exercise, "wheats", ()), *getattr(exercise, "chaffs", ()))]
    # feedback introduces each after a colon ("this rule of the spec: ..."), as keys may write it ("rule: ...")
    return texts + [": " + text for text in texts]


def secret_windows(course: Path, module: str = MODULE) -> set[str]:
    """Every WINDOW-character stretch of the module's keys (grading/keys/<module>/**: the key, hidden tests,
    wheats, chaffs, reference answers) that no public text holds: the release notebook and files, the
    scenarios' public packages (fixtures, the assistant's tests, the spec), the course runtime and the keys'
    text meant for feedback (judge_vocabulary)."""
    from course.paths import REPO_ROOT
    secret: set[str] = set()
    for path in sorted((keys_dir() / module).rglob("*")):
        if path.is_file():
            secret |= windows(path.read_text(errors="replace"))
    public: set[str] = set()
    release = course / "release" / module
    for path in sorted(release.iterdir()):
        if path.suffix == ".ipynb":
            public |= windows("\n".join(c.source for c in nbformat.read(str(path), as_version=4).cells))
        elif path.is_file():
            public |= windows(path.read_text(errors="replace"))
    for path in sorted((REPO_ROOT / "course").rglob("*.py")):
        public |= windows(path.read_text(errors="replace"))
    for text in judge_vocabulary(module):
        public |= windows(text)
    return secret - public


def leaked(feedback_text: str, own_text: str, secrets: set[str]) -> list[str]:
    """Secret windows quoted in a learner's feedback text that are not in the learner's own submission."""
    return sorted((windows(feedback_text) & secrets) - windows(own_text))


def submitted_text(course: Path, student: str, module: str = MODULE) -> str:
    """Everything the learner submitted for the module, as text (their own words may come back to them)."""
    folder = course / "submitted" / student / module
    parts = []
    for path in sorted(folder.iterdir()):
        text = path.read_text(errors="replace")
        if path.suffix == ".ipynb":
            try:
                text = "\n".join(c.source for c in nbformat.reads(text, as_version=4).cells)
            except Exception:
                pass
        parts.append(text)
    return "\n".join(parts)
