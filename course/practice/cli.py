"""`python -m course practice ...`: the learner's practice progress, from their own record.

    stats                   per category, per day, calibration and the streak, as tables
    export [--out FILE]     every answer as CSV (default: to the terminal)

Both read the record (course.practice.record: COURSE_PRACTICE_RECORD, or .practice/record.sqlite in the course
copy) and never create it: with no record yet, they say so.
"""
from __future__ import annotations

import argparse
from datetime import datetime, timezone
from pathlib import Path
import sys

from typing import TYPE_CHECKING

if TYPE_CHECKING:   # imported when a verb runs, so `python -m course --help` stays quick (pandas, fsrs)
    from course.practice.record import Attempt


def add_parser(sub: argparse._SubParsersAction) -> None:
    """The `practice` command and its verbs, under `python -m course`."""
    practice = sub.add_parser("practice", help="your daily practice drill: stats, export",
                              description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    verbs = practice.add_subparsers(dest="verb", required=True)
    for name, help_text in (("stats", "your progress as tables"), ("export", "every answer as CSV")):
        parser = verbs.add_parser(name, help=help_text)
        parser.add_argument("--record", type=Path, help="the record file (default: your course copy's)")
        if name == "export":
            parser.add_argument("--out", type=Path, help="CSV file to write (default: the terminal)")


def _attempts(path: Path) -> tuple[list["Attempt"], list[str]]:
    from course.practice.record import Record

    with Record(path) as record:
        return record.attempts(), list(record.notices)


def run(args: argparse.Namespace) -> int:
    """Run the verb; 0 on success, 2 when the record cannot be read."""
    from course.practice import stats
    from course.practice.record import RecordError, record_path

    path = args.record or record_path()
    if not path.exists():
        print(f"No practice record yet at {path}: start the drill in the practice notebook.")
        return 0
    try:
        attempts, notices = _attempts(path)
    except RecordError as exc:
        print(f"Cannot read the practice record: {exc}", file=sys.stderr)
        return 2
    for notice in notices:
        print(notice, file=sys.stderr)
    if args.verb == "stats":
        print(stats.stats_text(attempts, datetime.now(timezone.utc)))
        return 0
    if args.out:
        with args.out.open("w", newline="", encoding="utf-8") as fh:
            written = stats.export_csv(attempts, fh)
        print(f"wrote {written} answer(s) to {args.out}")
    else:
        stats.export_csv(attempts, sys.stdout)
    return 0
