"""`cohort feedback M`: nbgrader generate_feedback, a check that no grader code reached a page, release_feedback."""
from __future__ import annotations

from pathlib import Path

from course.nbgrader.tools import nbgrader


def page_leaks(cohort, student: str, module: str, page: Path) -> list[str]:
    """Key lines quoted in one learner's feedback page, apart from lines the learner wrote themselves."""
    from course.cohort.state import read_graded_notebook
    from course.nbgrader.feedback import feedback_leaks
    graded = read_graded_notebook(cohort.folder("autograded", student, module) / f"{page.stem}.ipynb")
    own = "\n".join(cell.source for cell in graded.cells) if graded else ""
    return feedback_leaks(page.read_text(encoding="utf-8"), module, own)


def feedback(root: Path, module: str, *, release_it: bool = True) -> tuple[list[str], dict[str, str]]:
    """Feedback HTML for every graded submission, checked for grader code, then released to the exchange.
    Returns (students released, {student: why their feedback was held back})."""
    from course.cohort.state import Cohort
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
