"""Self-check attempts and the hints they unlocked, per exercise, in a small JSON file beside the notebook.

The score cells count each self-check (course.notebook.score): the hint tier shown grows with the failed attempts
(course.judge.report: the review question first, then the region of the code), and the tier reached is written
here. The file sits in the module's folder, so `nbgrader submit` hands it in with the notebook and the judge
records the hints used for the instructor (course.nbgrader.judge, `hints_used` in its mark). It is the learner's
own file: it only ever reports, it never changes a score, and it is read defensively (size capped, plain ints).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from course.judge.report import DEFAULT_TIER, MAX_TIER

FILE_NAME = ".course-attempts.json"
MAX_BYTES = 64_000


def notebook_folder() -> Path | None:
    """The running notebook's folder (Jupyter Server tells the kernel its path in JPY_SESSION_NAME), else None:
    outside a real notebook session (nbclient runs, tests) nothing is recorded."""
    path = Path(os.environ.get("JPY_SESSION_NAME", ""))
    return path.parent if path.name.endswith(".ipynb") and path.is_file() else None


def read(folder: Path | None) -> dict[str, dict[str, int]]:
    """{exercise id: {"attempts", "failed", "hints"}} from the folder's file; {} when absent or not usable."""
    if folder is None:
        return {}
    path = Path(folder) / FILE_NAME
    try:
        if path.stat().st_size > MAX_BYTES:
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    out: dict[str, dict[str, int]] = {}
    for exercise, entry in data.items():
        if isinstance(exercise, str) and isinstance(entry, dict):
            counts = {k: entry.get(k) for k in ("attempts", "failed", "hints")}
            if all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 10**6 for v in counts.values()):
                out[exercise] = counts   # type: ignore[assignment]
    return out


def tier_after(failed: int) -> int:
    """The hint tier a learner sees after `failed` failed attempts (this one included): the review question from
    the first, the region of the code from the second."""
    return max(DEFAULT_TIER, min(MAX_TIER, failed))


def record(exercise_id: str, fraction: float, folder: Path | None) -> int:
    """Count one self-check of `exercise_id` and return the hint tier to show with its feedback."""
    counts = read(folder).get(exercise_id, {"attempts": 0, "failed": 0, "hints": 0})
    failed = counts["failed"] + (1 if fraction < 1 else 0)
    return tier_after(failed) if fraction < 1 else tier_after(counts["failed"])


def save(exercise_id: str, fraction: float, hints: int, folder: Path | None) -> None:
    """Write this attempt and the hint tier it showed (never lowered). A folder that cannot be written is skipped:
    counting attempts must never stop a self-check."""
    if folder is None:
        return
    data = read(folder)
    counts = data.get(exercise_id, {"attempts": 0, "failed": 0, "hints": 0})
    data[exercise_id] = {"attempts": counts["attempts"] + 1, "failed": counts["failed"] + (1 if fraction < 1 else 0),
                         "hints": max(counts["hints"], hints)}
    try:
        (Path(folder) / FILE_NAME).write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    except OSError:
        pass


def hints_used(folder: Path | None) -> dict[str, int]:
    """{exercise id: the highest hint tier shown}: what the instructor's gradebook marks record."""
    return {exercise: counts["hints"] for exercise, counts in read(folder).items()}
