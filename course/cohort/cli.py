"""`python -m course cohort ...`: one command per step of running a cohort on real nbgrader.

    init DIR        a cohort course folder: nbgrader_config.py (loads grading/nbgrader_config.py, so plain
                    `nbgrader` and formgrader grade exactly as these commands do), source/ copied from
                    solutions/, a SQLite gradebook with every module, an exchange folder
    release M       nbgrader generate_assignment + release_assignment
    collect M       nbgrader collect, then says which submissions will need a person
    autograde M     judge on every core, record with one nbgrader autograde pass (course.cohort.autograde)
    feedback M      nbgrader generate_feedback, a check that no grader code reached it, release_feedback
    export          nbgrader export (grades.csv)
    status M        each submission: graded, needs attention, not graded
    report          the cohort's analytics: per flaw and category, per learner (course.cohort.analytics)

Every step but init runs in the cohort folder (the current directory, or --course DIR). Each step is a module
of this package (course.cohort.init, .release, .collect, .autograde, .feedback, .export, .status, .analytics);
this one only parses and dispatches.
"""
from __future__ import annotations

import argparse
from pathlib import Path
import sys

from course.nbgrader.tools import COURSE_ID


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
    p.add_argument("--scheduler", help="judge on the dask cluster at this address (tcp://HOST:8786; default: $COURSE_DASK_SCHEDULER, else a local cluster of --workers processes)")
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
    p.add_argument("--attempts", type=Path, help="the judge service's attempts log (on the hub: "
                   "HUB_STATE/judge-service/judge-attempts.sqlite3): adds self_checks.csv and self_check_learners.csv")


def run(args: argparse.Namespace) -> int:
    from course.cohort.state import NotACohort
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
        from course.cohort.init import LEARNER_CONFIG, init
        root = init(args.folder, exchange=args.exchange, course_id=args.course_id, modules=args.modules)
        print(f"cohort created in {root}\n  learners need {root / LEARNER_CONFIG} as their nbgrader_config.py\n"
              f"  next: cd {root} && python -m course cohort release <module>")
        return 0
    root = args.course.resolve()
    from course.cohort.state import load_config
    load_config(root)         # a clear error before any nbgrader command runs in the wrong folder
    if args.step == "release":
        from course.cohort.release import release
        release(root, args.module, regenerate=args.regenerate, force=args.force)
        print(f"released {args.module}")
    elif args.step == "collect":
        from course.cohort.collect import collect
        notes = collect(root, args.module, update=args.update)
        print("\n".join(notes + [f"collected {args.module}"]))
    elif args.step == "autograde":
        from course.cohort.autograde import autograde, summary
        result = autograde(root, args.module, workers=args.workers, scheduler=args.scheduler, force=args.force, student=args.student,
                           reveal=args.reveal, progress=not args.no_progress)
        print(summary(result))
        return 0 if result.ok else 1
    elif args.step == "feedback":
        from course.cohort.feedback import feedback
        ready, held = feedback(root, args.module, release_it=not args.no_release)
        print(f"{args.module}: feedback {'generated' if args.no_release else 'released'} for {len(ready)} learner(s)")
        for student, why in sorted(held.items()):
            print(f"needs attention: {student}: {why}")
        return 1 if any("GRADER CODE" in why for why in held.values()) else 0
    elif args.step == "export":
        from course.cohort.export import export
        print(f"grades written to {export(root, args.to)}")
    elif args.step == "status":
        from course.cohort.status import status
        print("\n".join(status(root, args.module)) or "no submissions collected yet")
    elif args.step == "report":
        from course.cohort.analytics import practice_text, write_report
        out = args.out or root / "report"
        for path in write_report(root, out, attempts=args.attempts):
            print(f"wrote {path}")
        if text := practice_text(out / "practice.csv"):
            print(text)
    return 0
