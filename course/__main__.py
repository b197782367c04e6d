"""Command line: `python -m course check NOTEBOOK` (self-check), `build`, `lab`, and `cohort ...` (instructors)."""
from __future__ import annotations

import argparse
from pathlib import Path
import sys
import time


def _module_of(notebook: Path) -> str:
    from course.exercises import load_module_key
    for candidate in (notebook.parent.name, notebook.stem):
        try:
            if load_module_key(candidate):
                return candidate
        except Exception:
            continue
    return notebook.parent.name


def _looks_unsaved(notebook: Path) -> list[str]:
    """Reasons the saved file may not hold the learner's latest work."""
    warnings: list[str] = []
    from jupyter_core.paths import jupyter_runtime_dir
    servers = list(Path(jupyter_runtime_dir()).glob("jpserver-*.json"))
    age = time.time() - notebook.stat().st_mtime
    if servers and age > 600:
        warnings.append(f"{notebook.name} was last saved {age / 60:.0f} minutes ago and JupyterLab is running: "
                        "if you changed it since, save it first (Ctrl+S) - the judge reads the saved file.")
    return warnings


def check(notebook: Path, reveal: bool) -> int:
    import nbformat
    from course.answers import answer_body, is_unanswered
    from course.judge import judge_limits, judge_notebook

    try:
        judge_limits()   # as the grader does: a misconfigured limit is an error, not a zero per exercise
    except ValueError as exc:
        print(f"Cannot check: {exc}", file=sys.stderr)
        return 2
    try:
        nb = nbformat.read(str(notebook), as_version=4)
    except Exception as exc:
        print(f"Cannot read {notebook}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    for w in _looks_unsaved(notebook):
        print(f"warning: {w}")
    unanswered = [c["metadata"]["nbgrader"]["grade_id"] for c in nb.cells
                  if c.get("metadata", {}).get("nbgrader", {}).get("solution") and is_unanswered(answer_body(c.source))]
    if unanswered:
        print(f"note: still unanswered in the saved file: {', '.join(unanswered)} (did you save?)")
    module = _module_of(notebook)
    verdicts = judge_notebook(nb, module, reveal=reveal)
    total = earned = 0.0
    points = {c["metadata"]["nbgrader"]["grade_id"]: float(c["metadata"]["nbgrader"].get("points", 0))
              for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade")}
    from course.scoring import clamp_score
    for grade_id, verdict in verdicts.items():
        p = points.get(grade_id, 0.0)
        s = clamp_score(verdict.fraction * p, p)
        total += p
        earned += s
        print(f"\n== {verdict.exercise_id}: {s:g} / {p:g}\n{verdict.feedback}")
    print(f"\nTotal: {earned:g} / {total:g} points ({module})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course")
    sub = parser.add_subparsers(dest="command", required=True)
    p_check = sub.add_parser("check", help="grade your saved notebook with the course judge")
    p_check.add_argument("notebook", type=Path)
    p_check.add_argument("--reveal", action="store_true", help="also show where missed flaws are")
    p_build = sub.add_parser("build", help="regenerate modules/ from solutions/ with nbgrader")
    p_build.add_argument("modules", nargs="*")
    sub.add_parser("lab", help="start JupyterLab on the learner notebooks")
    from course.cohort import add_parser as add_cohort_parser
    add_cohort_parser(sub)
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.notebook, args.reveal)
    if args.command == "build":
        from course.build import build
        for path in build(args.modules or None):
            print(f"built {path}")
        return 0
    if args.command == "cohort":
        from course.cohort import run as run_cohort
        return run_cohort(args)
    if args.command == "lab":
        from course.lab import main as lab
        lab()
    return 1


if __name__ == "__main__":
    sys.exit(main())
