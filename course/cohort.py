"""`python -m course cohort ...`: one command per step of running a cohort on real nbgrader.

    init DIR        a cohort course folder: nbgrader_config.py (loads grading/nbgrader_config.py, so plain
                    `nbgrader` and formgrader grade exactly as these commands do), source/ copied from
                    solutions/, a SQLite gradebook with every module, an exchange folder
    release M       nbgrader generate_assignment + release_assignment
    collect M       nbgrader collect, then says which submissions will need a person
    autograde M     judge on every core, record with one nbgrader autograde pass (course.cohort_autograde)
    feedback M      nbgrader generate_feedback, a check that no grader code reached it, release_feedback
    export          nbgrader export (grades.csv)
    status M        each submission: graded, needs attention, not graded
    report          the cohort's analytics: per flaw and category, per learner (course.analytics)

Every step but init runs in the cohort folder (the current directory, or --course DIR).
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path
import shutil
import sys

from course.nbgrader_tools import COURSE_ID, nbgrader, write_course_config
from course.paths import SOLUTIONS_DIR

LEARNER_CONFIG = "learner_nbgrader_config.py"


def _modules_available() -> list[str]:
    from course.build import module_names
    return module_names()


def init(root: Path, *, exchange: Path | None = None, course_id: str = COURSE_ID,
         modules: list[str] | None = None) -> Path:
    """Create a cohort course folder. Refuses to touch a folder that already holds a course."""
    from course.cohort_state import CONFIG_FILE
    root = root.resolve()
    if (root / CONFIG_FILE).exists():
        raise SystemExit(f"{root} already has an {CONFIG_FILE}: nothing changed (use another folder for a new cohort)")
    known = _modules_available()
    modules = modules or known
    unknown = [m for m in modules if m not in known]
    if unknown:
        raise SystemExit(f"no such module: {', '.join(unknown)} (available: {', '.join(known)})")
    exchange = (exchange or root / "exchange").resolve()
    exchange.mkdir(parents=True, exist_ok=True)
    os.chmod(exchange, 0o777)                 # learners (their own OS users) submit into it
    write_course_config(root, f"c.CourseDirectory.course_id = {course_id!r}\nc.Exchange.root = {str(exchange)!r}\n")
    (root / LEARNER_CONFIG).write_text(
        "# Each learner's ~/.jupyter/nbgrader_config.py (or the folder they start Jupyter in)\n"
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {course_id!r}\n"
        f"c.Exchange.root = {str(exchange)!r}\n")
    for module in modules:
        shutil.copytree(SOLUTIONS_DIR / module, root / "source" / module,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        nbgrader(root, "generate_assignment", module)    # the gradebook learns the module and its points
    return root


def release(root: Path, module: str, *, regenerate: bool = False, force: bool = False) -> None:
    """generate_assignment (when the module has no release version yet, or asked to) and release_assignment."""
    if regenerate or not (root / "release" / module).is_dir():
        nbgrader(root, "generate_assignment", module, *(["--force"] if regenerate else []))
    nbgrader(root, "release_assignment", module, *(["--force"] if force else []))


def collect(root: Path, module: str, *, update: bool = False) -> list[str]:
    """`nbgrader collect`; returns one line per submission that will need a person."""
    from course.cohort_state import Cohort
    from course.nbgrader_intake import expected_notebooks, resolve
    nbgrader(root, "collect", module, *(["--update"] if update else []))
    cohort = Cohort.open(root)
    expected = expected_notebooks(cohort.db_url, module)
    notes = []
    for student in cohort.submitters(module):
        folder = cohort.folder("submitted", student, module)
        if not list(folder.glob("*.ipynb")):
            notes.append(f"needs attention: {student}: no notebook in the submission (nbgrader skips it)")
            continue
        for name in expected:
            problem = resolve(folder, name, expected).problem
            if problem:
                notes.append(f"needs attention: {student}: {problem}")
    return notes


def page_leaks(cohort, student: str, module: str, page: Path) -> list[str]:
    """Key lines quoted in one learner's feedback page, apart from lines the learner wrote themselves."""
    from course.cohort_state import read_graded_notebook
    from course.nbgrader_feedback import feedback_leaks
    graded = read_graded_notebook(cohort.folder("autograded", student, module) / f"{page.stem}.ipynb")
    own = "\n".join(cell.source for cell in graded.cells) if graded else ""
    return feedback_leaks(page.read_text(encoding="utf-8"), module, own)


def feedback(root: Path, module: str, *, release_it: bool = True) -> tuple[list[str], dict[str, str]]:
    """Feedback HTML for every graded submission, checked for grader code, then released to the exchange.
    Returns (students released, {student: why their feedback was held back})."""
    from course.cohort_state import Cohort
    nbgrader(root, "generate_feedback", module, "--force")
    cohort = Cohort.open(root)
    ready, held = [], {}
    for student in cohort.submitters(module):
        folder = cohort.folder("feedback", student, module)
        pages = sorted(folder.glob("*.html"))
        if not pages:
            continue
        leaks = [line for page in pages for line in page_leaks(cohort, student, module, page)]
        if leaks:
            held[student] = f"GRADER CODE IN FEEDBACK, not released: {leaks[0]!r}" + (
                f" and {len(leaks) - 1} more line(s)" if len(leaks) > 1 else "")
        elif not (folder / "submission_secret.txt").exists():
            held[student] = (f"not submitted through the exchange (no submission_secret.txt): hand over "
                             f"{folder.relative_to(cohort.root)}/*.html yourself")
        else:
            ready.append(student)
    if release_it and ready:
        exclude = [s for s in cohort.submitters(module) if s not in ready]
        nbgrader(root, "release_feedback", module,
                 *([f"--CourseDirectory.student_id_exclude={','.join(exclude)}"] if exclude else []))
    return ready, held


def export(root: Path, to: Path | None = None) -> Path:
    target = (to or root / "grades.csv").resolve()
    nbgrader(root, "export", f"--to={target}")
    return target


def status(root: Path, module: str) -> list[str]:
    from course.cohort_state import Cohort, submission_states
    lines = []
    for state in submission_states(Cohort.open(root), module):
        word = ("graded (resubmitted since)" if state.outdated else "graded") if state.graded else (
            "half-graded (an interrupted run): run autograde again" if state.incomplete else "not graded")
        lines.append(f"{state.student}: {word}" + "".join(f"; needs attention: {a}" for a in state.attention))
    return lines


# ---------------------------------------------------------------- command line

def add_parser(sub: argparse._SubParsersAction) -> None:
    """The `cohort` command and its steps, under `python -m course`."""
    cohort = sub.add_parser("cohort", help="run a cohort: init, release, collect, autograde, feedback, export, report",
                            description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    steps = cohort.add_subparsers(dest="step", required=True)

    def step(name: str, help_text: str, module: bool = True) -> argparse.ArgumentParser:
        parser = steps.add_parser(name, help=help_text)
        if module:
            parser.add_argument("module", help="e.g. 01-concurrent-writes")
        parser.add_argument("--course", type=Path, default=Path("."), help="the cohort folder (default: here)")
        return parser

    p = steps.add_parser("init", help="create a cohort course folder")
    p.add_argument("folder", type=Path)
    p.add_argument("--exchange", type=Path, help="nbgrader exchange folder (default: FOLDER/exchange)")
    p.add_argument("--course-id", default=COURSE_ID)
    p.add_argument("--modules", nargs="*", help="default: every module")
    p = step("release", "generate and release a module to the exchange")
    p.add_argument("--regenerate", action="store_true", help="regenerate from source/ (after editing it)")
    p.add_argument("--force", action="store_true", help="release again over an earlier release")
    p = step("collect", "collect submitted modules from the exchange")
    p.add_argument("--update", action="store_true", help="replace earlier collected submissions with newer ones")
    p = step("autograde", "judge on every core, then record the grades with one nbgrader autograde pass")
    p.add_argument("--workers", type=int, help="judging processes (default: one per core)")
    p.add_argument("--force", action="store_true", help="regrade submissions already graded")
    p.add_argument("--student", help="only these students (a glob, as nbgrader's --student)")
    p.add_argument("--reveal", action="store_true", help="feedback shows where missed flaws are (after the deadline)")
    p.add_argument("--no-progress", action="store_true")
    p = step("feedback", "generate feedback (no hidden tests, no grader code) and release it")
    p.add_argument("--no-release", action="store_true")
    p = step("export", "export grades as CSV", module=False)
    p.add_argument("--to", type=Path, help="default: COURSE/grades.csv")
    step("status", "each submission: graded, needs attention, not graded")
    p = step("report", "cohort analytics: flaws caught and named, each learner's progress (CSV and charts)", module=False)
    p.add_argument("--out", type=Path, help="default: COURSE/report")


def run(args: argparse.Namespace) -> int:
    from course.cohort_state import NotACohort
    try:
        return _run(args)
    except NotACohort as exc:
        print(exc, file=sys.stderr)
        return 2
    except RuntimeError as exc:      # an nbgrader step failed: its output is in the message
        print(exc, file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    if args.step == "init":
        root = init(args.folder, exchange=args.exchange, course_id=args.course_id, modules=args.modules)
        print(f"cohort created in {root}\n  learners need {root / LEARNER_CONFIG} as their nbgrader_config.py\n"
              f"  next: cd {root} && python -m course cohort release <module>")
        return 0
    root = args.course.resolve()
    from course.cohort_state import load_config
    load_config(root)         # a clear error before any nbgrader command runs in the wrong folder
    if args.step == "release":
        release(root, args.module, regenerate=args.regenerate, force=args.force)
        print(f"released {args.module}")
    elif args.step == "collect":
        notes = collect(root, args.module, update=args.update)
        print("\n".join(notes + [f"collected {args.module}"]))
    elif args.step == "autograde":
        from course.cohort_autograde import autograde, summary
        result = autograde(root, args.module, workers=args.workers, force=args.force, student=args.student,
                           reveal=args.reveal, progress=not args.no_progress)
        print(summary(result))
        return 0 if result.ok else 1
    elif args.step == "feedback":
        ready, held = feedback(root, args.module, release_it=not args.no_release)
        print(f"{args.module}: feedback {'generated' if args.no_release else 'released'} for {len(ready)} learner(s)")
        for student, why in sorted(held.items()):
            print(f"needs attention: {student}: {why}")
        return 1 if any("GRADER CODE" in why for why in held.values()) else 0
    elif args.step == "export":
        print(f"grades written to {export(root, args.to)}")
    elif args.step == "status":
        print("\n".join(status(root, args.module)) or "no submissions collected yet")
    elif args.step == "report":
        from course.analytics import write_report
        for path in write_report(root, args.out or root / "report"):
            print(f"wrote {path}")
    return 0
