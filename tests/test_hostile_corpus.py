"""Issue 13's hostile corpus (tests/hostile_corpus.py), one batch of plain `nbgrader autograde` with the shipped
config: every submission gets its fair table with a readable reason, no feedback quotes the keys, hidden tests,
wheats or chaffs (whitespace-insensitive), no run reads another's folder, and the ordinary controls in the
same batch are graded as in the main corpus. What still goes wrong today is a strict xfail naming its class.
"""
from __future__ import annotations

import re

import nbformat
from nbgrader.api import Gradebook
import pytest

from course.nbgrader.judge import JUDGE_MARK
from hostile_corpus import (ALL13, BY_STUDENT13, CHAFF_PRINTS, CONTROLS, HOSTILE13, OPEN_LEAK, OPEN_SCORE,
                            SCHEDULING_DEPENDENT)
from submission_corpus import MODULE, NOTEBOOK, POINTS, graded_feedback, leaked, secret_windows, submitted_text
from test_autograde_e2e import _html_text

pytestmark = pytest.mark.slow


def _open(table: dict[str, str], student: str):
    """The student as a pytest param, a strict xfail while `table` says its hole is open (not strict where the
    hole shows only when runs happen to overlap)."""
    marks = [pytest.mark.xfail(strict=student not in SCHEDULING_DEPENDENT, reason=table[student])] \
        if student in table else []
    return pytest.param(student, marks=marks, id=student)


def test_every_class_has_a_submission():
    classes = {s.extra["cls"] for s in HOSTILE13}
    assert classes == set(range(1, 13))
    assert set(OPEN_SCORE) | set(OPEN_LEAK) <= {s.student for s in HOSTILE13}


def test_batch_completes_and_everyone_is_graded(hostile_batch):
    run = hostile_batch["autograde"]
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "Removing failed" not in run.stdout + run.stderr
    assert set(hostile_batch["scores"]) == set(BY_STUDENT13)
    for student, cells in hostile_batch["scores"].items():
        assert set(cells) == set(POINTS) and None not in cells.values(), (student, cells)
    assert hostile_batch["runs_left"] == []        # every run's folder was removed


@pytest.mark.parametrize("student", [_open(OPEN_SCORE, s.student) for s in ALL13])
def test_every_submission_gets_its_fair_table(hostile_batch, student):
    assert hostile_batch["scores"][student] == BY_STUDENT13[student].expect, BY_STUDENT13[student].tries


@pytest.mark.parametrize("student", [_open(OPEN_SCORE, s.student) for s in ALL13 if s.reason])
def test_the_reason_is_in_the_feedback(hostile_batch, student):
    cell, text = BY_STUDENT13[student].reason
    assert text in graded_feedback(hostile_batch["course"], student, cell)


def test_controls_are_graded_as_in_the_main_corpus(hostile_batch):
    for control in CONTROLS:
        assert hostile_batch["scores"][control.student] == control.expect, control.student


def test_judge_wrote_every_grade_cell_and_nobody_needs_a_grader(hostile_batch):
    """Also the class-11 submission's own nbgrader_config.py (judge off, Execute on) changed nothing, and the
    class-12 false alarm dressed as a grader error is not flagged as one."""
    course = hostile_batch["course"]
    for submission in ALL13:
        nb = nbformat.read(str(course / "autograded" / submission.student / MODULE / NOTEBOOK), as_version=4)
        marked = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade") and JUDGE_MARK in c.metadata]
        assert len(marked) == len(POINTS), submission.student
        assert all(c.metadata[JUDGE_MARK]["judged"] is True for c in marked), submission.student
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        flagged = {sub.student.id for sub in gb.find_assignment(MODULE).submissions
                   if any(g.needs_manual_grade for nb in sub.notebooks for g in nb.grades)}
    assert flagged == set()


@pytest.fixture(scope="module")
def secrets(hostile_batch):
    found = secret_windows(hostile_batch["course"])
    assert len(found) > 1000      # the keys hold far more than the public text: the check has something to find
    return found


@pytest.mark.parametrize("student", [_open(OPEN_LEAK, s.student) for s in ALL13])
def test_feedback_quotes_no_key_hidden_test_wheat_or_chaff(hostile_batch, secrets, student):
    """Every 40-character stretch of the keys' whitespace-stripped text (key.py, hidden tests, wheats, chaffs,
    reference answers) that no public text holds must be absent from the whitespace-stripped feedback HTML,
    unless the learner wrote it themselves."""
    assert hostile_batch["feedback"].returncode == 0, hostile_batch["feedback"].stderr[-2000:]
    course = hostile_batch["course"]
    html = (course / "feedback" / student / MODULE / f"{MODULE}.html").read_text()
    found = leaked(_html_text(html), submitted_text(course, student), secrets)
    assert not found, found[:3]


def test_nothing_read_from_another_run(hostile_batch, secrets):
    """The class-5 snooper looked for other runs' folders (its TMPDIR parent, /tmp, /var/tmp, /proc) and quoted
    what it found in a false alarm: the judge's text on its tests shows no run folder and no hidden test."""
    course = hostile_batch["course"]
    text = graded_feedback(course, "c05_run_snooper", "oversell_tests_score")
    assert "course-run-" not in text and "false alarm: test_no_other_run_is_visible" not in text
    assert not leaked(text, submitted_text(course, "c05_run_snooper"), secrets)


def test_the_snooper_saw_nothing_of_the_other_learners(hostile_batch):
    """Whatever the class-5 snooper read, no other learner's answer reached its feedback: submissions are graded
    one at a time, so what it sees today is its own submission's runs (and their hidden tests, above)."""
    course = hostile_batch["course"]
    html = _html_text((course / "feedback" / "c05_run_snooper" / MODULE / f"{MODULE}.html").read_text())
    assert not any(fingerprint in html for fingerprint in CHAFF_PRINTS)      # the class-1 reader's answer
    assert not re.search(r"fingerprints of the broken versions|a forger that runs when", html)   # class 1 and 2 text


def test_course_check_reads_the_two_copies_as_autograde_does(hostile_batch):
    """Class 8: `course check` on the submitted file (sharing autograde's verdict cache, so any difference is in
    what was read) gives the table autograde recorded for the notebook with two copies of the tests cell."""
    from test_notebook_reading import _check, _check_table
    course = hostile_batch["course"]
    proc = _check(course / "submitted" / "c08_two_copies" / MODULE / NOTEBOOK, course / ".judge-cache.sqlite3")
    assert _check_table(proc.stdout) == {cell: (score, POINTS[cell])
                                         for cell, score in hostile_batch["scores"]["c08_two_copies"].items()}


def test_an_oracle_on_the_implementations_globals_earns_nothing():
    """Red team, through the boundary (module 04): tests that ask the implementation's process whether the module
    under test imported a name (tests/hostile_corpus.py REFUND_GLOBALS_ORACLE) catch nothing and raise no false alarm."""
    from course.judge.engine import judge_answer
    from course.judge.exercises import load_module_key
    from hostile_corpus import REFUND_GLOBALS_ORACLE

    verdict = judge_answer(load_module_key("04-house-patterns")["refund_tests"], REFUND_GLOBALS_ORACLE, cache=None)
    assert verdict.details.get("caught") == {} and verdict.details.get("false_alarms") == [], verdict.feedback
    assert verdict.fraction == 0.0 and "caught nothing: test_no_error_dict_and_no_own_retry" in verdict.feedback


def test_a_record_line_that_does_not_parse_is_not_a_grader_error():
    """Red team: tests that write a deeply nested line into the record pipe (tests/hostile_corpus.py DEEP_RECORD) get
    their fair verdict (the line is ignored; they catch nothing), never a grader error flagged for a person."""
    from course.judge.engine import judge_answer
    from course.judge.exercises import load_module_key
    from hostile_corpus import DEEP_RECORD

    verdict = judge_answer(load_module_key(MODULE)["oversell_tests"], DEEP_RECORD, cache=None)
    assert "internal_error" not in verdict.details, verdict.feedback
    assert "caught nothing: test_records_that_do_not_parse" in verdict.feedback


_FLOOD_RUN = """
import resource, sys
sys.path.insert(0, sys.argv[1])
from hostile_corpus import RECORD_FLOOD
from course import scenarios
from course.answers import answer_body
from course.judge.engine import judge_limits
from course.judge.testrun import run_suite
scenario = scenarios.get("oversell")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
result = run_suite(answer_body(RECORD_FLOOD), scenario.snippet_path().read_text(), scenario, limits=judge_limits(),
                   sourceless=True, split=True)
grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024
print(grown, result.results["test_a_flood_of_records"].outcome, result.problem)
"""


def test_a_flood_of_records_costs_the_grading_process_little():
    """Red team: tests that write one 60 MB line of empty lists into the record pipe (hostile_corpus RECORD_FLOOD)
    must not make the grading process hold much more memory than their run's own records (a run in a fresh process)."""
    import subprocess
    import sys
    from pathlib import Path

    here = str(Path(__file__).parent)
    proc = subprocess.run([sys.executable, "-c", _FLOOD_RUN, here], capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    grown_mb, outcome, _ = proc.stdout.split(maxsplit=2)
    assert outcome == "passed"                 # the garbage line is ignored: the run itself is fine
    assert int(grown_mb) < 400, f"the grading process grew by {grown_mb} MB parsing one run's records"


def test_the_exchange_is_hidden_from_learner_code(tmp_path):
    """Red team, class 5 beyond the course folder: with the exchange outside the course folder (the hub's and the
    README's layout), one plain `nbgrader autograde` of a learner whose tests read the exchange's inbound/ quotes no
    other learner's submission. The inbound folder belongs to the user the sandbox runs as, as it does on the hub
    (the instructor released into it and grades)."""
    import os
    from pathlib import Path
    import shutil
    import tempfile

    from conftest import JUDGE_ENV
    from course.judge.sandbox import SANDBOX_UID, SANDBOX_GID
    from course.nbgrader.tools import nbgrader
    from hostile_corpus import VICTIM_MARKER, exchange_reader
    from nbgrader_course import make_course, plant, release_notebook, with_answers
    from submission_corpus import SOL

    exchange = Path(tempfile.mkdtemp(prefix="course-red-exchange-", dir="/var/tmp"))   # outside /tmp and /home
    try:
        os.chmod(exchange, 0o755)
        course = make_course(tmp_path / "course", [MODULE], extra_config=f"c.Exchange.root = {str(exchange)!r}\n")
        victim = exchange / "review-ai-code" / "inbound" / f"victim+{MODULE}+2026-11-25 12:00:00.000000 UTC+1f2e3d"
        victim.mkdir(parents=True)
        (victim / NOTEBOOK).write_text(f"# {VICTIM_MARKER}: my tests, my findings, my fix\n")
        os.chmod(victim / NOTEBOOK, 0o644)
        os.chmod(victim, 0o755)
        inbound = victim.parent
        os.chmod(inbound, 0o733)                       # nbgrader's inbound: others may not list it, its owner may
        (exchange / "review-ai-code").chmod(0o755)
        if os.geteuid() == 0:                          # the sandbox runs as nobody: nobody is the grader, as on the hub
            os.chown(inbound, SANDBOX_UID, SANDBOX_GID)
        answers = {**{k: v for k, v in SOL.items()}, "oversell_tests": exchange_reader(exchange)}
        plant(course, "snooper", MODULE, with_answers(release_notebook(course, MODULE), answers))
        run = nbgrader(course, "autograde", MODULE, check=False, env=JUDGE_ENV)
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
        text = graded_feedback(course, "snooper", "oversell_tests_score")
        assert "caught nothing: test_no_other_learner_is_visible" in text or "false alarm" in text, text
        assert VICTIM_MARKER not in text and "victim:" not in text, text
    finally:
        shutil.rmtree(exchange, ignore_errors=True)


def _environment_checkout():
    """The root of another checkout of the course that holds this interpreter's environment, or None."""
    import sys
    from pathlib import Path

    from course.paths import REPO_ROOT
    for folder in Path(sys.prefix).resolve().parents:
        if (folder / "grading" / "keys").is_dir() and folder.resolve() != REPO_ROOT.resolve():
            return folder
    return None


@pytest.mark.skipif(_environment_checkout() is None, reason="the interpreter's environment is not in another checkout")
def test_keys_of_the_checkout_holding_the_environment_are_hidden():
    """Red team: a learner's tests that read a key file of the checkout holding the venv (hostile_corpus
    other_checkout_reader) find nothing: no false alarm quoting the key."""
    from course.judge.engine import judge_answer
    from course.judge.exercises import load_module_key
    from hostile_corpus import other_checkout_reader

    keys = _environment_checkout() / "grading" / "keys"
    verdict = judge_answer(load_module_key(MODULE)["oversell_tests"], other_checkout_reader(keys), cache=None)
    assert "caught nothing: test_no_key_is_readable" in verdict.feedback, verdict.feedback


def test_a_false_alarm_cannot_quote_a_correct_version_encoded():
    """Red team, 2026-12 (hostile_corpus REVERSED_SPY_QUOTER): a spy connection records a correct version's SQL and a
    false alarm quotes it reversed. No stretch of the wheats' own text that is not public may come back, read either
    way round: a false alarm is said in the judge's words, its message is never shown (PROTOCOL.md)."""
    from course.judge.engine import judge_answer
    from course.judge.exercises import load_module_key
    from course import scenarios
    from hostile_corpus import REVERSED_SPY_QUOTER
    from submission_corpus import windows

    ex = load_module_key(MODULE)["oversell_tests"]
    verdict = judge_answer(ex, REVERSED_SPY_QUOTER, cache=None)
    assert "false alarm: test_quote_the_statements" in verdict.feedback, verdict.feedback
    assert "The spec leaves this open:" in verdict.feedback or "letter of the spec" in verdict.feedback
    scenario = scenarios.get(ex.scenario)
    public = set().union(*(windows(text, 24) for text in (scenario.snippet_path().read_text(), REVERSED_SPY_QUOTER)))
    hide = set().union(*(windows((ex.key_dir / w.path).read_text(), 24) for w in ex.wheats)) - public
    assert len(hide) > 100      # the wheats hold text of their own: the check has something to find
    flat = "".join(verdict.feedback.split())
    backwards = flat[::-1]
    quoted = [w for w in hide if w in flat or w in backwards]
    assert not quoted, quoted[:3]


def test_a_fix_cannot_rewrite_what_the_fake_provider_observed():
    """Red team, 2026-12 (hostile_corpus OBSERVER_FORGER): five-minute provider calls, the provider's record of them
    rewritten to 1 s through ctx.payments. The record is out of the object's reach (course.scenarios.refund.fakes):
    the timeout property is not credited, everything else is the reference's."""
    from course.judge.engine import judge_answer
    from course.judge.exercises import load_module_key
    from hostile_corpus import OBSERVER_FORGER

    verdict = judge_answer(load_module_key("04-house-patterns")["refund_fix"], OBSERVER_FORGER, cache=None)
    assert "not fixed  every provider call has a timeout" in verdict.feedback, verdict.feedback
    assert verdict.fraction == 0.9, verdict.feedback


@pytest.mark.parametrize("how", ["raw connection", "own connection", "base methods", "patched class", "helper thread",
                                 "adapter callback", "conform callback"])
def test_a_fix_cannot_step_out_of_the_race_drivers_interleavings(how):
    """Red team, 2026-12 (hostile_corpus RACE_DODGERS): the racy snippet, run outside the driver's pauses (or all in
    one of its steps), earns none of the race properties. Python that SQLite calls while a statement runs is refused
    by the fix policy (both callbacks earned 0.5 before)."""
    from course.judge.engine import judge_answer
    from course.judge.exercises import load_module_key
    from hostile_corpus import RACE_DODGERS

    verdict = judge_answer(load_module_key(MODULE)["oversell_fix"], RACE_DODGERS[how], cache=None)
    if how.endswith("callback"):
        assert verdict.fraction == 0.0 and verdict.details.get("policy"), verdict.feedback
        assert ("register_adapter" if how == "adapter callback" else "__conform__") in verdict.feedback
        return
    assert "not fixed  two buyers, one unit" in verdict.feedback and verdict.fraction == 0.0, verdict.feedback


@pytest.mark.parametrize("dodger, due, honest", [("EXCLUSIVE_HIDER", 0.25, "ATOMIC_RETURNING"),
                                                  ("ROW_FACTORY_DODGER", 0.5, "DICT_ROWS_FIX")])
def test_a_fix_that_blinds_the_drivers_watcher_is_not_credited_and_its_honest_twin_is(dodger, due, honest):
    """Red team, 2026-12 (hostile_corpus): the driver's watcher could be locked out by the fix's own connection
    (EXCLUSIVE_HIDER, 0.75 with the race left in), and took an honest autocommit RETURNING fix's own commit for a
    foreign one (ATOMIC_RETURNING, 0.5); its data_version readings went through the worker connection's row factory
    (ROW_FACTORY_DODGER: the race left in earned 1.0, 0.5 due; DICT_ROWS_FIX, an honest fix, 0.5, 1.0 due)."""
    import hostile_corpus
    from course.judge.engine import judge_answer
    from course.judge.exercises import load_module_key

    ex = load_module_key(MODULE)["oversell_fix"]
    hidden = judge_answer(ex, getattr(hostile_corpus, dodger), cache=None)
    assert "not fixed  two buyers, one unit" in hidden.feedback and hidden.fraction == due, hidden.feedback
    assert judge_answer(ex, getattr(hostile_corpus, honest), cache=None).fraction == 1.0


def test_a_test_of_the_statements_shape_catches_nothing():
    """Red team, 2026-12: no wheat of oversell_tests read before it wrote, so a test that the first statement is not a
    SELECT caught two chaffs (0.67) without testing behaviour. The conditional-UPDATE wheat now looks the product up
    first (the spec leaves the method open), so that test is a false alarm."""
    from course.judge.engine import judge_answer
    from course.judge.exercises import load_module_key
    from hostile_corpus import SCHEDULE_SHAPE_TEST

    verdict = judge_answer(load_module_key(MODULE)["oversell_tests"], SCHEDULE_SHAPE_TEST, cache=None)
    assert verdict.fraction == 0.0, verdict.feedback


def test_a_fix_cannot_run_its_check_then_act_as_one_of_the_drivers_steps():
    """Red team, 2026-12 (hostile_corpus STEP_DODGER): `conn._step(...)` of the driver's connection class, 1.0 (0.5 due)."""
    from course.judge.engine import judge_answer
    from course.judge.exercises import load_module_key
    from hostile_corpus import STEP_DODGER

    verdict = judge_answer(load_module_key(MODULE)["oversell_fix"], STEP_DODGER, cache=None)
    assert "not fixed  two buyers, one unit" in verdict.feedback and verdict.fraction == 0.5, verdict.feedback


@pytest.mark.parametrize("how", ["getitem callback", "type() conform callback"])
def test_a_fix_cannot_run_a_whole_check_then_act_inside_one_binding(how, monkeypatch):
    """Found in review, 2026-12 (hostile_corpus RACE_DODGERS): the sequence protocol, which the fix policy allows, and
    a `__conform__` in a class built by `type()`, past the policy's names, did what the refused adapter and __conform__
    did (0.5). The race driver now reads parameters and adapts their values before its pause, so the snippet's
    statements run outside a step: the race properties are not credited. Judged with the fix policy switched off: the
    driver is the boundary, the policy only a second line."""
    from course.judge import code_policy
    from course.judge.engine import judge_answer
    from course.judge.exercises import load_module_key
    from hostile_corpus import RACE_DODGERS

    screen = code_policy.violations
    monkeypatch.setattr(code_policy, "violations",
                        lambda source, policy, *args, **kwargs: [] if policy is code_policy.FIX
                        else screen(source, policy, *args, **kwargs))
    verdict = judge_answer(load_module_key(MODULE)["oversell_fix"], RACE_DODGERS[how], cache=None)
    assert not verdict.details.get("policy"), verdict.feedback   # judged, not refused
    assert "not fixed  two buyers, one unit" in verdict.feedback and verdict.fraction == 0.0, verdict.feedback


def test_a_findings_spray_does_not_locate_every_flaw_in_one_check():
    """Red team, 2026-12 (hostile_corpus FINDINGS_SPRAY): with staged feedback (reveal=False), a spray of findings
    must not tell where each keyed flaw is: beyond findings.one_by_one(flaws) findings, only counts are shown."""
    from course.judge.engine import judge_answer
    from course.judge.exercises import load_module_key
    from hostile_corpus import FINDINGS_SPRAY

    ex = load_module_key(MODULE)["oversell_findings"]
    verdict = judge_answer(ex, FINDINGS_SPRAY, reveal=False, cache=None)
    assert verdict.fraction == 0.0
    located = [flaw.title for flaw in ex.flaws if flaw.title in verdict.feedback]
    assert not located, located
    assert "found:" not in verdict.feedback and "false alarm:" not in verdict.feedback   # no finding is named
    assert f"you sent {FINDINGS_SPRAY.count('a spray')} findings" in verdict.feedback
    assert f"only counts are shown until the reveal ({len(ex.flaws)} matched" in verdict.feedback
    # after the deadline the same answer is shown finding by finding, with the same score
    revealed = judge_answer(ex, FINDINGS_SPRAY, reveal=True, cache=None)
    assert revealed.fraction == verdict.fraction and all(flaw.title in revealed.feedback for flaw in ex.flaws)


@pytest.mark.parametrize("module, exercise", [
    pytest.param("01-concurrent-writes", "oversell_findings", marks=pytest.mark.xfail(strict=True, reason=(
        "measured 2026-12 with the service's budget (4 x one_by_one(3) = 24 findings): still 1.0 in 13 self-checks, "
        "and no budget an honest learner fits in can stop it. The snippet's 34 lines are 5 windows, fewer than "
        "one_by_one(3) = 6, so ONE self-check of 5 edge-case guesses finds 2 of the 3 flaws (0.67) and says 'right "
        "lines, another category' on the third; the hint's question names its category. Closing it needs a change "
        "to the one-by-one rule itself for short snippets (or no 'right lines' reason), not a budget"))),
    ("08-capstone-review", "review_findings")])
def test_locating_the_flaws_from_staged_feedback_takes_many_self_checks(module, exercise, tmp_path):
    """Red team, 2026-12 (hostile_corpus.budget_locator: one_by_one(n) guesses per self-check, one per 8-line window,
    then categories on the windows that say 'right lines'): without a budget it placed module 08's flaws (0.83) in
    12 self-checks. Through the judge service, whose budget of findings judged one by one per learner and exercise
    (findings.one_by_one_budget) gives counts only past it, the guesses must not place the flaws (more than half
    the points) in fewer than about twenty self-checks (FINDINGS_SPRAY's note)."""
    from course.judge.exercises import load_module_key
    from hostile_corpus import budget_locator, service_judge

    ex = load_module_key(module)[exercise]
    checks, score = budget_locator(ex, service_judge(module, ex, tmp_path))
    assert checks >= 20 or score <= 0.5, (checks, score)


def test_a_fix_cannot_rewrite_what_the_fake_clock_noted():
    """Red team, 2026-12 (hostile_corpus CLOCK_FORGER): unjittered waits, the fake clock's record of them rewritten
    through the injected urlopen. The client gets plain functions: the jitter property is not credited."""
    from course.judge.engine import judge_answer
    from course.judge.exercises import load_module_key
    from hostile_corpus import CLOCK_FORGER

    verdict = judge_answer(load_module_key("02-failure-modes")["pricing_fix"], CLOCK_FORGER, cache=None)
    assert "not fixed  waits are randomised" in verdict.feedback and verdict.fraction == 0.75, verdict.feedback
