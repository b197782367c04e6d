"""Cohort analytics: the field report's table for the instructor's own cohort (handbook 0 and 9).

Read from the cohort's course folder, after `autograde`:
- the gradebook gives every learner's score per module (progress);
- the judge's mark on each grade cell of the autograded notebooks (course.nbgrader.judge.judge_mark)
  says which keyed flaws the learner's tests caught and which their findings named;
- the keys say which flaws exist, their titles and their taxonomy categories.

Tables (pandas DataFrames, also written as CSV):
- flaws: per module and keyed flaw, the share of learners whose tests caught it (among those whose tests
  exercise for it was judged) and the share whose findings named it;
- categories: the same per taxonomy category (a flaw counts in each category it belongs to): caught and
  named learner-flaw pairs over judged pairs;
- practice: per practice module (course.practice.cohort) and item category, the share of answers that recognised
  the item (every flaw found and nothing fine flagged; a flaw-free item approved) and the median seconds from
  showing the snippet to answering it, where JupyterLab recorded cell timing;
- progress: per learner and module, score, maximum, percent and status;
- review: for a review of a whole change (module 08), the share of learners with a false alarm in each file under
  review, and the share who agreed with each AI reviewer comment, right or wrong.
A share is empty where the module has no exercise of that kind for the flaw.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
import statistics
from typing import TYPE_CHECKING, Any

import pandas as pd

from course import figures
from course.cohort.state import Cohort, read_graded_notebook, submission_states
from course.judge.exercises import FindingsExercise, TestsExercise, TriageExercise, load_module_key
from course.nbgrader.intake import expected_notebooks, intake_mark
from course.nbgrader.judge import JUDGE_MARK

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FLAW_COLUMNS = ["module", "scenario", "flaw", "title", "categories", "tests_judged", "tests_caught_share",
                "findings_judged", "findings_named_share"]
CATEGORY_COLUMNS = ["module", "category", "flaws", "tests_caught_share", "findings_named_share"]
PROGRESS_COLUMNS = ["student", "module", "score", "max_score", "percent", "status"]
REVIEW_COLUMNS = ["module", "exercise", "item", "kind", "judged", "share"]
PRACTICE_COLUMNS = ["module", "category", "items", "flaw_free_items", "answers", "recognised_share", "median_seconds",
                    "timed_answers"]


@dataclass
class KeyedFlaw:
    module: str
    scenario: str
    flaw: str
    title: str
    categories: tuple[str, ...]
    tests_exercise: str | None = None      # the tests exercise with a chaff carrying this flaw
    findings_exercise: str | None = None   # the findings exercise keying it


def keyed_flaws(module: str) -> list[KeyedFlaw]:
    """Every flaw of a module's keys, merged by scenario and flaw id across its tests and findings exercises."""
    flaws: dict[tuple[str, str], KeyedFlaw] = {}
    for ex in load_module_key(module).values():
        if isinstance(ex, TestsExercise):
            for chaff in ex.chaffs:
                if chaff.flaw is None:
                    continue
                entry = flaws.setdefault((ex.scenario, chaff.flaw), KeyedFlaw(
                    module, ex.scenario, chaff.flaw, ex.flaw_titles.get(chaff.flaw, chaff.flaw),
                    tuple(ex.flaw_categories.get(chaff.flaw, ()))))
                entry.tests_exercise = ex.id
        elif isinstance(ex, FindingsExercise):
            for flaw in ex.flaws:
                entry = flaws.setdefault((ex.scenario, flaw.id), KeyedFlaw(module, ex.scenario, flaw.id, flaw.title, ()))
                entry.title = flaw.title
                entry.categories = tuple(sorted(flaw.categories))    # the findings key is authoritative
                entry.findings_exercise = ex.id
    return sorted(flaws.values(), key=lambda f: (f.scenario, f.flaw))


def judged_marks(cohort: Cohort, module: str) -> dict[str, dict[str, dict[str, Any]]]:
    """{student: {exercise id: the judge's mark}} for every graded submission, and each one's notebook cells.
    An exercise the judge could not score is left out (it is neither caught nor missed), and so is a
    notebook intake had to stand in for (unreadable or missing: nothing is known of that learner's work)."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    names = expected_notebooks(cohort.db_url, module)
    for state in submission_states(cohort, module):
        if not state.graded:
            continue
        marks: dict[str, dict[str, Any]] = {}
        for name in names:
            nb = read_graded_notebook(cohort.folder("autograded", state.student, module) / f"{name}.ipynb")
            if nb is None or (intake_mark(nb) or {}).get("stand_in"):
                continue
            seconds = answer_seconds(nb)
            for cell in nb.cells:
                mark = cell.get("metadata", {}).get(JUDGE_MARK)
                if isinstance(mark, dict) and mark.get("judged") and mark.get("exercise"):
                    marks[mark["exercise"]] = {**mark, "seconds": seconds.get(mark["exercise"])}
        out[state.student] = marks
    return out


def judged_exercises(cohort: Cohort, module: str) -> dict[str, dict[str, list[str]]]:
    """{student: {exercise id: flaws found}} for every graded submission, from the judge's marks (judged_marks)."""
    return {student: {exercise: list(mark.get("found", [])) for exercise, mark in marks.items()}
            for student, marks in judged_marks(cohort, module).items()}


# The key JupyterLab 4 writes when the kernel starts running a cell, with "record timing" on (CodeCell.execute:
# `iopub.<message>` from each iopub message's header date, and shell.execute_reply(.started) from the reply).
STARTED_KEY = "iopub.execute_input"


def execution_started(cell: Any) -> datetime | None:
    """When the kernel started running `cell` the last time, from JupyterLab's `metadata.execution` (None when
    it recorded no timing or the stamp does not parse)."""
    text = (cell.get("metadata", {}).get("execution") or {}).get(STARTED_KEY)
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")) if isinstance(text, str) else None
    except ValueError:
        return None


def answer_seconds(nb: Any) -> dict[str, float]:
    """{exercise id: seconds} from the code cell before each answer cell (the one showing the snippet) to the answer
    cell, by JupyterLab's recorded cell timing (`metadata.execution`, its "record timing" setting; each cell keeps
    its last run). Answers without both times, or run before their snippet, are left out."""
    out: dict[str, float] = {}
    shown: datetime | None = None
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        meta = cell.get("metadata", {}).get("nbgrader", {})
        started = execution_started(cell)
        if meta.get("solution") and meta.get("grade_id"):
            if shown is not None and started is not None and started >= shown:
                out[meta["grade_id"]] = (started - shown).total_seconds()
            shown = None
        elif not meta.get("grade"):
            shown = started
    return out


def _share(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def flaw_table(cohort: Cohort, modules: list[str]) -> pd.DataFrame:
    rows = []
    for module in modules:
        judged = judged_exercises(cohort, module)
        for flaw in keyed_flaws(module):
            row: dict[str, Any] = {"module": module, "scenario": flaw.scenario, "flaw": flaw.flaw, "title": flaw.title,
                                   "categories": "|".join(flaw.categories)}
            for kind, exercise in (("tests", flaw.tests_exercise), ("findings", flaw.findings_exercise)):
                found = [marks[exercise] for marks in judged.values() if exercise in marks] if exercise else []
                row[f"{kind}_judged"] = len(found)
                share = _share(sum(flaw.flaw in f for f in found), len(found)) if exercise else None
                row["tests_caught_share" if kind == "tests" else "findings_named_share"] = share
            rows.append(row)
    return pd.DataFrame(rows, columns=FLAW_COLUMNS)


def category_table(flaws: pd.DataFrame) -> pd.DataFrame:
    """Per module and category: found learner-flaw pairs over judged pairs (each flaw in each of its categories)."""
    rows = []
    exploded = flaws.assign(category=flaws["categories"].replace("", "uncategorised").str.split("|")).explode("category")
    for (module, category), group in exploded.groupby(["module", "category"], sort=True):
        row: dict[str, Any] = {"module": module, "category": category, "flaws": len(group)}
        for judged, share, column in (("tests_judged", "tests_caught_share", "tests_caught_share"),
                                      ("findings_judged", "findings_named_share", "findings_named_share")):
            known = group[group[share].notna()]
            pairs = known[judged].sum()
            row[column] = _share(int(round((known[share] * known[judged]).sum())), int(pairs)) if len(known) else None
        rows.append(row)
    return pd.DataFrame(rows, columns=CATEGORY_COLUMNS)


def practice_table(cohort: Cohort, modules: list[str]) -> pd.DataFrame:
    """Per practice module and item category (a flaw-free item counts under the category it looks like, as in the
    drill's own stats): judged answers, the share recognised (full points: every flaw found and nothing fine
    flagged, or a flaw-free item approved) and the median seconds to answer (answer_seconds, where recorded)."""
    from course.practice.cohort import cohort_items

    rows = []
    for module in modules:
        items = cohort_items(module)
        if not items:
            continue
        marks = judged_marks(cohort, module)
        by_category: dict[str, list] = {}
        for entry in items:
            by_category.setdefault(entry.item.main_category, []).append(entry)
        for category, entries in sorted(by_category.items()):
            answers = [m[e.exercise_id] for m in marks.values() for e in entries if e.exercise_id in m]
            recognised = sum(float(a["score"]) >= float(a["points"]) for a in answers)
            seconds = [a["seconds"] for a in answers if a.get("seconds") is not None]
            rows.append({"module": module, "category": category, "items": len(entries),
                         "flaw_free_items": sum(e.item.flaw_free for e in entries), "answers": len(answers),
                         "recognised_share": _share(recognised, len(answers)),
                         "median_seconds": round(float(statistics.median(seconds)), 1) if seconds else None,
                         "timed_answers": len(seconds)})
    return pd.DataFrame(rows, columns=PRACTICE_COLUMNS)


def practice_text(path: Path) -> str:
    """The practice table written by write_report, as the lines `cohort report` prints ("" without practice)."""
    table = pd.read_csv(path)
    if table.empty:
        return ""
    lines = ["practice items: per category, answers recognised (every flaw found, nothing fine flagged) and the "
             "median time to answer", f"{'module':<16} {'category':<20} {'items':>5} {'answers':>7} {'recognised':>10} "
             f"{'median time':>11}"]
    for row in table.itertuples(index=False):
        share = "-" if pd.isna(row.recognised_share) else f"{100 * row.recognised_share:.0f}%"
        median = "-" if pd.isna(row.median_seconds) else f"{row.median_seconds:.0f} s"
        lines.append(f"{row.module:<16} {row.category:<20} {row.items:>5} {row.answers:>7} {share:>10} {median:>11}")
    if table["timed_answers"].sum() == 0:
        lines.append("(no times: learners' JupyterLab did not record cell timing)")
    return "\n".join(lines)


def progress_table(cohort: Cohort, modules: list[str]) -> pd.DataFrame:
    """Every learner in the gradebook, every module: score, maximum, percent, status."""
    from nbgrader.api import Gradebook
    rows = []
    states = {(s.student, m): s for m in modules for s in submission_states(cohort, m)}
    with Gradebook(cohort.db_url) as gb:
        students = sorted(s.id for s in gb.students)
        for module in modules:
            assignment = gb.find_assignment(module)
            scores = {s.student.id: s.score for s in assignment.submissions}
            for student in students:
                state = states.get((student, module))
                if state is None:
                    status, score = "not submitted", None
                elif not state.graded:
                    status, score = "not graded", None
                else:
                    status, score = ("needs attention" if state.attention else "graded"), scores.get(student)
                maximum = assignment.max_score
                rows.append({"student": student, "module": module, "score": score, "max_score": maximum,
                             "percent": round(100 * score / maximum, 1) if score is not None and maximum else None,
                             "status": status})
    return pd.DataFrame(rows, columns=PROGRESS_COLUMNS)


def review_table(modules: list[str], marks: dict[str, dict[str, dict[str, dict[str, Any]]]]) -> pd.DataFrame:
    """Per review of a whole change (module 08): for each file under review, the share of judged learners with a
    false alarm in it (flaw-free files make this the cohort's false-alarm rate per file); for each AI reviewer
    comment, the share of judged learners who agreed with it, and whether it is right (agreement with wrong
    comments is how far the AI moved the cohort). `marks` is {module: judged_marks(cohort, module)}."""
    rows = []
    for module in modules:
        for ex in load_module_key(module).values():
            judged = [m[ex.id] for m in marks.get(module, {}).values() if ex.id in m]
            if isinstance(ex, FindingsExercise) and ex.files:
                for file in ex.files:
                    hits = sum(file in m.get("false_alarm_files", []) for m in judged)
                    rows.append({"module": module, "exercise": ex.id, "item": file,
                                 "kind": "file (no flaw)" if file in ex.flaw_free_files else "file",
                                 "judged": len(judged), "share": _share(hits, len(judged))})
            elif isinstance(ex, TriageExercise):
                for comment in ex.comments:
                    hits = sum(comment.id in m.get("agreed", []) for m in judged)
                    rows.append({"module": module, "exercise": ex.id, "item": comment.id,
                                 "kind": "AI comment (right)" if comment.right else "AI comment (wrong)",
                                 "judged": len(judged), "share": _share(hits, len(judged))})
    return pd.DataFrame(rows, columns=REVIEW_COLUMNS)


def cohort_tables(root: Path, modules: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """{"flaws", "categories", "practice", "progress", "review"} for the cohort in `root` (every module in its
    gradebook by default; "practice" and "review" are empty without such a module)."""
    cohort = Cohort.open(Path(root))
    modules = modules or cohort.modules()
    flaws = flaw_table(cohort, modules)
    reviewed = [m for m in modules if any(isinstance(ex, TriageExercise) or getattr(ex, "files", ())
                                          for ex in load_module_key(m).values())]
    review = review_table(reviewed, {m: judged_marks(cohort, m) for m in reviewed})
    return {"flaws": flaws, "categories": category_table(flaws), "practice": practice_table(cohort, modules),
            "progress": progress_table(cohort, modules), "review": review}


def plot_flaws(flaws: pd.DataFrame) -> Figure:
    """One horizontal bar pair per flaw: tests caught it, findings named it (share of learners)."""
    labels = [f"{r.module[:2]} {r.scenario}: {r.flaw}" for r in flaws.itertuples()]
    fig = figures.new_figure(figsize=(8, 0.45 * max(4, len(flaws)) + 1))
    ax = fig.subplots()
    y = range(len(flaws))
    ax.barh([i + 0.2 for i in y], flaws["tests_caught_share"].fillna(0) * 100, height=0.4, label="tests caught it")
    ax.barh([i - 0.2 for i in y], flaws["findings_named_share"].fillna(0) * 100, height=0.4, label="findings named it")
    ax.set_yticks(list(y), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("learners (%)")
    ax.set_title("Which flaws the cohort finds")
    ax.legend(loc="lower right")
    fig.tight_layout()
    return fig


def plot_progress(progress: pd.DataFrame) -> Figure:
    """Learners by modules, coloured by percent of the points (blank: not graded)."""
    grid = progress.pivot(index="student", columns="module", values="percent").astype(float)
    rows = grid.shape[0]
    fig = figures.new_figure(figsize=(1.6 * max(2, grid.shape[1]) + 2, min(16.0, 0.35 * max(4, rows) + 1.2)))
    ax = fig.subplots()
    image = ax.imshow(grid.values, vmin=0, vmax=100, cmap="viridis", aspect="auto")
    ax.set_xticks(range(grid.shape[1]), grid.columns, rotation=30, ha="right")
    if rows <= 40:                       # beyond that, names would overlap: the CSV has them
        ax.set_yticks(range(rows), grid.index)
    else:
        ax.set_yticks([])
        ax.set_ylabel(f"{rows} learners")
    ax.set_title("Each learner's progress")
    fig.colorbar(image, ax=ax, label="points (%)")
    fig.tight_layout()
    return fig


SELF_CHECK_COLUMNS = ["module", "exercise", "learners", "checks", "checks_per_learner", "turned_away",
                      "reached_full_marks"]


SELF_CHECK_LEARNER_COLUMNS = ["module", "exercise", "user", "checks", "exercise_median", "times_median",
                              "findings_judged_one_by_one", "best_fraction"]


def _attempts_log(attempts: Path) -> tuple[pd.DataFrame, dict[tuple[str, str, str], int]]:
    """The judge service's attempts, one row per check, and the findings judged one by one per learner and exercise."""
    from course.service.attempts import Attempts
    if not Path(attempts).is_file():
        raise RuntimeError(f"no judge service attempts log at {attempts} (on the hub it is "
                           "judge-service/judge-attempts.sqlite3 in the hub's state folder)")
    log = Attempts(Path(attempts))
    try:
        return pd.DataFrame(log.rows()), log.findings_judged()
    finally:
        log.close()


def self_check_table(attempts: Path) -> pd.DataFrame:
    """Per exercise, from the judge service's attempts log (course.service.attempts): how many learners checked,
    how often, how many checks were turned away (busy, rate limit), and how many learners reached full marks."""
    rows, _ = _attempts_log(attempts)
    if rows.empty:
        return pd.DataFrame(columns=SELF_CHECK_COLUMNS)
    out = []
    for (module, exercise), group in rows.groupby(["module", "exercise"], sort=True):
        answered = group[group["outcome"].isin(["judged", "cached"])]
        learners = group["user"].nunique()
        out.append({"module": module, "exercise": exercise, "learners": learners, "checks": len(answered),
                    "checks_per_learner": round(len(answered) / learners, 2) if learners else None,
                    "turned_away": int(group["outcome"].isin(["busy", "limited"]).sum()),
                    "reached_full_marks": int(answered[answered["fraction"] >= 1.0]["user"].nunique())})
    return pd.DataFrame(out, columns=SELF_CHECK_COLUMNS)


def self_check_learners(attempts: Path) -> pd.DataFrame:
    """Per learner and exercise, most checks against the exercise's median first: who answered by asking.

    Staged feedback never names a missed flaw, but a score is still a signal: enough self-checks of guesses find
    the flaws from it, past any budget of findings judged one by one (measured: module 08's review to 0.5 in about
    350 checks). The judge cannot tell that from honest revising; the instructor can, from this table: the checks
    (judged or cached), the exercise's median over its learners, their ratio, how many distinct findings the
    service judged one by one for the learner (course.service.attempts), and the best score reached."""
    rows, spent = _attempts_log(attempts)
    if rows.empty:
        return pd.DataFrame(columns=SELF_CHECK_LEARNER_COLUMNS)
    answered = rows[rows["outcome"].isin(["judged", "cached"])]
    out = []
    for (module, exercise), group in answered.groupby(["module", "exercise"], sort=True):
        per_user = group.groupby("user")
        checks, best = per_user.size(), per_user["fraction"].max()   # once per exercise, not per learner
        median = float(checks.median())
        for user, count in checks.items():
            out.append({"module": module, "exercise": exercise, "user": user, "checks": int(count),
                        "exercise_median": median, "times_median": round(count / median, 2),
                        "findings_judged_one_by_one": spent.get((user, module, exercise), 0),
                        "best_fraction": best[user]})
    table = pd.DataFrame(out, columns=SELF_CHECK_LEARNER_COLUMNS)
    return table.sort_values(["times_median", "checks", "module", "exercise", "user"],
                             ascending=[False, False, True, True, True], ignore_index=True)


def write_report(root: Path, out: Path, modules: list[str] | None = None, attempts: Path | None = None) -> list[Path]:
    """flaws.csv, categories.csv, practice.csv, progress.csv, review.csv, flaws.png and progress.png in `out`; with
    the judge service's attempts log, self_checks.csv and self_check_learners.csv too."""
    tables = cohort_tables(root, modules)
    if attempts is not None:
        tables["self_checks"] = self_check_table(attempts)
        tables["self_check_learners"] = self_check_learners(attempts)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in tables.items():
        path = out / f"{name}.csv"
        table.to_csv(path, index=False)
        written.append(path)
    for name, figure in (("flaws", plot_flaws(tables["flaws"])), ("progress", plot_progress(tables["progress"]))):
        path = out / f"{name}.png"
        figure.savefig(path, dpi=110)
        written.append(path)
    return written
