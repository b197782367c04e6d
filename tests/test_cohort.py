"""`python -m course cohort ...` end to end, on real nbgrader: one cohort from init to report.

Two learners fetch and submit through the real exchange; the rest of a mixed batch (ordinary and hostile
submissions from tests/submission_corpus.py) arrive as files in submitted/. The parallel autograde must give
exactly the grades plain sequential `nbgrader autograde` gives the same submissions (the session's
`plain_batch`), while its nbgrader pass runs no learner code at all.
"""
from __future__ import annotations

import contextlib
import csv
import html
import io
import os
import re
import shutil
import subprocess
import sys

import nbformat
import pandas as pd
import pytest
from nbgrader.api import Gradebook

from conftest import JUDGE_ENV
from course.__main__ import main
from course.cohort.feedback import page_leaks
from course.cohort.init import LEARNER_CONFIG
from course.cohort.state import Cohort
from course.nbgrader.feedback import HIDDEN, feedback_leaks, grader_only_lines
from course.nbgrader.judge import JUDGE_MARK
from course.nbgrader.tools import LOAD_JUDGE_CONFIG, nbgrader, nbgrader_env
from course.paths import GRADING_DIR
from nbgrader_course import scores, with_answers
from submission_corpus import BY_STUDENT, KEY_FILE, MODULE, NOTEBOOK, POINTS, plant_submission

pytestmark = pytest.mark.slow
THROUGH_EXCHANGE = ["solution"]
AS_FILES = ["blank", "key_reader", "os_exit", "tampered", "deleted_answer_cell", "not_json", "wrong_name"]
STUDENTS = THROUGH_EXCHANGE + AS_FILES
MAX = sum(POINTS.values())


def cohort(cwd, *args: str) -> subprocess.CompletedProcess:
    """`python -m course cohort ARGS` as an instructor types it, in `cwd`."""
    proc = subprocess.run([sys.executable, "-m", "course", "cohort", *map(str, args)], cwd=cwd,
                          env=nbgrader_env(JUDGE_ENV), capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, (args, proc.stdout[-3000:], proc.stderr[-3000:])
    return proc


def step(*args: str) -> str:
    """The same command line, run in this process (the thin steps: each still runs real nbgrader)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["cohort", *map(str, args)]) == 0, out.getvalue()
    return out.getvalue()


def _leak_into_feedback(course, student: str) -> str:
    """What a traceback from the grader would look like in a graded cell (none reaches one today: the
    trimmer is defence in depth). Returns the key line it quotes."""
    path = course / "autograded" / student / MODULE / NOTEBOOK
    nb = nbformat.read(str(path), as_version=4)
    key_line = next(line.strip() for line in KEY_FILE.read_text().splitlines() if "chaff_oversell.py" in line)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "oversell_tests_score")
    cell.outputs.append(nbformat.v4.new_output(
        "error", ename="KeyError", evalue="'oversell'",
        traceback=["Traceback (most recent call last):", f'  File "{KEY_FILE}", line 41, in <module>',
                   f"    {key_line}", "KeyError: 'oversell'"]))
    cell.outputs.append(nbformat.v4.new_output("stream", name="stdout", text=f"while judging: {key_line}\n"))
    os.chmod(path, 0o644)
    nbformat.write(nb, str(path))
    return key_line


def _learner_env(home) -> dict[str, str]:
    """Learners are separate OS users in a real cohort; here they share one, so each gets its own nbgrader
    cache (nbgrader's fetch_feedback otherwise finds every submission made from this OS account)."""
    return {"JUPYTER_DATA_DIR": str(home / ".jupyter-data")}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One cohort, every step through the command line."""
    tmp = tmp_path_factory.mktemp("cohort")
    root = tmp / "course"
    steps = {"init": step("init", root, "--modules", MODULE), "release": step("release", MODULE, "--course", root)}
    for student in THROUGH_EXCHANGE:        # each learner in their own folder, with the config init wrote
        home = tmp / "learners" / student
        home.mkdir(parents=True)
        shutil.copy(root / LEARNER_CONFIG, home / "nbgrader_config.py")
        nbgrader(home, "fetch_assignment", MODULE, env=_learner_env(home))
        fetched = home / MODULE / NOTEBOOK
        nb = nbformat.read(str(fetched), as_version=4)
        nbformat.write(with_answers(nb, BY_STUDENT[student].answers(root)), str(fetched))
        nbgrader(home, "submit", MODULE, f"--student={student}", env=_learner_env(home))
    for student in AS_FILES:
        plant_submission(root, BY_STUDENT[student])
    steps["collect"] = step("collect", MODULE, "--course", root)
    steps["autograde"] = cohort(root, "autograde", MODULE)
    leaked_line = _leak_into_feedback(root, "key_reader")
    steps["feedback"] = step("feedback", MODULE, "--course", root)
    steps["export"] = step("export", "--course", root)
    steps["report"] = step("report", "--course", root)
    steps["status"] = step("status", MODULE, "--course", root)
    home = tmp / "learners" / "solution"
    nbgrader(home, "fetch_feedback", MODULE, "--student=solution", env=_learner_env(home))
    return {"root": root, "tmp": tmp, "steps": steps, "scores": scores(root, MODULE), "leaked_line": leaked_line,
            "learner_feedback": sorted((home / MODULE / "feedback").rglob("*.html"))}


def test_init_makes_a_cohort_folder_that_loads_the_shipped_config(run):
    root = run["root"]
    config = (root / "nbgrader_config.py").read_text()
    assert f"judge_config = {str(GRADING_DIR / 'nbgrader_config.py')!r}\n{LOAD_JUDGE_CONFIG}" in config
    assert (root / "gradebook.db").is_file() and (root / "exchange").is_dir() and (root / "source" / MODULE).is_dir()
    assert "Exchange.root" in (root / LEARNER_CONFIG).read_text()


def test_init_refuses_an_existing_cohort(run):
    before = (run["root"] / "nbgrader_config.py").read_text()
    with pytest.raises(SystemExit, match="already has an nbgrader_config.py: nothing changed"):
        main(["cohort", "init", str(run["root"])])
    assert (run["root"] / "nbgrader_config.py").read_text() == before


def test_steps_outside_a_cohort_say_so(tmp_path, capsys):
    assert main(["cohort", "autograde", MODULE, "--course", str(tmp_path)]) == 2
    assert "has no nbgrader_config.py: create a cohort with `python -m course cohort init" in capsys.readouterr().err


def test_autograde_of_a_module_the_cohort_does_not_have_says_what_to_do(run, capsys):
    assert main(["cohort", "autograde", "99-nope", "--course", str(run["root"])]) == 1
    assert "99-nope is not in this cohort's gradebook: run `python -m course cohort release 99-nope`" in capsys.readouterr().err


def test_autograde_with_a_misconfigured_judge_stops_before_grading_anyone(run, capsys, monkeypatch):
    monkeypatch.setenv("COURSE_JUDGE_SANDBOXES", "none")
    before = scores(run["root"], MODULE)
    assert main(["cohort", "autograde", MODULE, "--course", str(run["root"])]) == 1
    assert "cannot autograde: COURSE_JUDGE_SANDBOXES must be a whole number" in capsys.readouterr().err
    assert scores(run["root"], MODULE) == before                 # the gradebook is untouched


def test_collect_names_the_submissions_that_will_need_a_person(run):
    out = run["steps"]["collect"]
    assert "needs attention: not_json:" in out and "not valid JSON" in out
    assert "needs attention: wrong_name: submitted as '01-concurrent-writes-Copy1.ipynb'" in out


def test_parallel_grades_equal_a_sequential_nbgrader_autograde(run, plain_batch):
    """The same submissions, graded by plain sequential `nbgrader autograde` in another course folder with
    its own verdict cache: identical grades for every cell of every learner."""
    assert set(run["scores"]) == set(STUDENTS)
    assert run["scores"] == {s: plain_batch["scores"][s] for s in STUDENTS}
    assert run["scores"] == {s: BY_STUDENT[s].expect for s in STUDENTS}


def test_autograde_used_every_core_and_the_pass_ran_no_learner_code(run):
    out = run["steps"]["autograde"].stdout
    assert f"on {os.cpu_count()} workers" in out
    assert f"{len(STUDENTS)} graded, 2 need attention, 0 not graded" in out
    log = next((run["root"] / ".cohort" / "logs").glob(f"autograde-{MODULE}-*.log")).read_text()
    assert log.count("Verdicts judged ahead: read from the batch store") == len(STUDENTS)
    assert "not judged ahead" not in log
    assert not list((run["root"] / ".cohort").glob("prejudged-*"))     # the batch store is gone once all is graded
    assert "judging on" in run["steps"]["autograde"].stderr               # the progress bars
    assert "recording grades" in run["steps"]["autograde"].stderr


def test_autograde_says_who_needs_attention_and_why(run):
    out = run["steps"]["autograde"].stdout
    assert "needs attention: not_json: 01-concurrent-writes.ipynb is not valid JSON" in out
    assert "needs attention: wrong_name: submitted as" in out
    status = run["steps"]["status"].splitlines()
    assert len(status) == len(STUDENTS) and all(": graded" in line for line in status)
    assert sum("needs attention" in line for line in status) == 2


def test_exported_csv_equals_the_expected_table(run):
    with open(run["root"] / "grades.csv", newline="") as fh:
        exported = {row["student_id"]: (float(row["score"]), float(row["max_score"])) for row in csv.DictReader(fh)}
    assert exported == {s: (BY_STUDENT[s].total, MAX) for s in STUDENTS}


def test_feedback_is_released_through_the_exchange_and_holds_no_grader_code(run):
    out = run["steps"]["feedback"]
    assert f"feedback released for {len(THROUGH_EXCHANGE)} learner(s)" in out
    for student in AS_FILES:                    # no submission secret: nbgrader cannot address their feedback
        assert f"needs attention: {student}: not submitted through the exchange" in out
    assert len(run["learner_feedback"]) == 1    # the learner fetched their own feedback, and only theirs
    assert f"(Score: {MAX} / {MAX})" in run["learner_feedback"][0].read_text()
    course = Cohort.open(run["root"])
    for student in STUDENTS:
        page = run["root"] / "feedback" / student / MODULE / f"{MODULE}.html"
        assert not page_leaks(course, student, MODULE, page), page


def test_a_traceback_into_the_keys_is_trimmed_from_feedback(run):
    page = (run["root"] / "feedback" / "key_reader" / MODULE / f"{MODULE}.html").read_text()
    assert HIDDEN in page and run["leaked_line"] not in html.unescape(page)
    assert f'File "{KEY_FILE}"' not in html.unescape(page)          # the frame is gone (the learner's own cell names the path)
    assert "KeyError: &#x27;oversell&#x27;" in page or "KeyError: 'oversell'" in page   # the error itself stays
    # the judge's words stay: the feedback table's row for that test (course.judge.report)
    assert re.search(r"false alarm</th>[^\n]{0,300}test_reads_the_key</code>", page), page[-3000:]


def test_without_the_trimmer_the_leak_check_finds_the_key_line(run, tmp_path):
    """Control: the same notebook rendered with the trimmer switched off quotes the key, and the check sees it."""
    root = run["root"]
    out = tmp_path / "feedback"
    nbgrader(root, "generate_feedback", MODULE, "--student=key_reader", "--force", "--TrimGraderCode.enabled=False",
             f"--CourseDirectory.feedback_directory={out}")
    page = next(out.rglob("*.html")).read_text()
    assert run["leaked_line"] in grader_only_lines(MODULE)
    assert run["leaked_line"] in feedback_leaks(page, MODULE)


def test_report_writes_the_field_report_table_for_this_cohort(run):
    report = run["root"] / "report"
    assert {p.name for p in report.iterdir()} >= {"flaws.csv", "categories.csv", "progress.csv", "flaws.png", "progress.png"}
    flaws = pd.read_csv(report / "flaws.csv").set_index("flaw")
    known = [s for s in STUDENTS if s != "not_json"]       # nothing is known of an unreadable notebook's work
    assert len(flaws) == 9 and set(flaws["tests_judged"].dropna()) == {len(known), 0}
    # who caught what follows from the corpus: the solution's suites catch every chaff of their exercise
    def share(cell: str) -> float:
        return round(sum(BY_STUDENT[s].expect[cell] > 0 for s in known) / len(known), 4)
    for flaw in ("oversell", "negative-qty", "no-rollback"):
        assert flaws.loc[flaw, "tests_caught_share"] == share("oversell_tests_score")
        assert flaws.loc[flaw, "findings_named_share"] == share("oversell_findings_score")
    for flaw in ("stampede", "ttl-boundary", "failure-sticks"):
        assert flaws.loc[flaw, "tests_caught_share"] == share("stampede_tests_score")
        assert pd.isna(flaws.loc[flaw, "findings_named_share"])      # module 01 has no stampede findings
    categories = pd.read_csv(report / "categories.csv")
    assert set(categories["category"]) >= {"race-condition", "edge-case", "error-handling", "duplicate-delivery"}
    progress = pd.read_csv(report / "progress.csv").set_index("student")
    for student in STUDENTS:
        assert progress.loc[student, "score"] == BY_STUDENT[student].total
        assert progress.loc[student, "status"] == ("needs attention" if BY_STUDENT[student].attention else "graded")


def test_analytics_notebook_runs_on_the_cohort_and_matches_the_report(run, tmp_path):
    from nbclient import NotebookClient
    source = GRADING_DIR / "analytics.ipynb"
    nb = nbformat.read(str(source), as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")     # committed without outputs
    out = tmp_path / "report"
    env = {"COHORT_DIR": str(run["root"]), "COHORT_REPORT_DIR": str(out)}
    saved = dict(os.environ)
    os.environ.update(env)
    os.environ["MPLBACKEND"] = "Agg"         # no notebook backend: the charts come from figures.show
    try:
        NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) == 2
    for name in ("flaws.csv", "categories.csv", "progress.csv"):
        pd.testing.assert_frame_equal(pd.read_csv(out / name), pd.read_csv(run["root"] / "report" / name))


def test_a_half_written_submission_is_regraded_where_plain_nbgrader_skips_it(run):
    """What a run killed mid-submission leaves: the sanitized notebook in autograded/ without the judge's
    marks, and the submission's grades still empty. nbgrader only checks that the folder exists."""
    root, student = run["root"], "key_reader"
    path = root / "autograded" / student / MODULE / NOTEBOOK
    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        cell.metadata.pop(JUDGE_MARK, None)
        if cell.metadata.get("nbgrader", {}).get("grade"):
            cell.outputs = []
    nbformat.write(nb, str(path))
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for grade in gb.find_submission(MODULE, student).notebooks[0].grades:
            grade.auto_score = None
        gb.db.commit()
    plain = nbgrader(root, "autograde", MODULE, env=JUDGE_ENV)
    assert f"Skipping existing assignment: {root / 'autograded' / student / MODULE}" in plain.stdout + plain.stderr
    assert set(scores(root, MODULE)[student].values()) == {None}            # plain nbgrader leaves it ungraded
    assert "half-graded (an interrupted run)" in step("status", MODULE, "--course", root)
    resumed = cohort(root, "autograde", MODULE)
    assert f"resumed: {student}" in resumed.stdout and "1 graded" in resumed.stdout
    assert scores(root, MODULE) == {s: BY_STUDENT[s].expect for s in STUDENTS}
