"""`python -m course check NOTEBOOK`: the learner's self-check, the same judge the instructor's autograde runs.

It reads the saved notebook (the judge reads files, not the live kernel), so it warns when the file looks
older than the learner's work, and names answers still empty in the saved file.
"""
from __future__ import annotations

from pathlib import Path
import sys
import time


def _module_of(notebook: Path) -> str:
    from course.judge.exercises import load_module_key
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


def _use_service(module: str) -> bool:
    """In a cohort learner's server the keys are the judge service's (course.service): ask it instead."""
    from course.paths import keys_available
    from course.service.client import service_url
    return not keys_available(module) and service_url() is not None


def _remote_verdicts(nb, module: str) -> dict:
    """Verdicts for every grade cell from the judge service (staged feedback); a refusal is a 0 that says why."""
    from course.judge.engine import SCORE_SUFFIX, Verdict
    from course.judge.reading import notebook_answers
    from course.service import client
    grade_ids, answers = notebook_answers(nb)
    verdicts = {}
    for grade_id in grade_ids:
        exercise_id = grade_id[: -len(SCORE_SUFFIX)] if grade_id.endswith(SCORE_SUFFIX) else grade_id
        try:
            remote = client.check(module, exercise_id, answers.get(exercise_id, ""))
            verdicts[grade_id] = Verdict(exercise_id, remote.fraction, remote.feedback)
        except client.ServiceUnavailable as exc:
            verdicts[grade_id] = Verdict(exercise_id, 0.0, f"Not checked: {exc}.")
    return verdicts


def check(notebook: Path, reveal: bool) -> int:
    """Judge the saved notebook as autograde would (the same reading, course.judge.reading) and print it."""
    import nbformat
    from course.answers import answer_body, is_unanswered
    from course.judge.engine import judge_limits, judge_notebook
    from course.judge.reading import assignment, notebook_answers, sanitize
    from course.judge.scoring import clamp_score, feedback_text

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
    module = _module_of(notebook)
    cells = assignment(module)
    if cells is None:
        print(f"note: no source notebook for {module!r} in solutions/: cells are read as saved")
    sanitize(nb, cells, lambda text: print(f"note: {feedback_text(text)} (the grader reads it the same way)"))
    _, answers = notebook_answers(nb)
    unanswered = [grade_id for grade_id, source in answers.items() if is_unanswered(answer_body(source))]
    if unanswered:
        print(f"note: still unanswered in the saved file: {', '.join(unanswered)} (did you save?)")
    verdicts = _remote_verdicts(nb, module) if _use_service(module) else judge_notebook(nb, module, reveal=reveal)
    total = earned = 0.0
    points = {c["metadata"]["nbgrader"]["grade_id"]: float(c["metadata"]["nbgrader"].get("points", 0))
              for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade")}
    for grade_id, verdict in verdicts.items():
        p = points.get(grade_id, 0.0)
        s = clamp_score(verdict.fraction * p, p)
        total += p
        earned += s
        print(feedback_text(f"\n== {verdict.exercise_id}: {s:g} / {p:g}\n{verdict.feedback}"))
    print(f"\nTotal: {earned:g} / {total:g} points ({module})")
    return 0
