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
- progress: per learner and module, score, maximum, percent and status.
A share is empty where the module has no exercise of that kind for the flaw.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from course import figures
from course.cohort.state import Cohort, read_graded_notebook, submission_states
from course.judge.exercises import FindingsExercise, TestsExercise, load_module_key
from course.nbgrader.intake import expected_notebooks, intake_mark
from course.nbgrader.judge import JUDGE_MARK

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FLAW_COLUMNS = ["module", "scenario", "flaw", "title", "categories", "tests_judged", "tests_caught_share",
                "findings_judged", "findings_named_share"]
CATEGORY_COLUMNS = ["module", "category", "flaws", "tests_caught_share", "findings_named_share"]
PROGRESS_COLUMNS = ["student", "module", "score", "max_score", "percent", "status"]


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


def judged_exercises(cohort: Cohort, module: str) -> dict[str, dict[str, list[str]]]:
    """{student: {exercise id: flaws found}} for every graded submission, from the judge's marks.
    An exercise the judge could not score is left out (it is neither caught nor missed), and so is a
    notebook intake had to stand in for (unreadable or missing: nothing is known of that learner's work)."""
    out: dict[str, dict[str, list[str]]] = {}
    names = expected_notebooks(cohort.db_url, module)
    for state in submission_states(cohort, module):
        if not state.graded:
            continue
        marks: dict[str, list[str]] = {}
        for name in names:
            nb = read_graded_notebook(cohort.folder("autograded", state.student, module) / f"{name}.ipynb")
            if nb is None or (intake_mark(nb) or {}).get("stand_in"):
                continue
            for cell in nb.cells:
                mark = cell.get("metadata", {}).get(JUDGE_MARK)
                if isinstance(mark, dict) and mark.get("judged") and mark.get("exercise"):
                    marks[mark["exercise"]] = list(mark.get("found", []))
        out[state.student] = marks
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


def cohort_tables(root: Path, modules: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """{"flaws", "categories", "progress"} for the cohort in `root` (every module in its gradebook by default)."""
    cohort = Cohort.open(Path(root))
    modules = modules or cohort.modules()
    flaws = flaw_table(cohort, modules)
    return {"flaws": flaws, "categories": category_table(flaws), "progress": progress_table(cohort, modules)}


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


def write_report(root: Path, out: Path, modules: list[str] | None = None) -> list[Path]:
    """flaws.csv, categories.csv, progress.csv, flaws.png and progress.png in `out`."""
    tables = cohort_tables(root, modules)
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
