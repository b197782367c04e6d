"""A second opinion from a static analyser: Bandit (pinned in the environment files), run in a subprocess.

`bandit_findings(paths)` runs `python -m bandit -f json` on the files and returns one row per issue (the file,
the lines, Bandit's test id and name, its severity and confidence, and its text). `beside(findings, table)`
puts a learner's findings list and Bandit's issues for the same file side by side, one row per line span, so
the notebook can show where the two agree, what only the reviewer saw and what only the tool flagged.
Nothing here knows the answer key: it compares two lists of line spans.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
import json
from pathlib import Path
import subprocess
import sys

import pandas as pd

COLUMNS = ["file", "lines", "test", "severity", "confidence", "issue"]


class ScannerUnavailable(RuntimeError):
    """Bandit could not run (not installed in this environment, or it failed)."""


def bandit_findings(paths: Iterable[str | Path], timeout: float = 60) -> pd.DataFrame:
    """Bandit's issues in these files, one row each, in file and line order."""
    files = [str(Path(p)) for p in paths]
    try:
        proc = subprocess.run([sys.executable, "-m", "bandit", "-q", "-f", "json", *files],
                              capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ScannerUnavailable(f"bandit did not run: {exc}") from None
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        raise ScannerUnavailable("bandit did not run (is it installed? `pip install bandit`): "
                                 + (proc.stderr.strip().splitlines() or ["no output"])[-1]) from None
    rows = []
    for issue in report.get("results", []):
        span = issue.get("line_range") or [issue["line_number"]]
        rows.append({"file": Path(issue["filename"]).name, "lines": (min(span), max(span)),
                     "test": f'{issue["test_id"]} {issue["test_name"]}', "severity": issue["issue_severity"].lower(),
                     "confidence": issue["issue_confidence"].lower(), "issue": issue["issue_text"]})
    table = pd.DataFrame(rows, columns=COLUMNS)
    return table.sort_values(["file", "lines"], kind="stable").reset_index(drop=True)


def _grade(issue: dict) -> str:
    return f'{issue["severity"]} severity, {issue["confidence"]} confidence'


def _overlaps(a: Sequence[int], b: Sequence[int]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def beside(findings: Sequence[dict] | None, table: pd.DataFrame, file: str) -> pd.DataFrame:
    """Your findings and Bandit's issues for one file, one row per line span, matched where they overlap."""
    mine = [f for f in (findings or []) if isinstance(f, dict) and isinstance(f.get("lines"), (tuple, list))
            and len(f["lines"]) == 2]
    theirs = table[table["file"] == file].to_dict("records")
    rows, used = [], set()
    for finding in mine:
        span = tuple(finding["lines"])
        match = [i for i, issue in enumerate(theirs) if i not in used and _overlaps(span, issue["lines"])]
        used.update(match)
        rows.append({"lines": f"{span[0]}-{span[1]}" if span[0] != span[1] else str(span[0]),
                     "you": f'{finding.get("category", "?")}: {str(finding.get("why", ""))}',
                     "bandit": "; ".join(f'{theirs[i]["test"]} ({_grade(theirs[i])})' for i in match) or "(nothing)"})
    for i, issue in enumerate(theirs):
        if i not in used:
            first, last = issue["lines"]
            rows.append({"lines": f"{first}-{last}" if first != last else str(first), "you": "(nothing)",
                         "bandit": f'{issue["test"]} ({_grade(issue)}): {issue["issue"]}'})
    frame = pd.DataFrame(rows, columns=["lines", "you", "bandit"])
    key = frame["lines"].map(lambda s: int(s.split("-")[0])) if len(frame) else frame["lines"]
    return frame.assign(_k=key).sort_values("_k", kind="stable").drop(columns="_k").reset_index(drop=True)
