"""Command line: `check NOTEBOOK` (self-check), `lab`, `practice ...`, `build`, `new-scenario`, `check-keys` (authors),
`cohort ...`.

Each verb lives in the package of its role; this file only parses and dispatches.
"""
from __future__ import annotations

import argparse
from pathlib import Path
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course")
    sub = parser.add_subparsers(dest="command", required=True)
    p_check = sub.add_parser("check", help="grade your saved notebook with the course judge")
    p_check.add_argument("notebook", type=Path)
    p_check.add_argument("--reveal", action="store_true", help="also show where missed flaws are")
    p_build = sub.add_parser("build", help="regenerate modules/ from solutions/ with nbgrader")
    p_build.add_argument("modules", nargs="*")
    sub.add_parser("lab", help="start JupyterLab on the learner notebooks")
    p_new = sub.add_parser("new-scenario", help="create a scenario's snippet, public package and key from templates")
    p_new.add_argument("module", help="module folder, e.g. 01-concurrent-writes")
    p_new.add_argument("name", help="scenario name (lowercase identifier, unique across modules)")
    p_new.add_argument("--kind", required=True, choices=["tests", "findings", "fix", "full"])
    p_new.add_argument("--snippet", help="the snippet's file name (default NAME.py)")
    p_new.add_argument("--title", default="", help="what learners see as the scenario's title")
    p_keys = sub.add_parser("check-keys", help="check modules' keys against their snippets and notebooks")
    p_keys.add_argument("modules", nargs="*")
    from course.cohort.cli import add_parser as add_cohort_parser
    add_cohort_parser(sub)
    from course.practice.cli import add_parser as add_practice_parser
    add_practice_parser(sub)
    args = parser.parse_args(argv)
    if args.command == "check":
        from course.judge.check import check
        return check(args.notebook, args.reveal)
    if args.command == "new-scenario":
        from course.authoring.scaffold import ScaffoldError, new_scenario
        try:
            written = new_scenario(args.module, args.name, args.kind, snippet=args.snippet, title=args.title)
        except ScaffoldError as exc:
            print(f"Cannot create the scenario: {exc}", file=sys.stderr)
            return 2
        for path in written:
            print(f"wrote {path}")
        print(f"Next: replace each example and delete its FILL IN lines; `python -m course check-keys {args.module}` "
              "names what is left. `make build` then regenerates the learner notebook.")
        return 0
    if args.command == "check-keys":
        from course.authoring.build import module_names
        from course.authoring.keycheck import check_module
        failed = 0
        for module in args.modules or module_names():
            problems = check_module(module)
            print(f"{module}: {'ok' if not problems else f'{len(problems)} problem(s)'}")
            for problem in problems:
                print(f"  {problem}")
            failed += bool(problems)
        return 1 if failed else 0
    if args.command == "build":
        from course.authoring.build import build
        for path in build(args.modules or None):
            print(f"built {path}")
        return 0
    if args.command == "cohort":
        from course.cohort.cli import run as run_cohort
        return run_cohort(args)
    if args.command == "practice":
        from course.practice.cli import run as run_practice
        return run_practice(args)
    if args.command == "lab":
        from course.notebook.lab import main as lab
        lab()
    return 1


if __name__ == "__main__":
    sys.exit(main())
