"""Your progress across the modules, from files on disk only: each module's saved notebook, your catalog and your
practice record. No server state, no network.

Per module: the self-check score of the SAVED notebook (judged exactly as `python -m course check` judges it, through
course.judge.check, so the two always agree; verdicts come from the judge's cache after the first time), the
exercises answered, and your catalog entries; then the practice streak. `progress_table` gives the numbers,
`progress_figure` the chart, `show_progress` both (the progress notebook calls it).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from course.paths import MODULES_DIR

if TYPE_CHECKING:
    from matplotlib.figure import Figure

COLUMNS = ["module", "answered", "exercises", "score", "points", "catalog_entries", "saved"]


def learner_modules(root: Path = MODULES_DIR) -> list[str]:
    """The numbered module folders under `root` that hold a notebook, in order (not the practice or glossary)."""
    return sorted(p.name for p in root.iterdir() if p.is_dir() and p.name[:2].isdigit() and any(p.glob("*.ipynb")))


class NotebookUnreadable(Exception):
    """A module's saved notebook is not a readable notebook (the judge's own faults are never this)."""


def _catalog_counts() -> dict[str, int]:
    from course.notebook import catalog
    try:
        table = catalog.load()
    except catalog.CatalogError:
        return {}
    return table["module"].value_counts().to_dict()


def module_row(notebook: Path, catalog_entries: int, judge: bool = True) -> dict:
    """One module's row: answered and total exercises of the saved notebook, its self-check score and points
    (score None without judging, or where the keys are not on this machine), catalog entries, last saved."""
    from datetime import datetime

    from course.judge.check import read_saved_notebook, scored, unanswered_ids
    from course.judge.reading import notebook_answers
    from course.paths import keys_available

    try:
        nb, module = read_saved_notebook(notebook, note=lambda _: None)
    except (OSError, ValueError) as exc:     # nbformat's NotJSONError is a ValueError
        raise NotebookUnreadable(str(exc)) from exc
    grade_ids, answers = notebook_answers(nb)
    points = sum(float(c["metadata"]["nbgrader"].get("points", 0)) for c in nb.cells
                 if c.get("metadata", {}).get("nbgrader", {}).get("grade"))
    score = None
    if judge and keys_available(module):
        from course.judge.engine import judge_notebook
        score = sum(s for s, _ in scored(nb, judge_notebook(nb, module)).values())
    return {"module": notebook.parent.name, "answered": len(answers) - len(unanswered_ids(nb)),
            "exercises": len(answers), "score": score, "points": points, "catalog_entries": catalog_entries,
            "saved": datetime.fromtimestamp(notebook.stat().st_mtime).strftime("%Y-%m-%d %H:%M")}


def progress_table(root: Path = MODULES_DIR, judge: bool = True) -> pd.DataFrame:
    """One row per module (COLUMNS). A notebook that cannot be read gets a row with its exercises unknown."""
    counts = _catalog_counts()
    rows = []
    for module in learner_modules(root):
        notebook = sorted((root / module).glob("*.ipynb"))[0]
        try:
            rows.append(module_row(notebook, counts.get(module, 0), judge))
        except NotebookUnreadable:   # a file that is not a notebook: the row says nothing is known, never guesses
            rows.append({"module": module, "answered": None, "exercises": None, "score": None, "points": None,
                         "catalog_entries": counts.get(module, 0), "saved": "cannot be read"})
    return pd.DataFrame(rows, columns=COLUMNS)


@dataclass(frozen=True)
class Streak:
    text: str          # "Practice: 3-day streak, 42 items done, 71% right", or why it is unknown
    days: int | None


def practice_streak() -> Streak:
    """The practice record's summary line and streak (course.practice.stats), never creating the record."""
    from course.practice.stats import practice_summary
    try:
        summary = practice_summary()
    except Exception as exc:   # a record that cannot be read: say so, the rest of the page still shows
        return Streak(f"Practice: your record cannot be read ({type(exc).__name__}: {exc}).", None)
    return Streak(summary.text(), summary.streak)


def progress_figure(table: pd.DataFrame, streak: Streak) -> "Figure":
    """Per module, two bars: the share of exercises answered and the share of points the self-check gives."""
    from course.figures import new_figure

    fig = new_figure(figsize=(8, 0.55 * max(len(table), 1) + 1.6), dpi=100)
    ax = fig.subplots()
    names = list(table["module"])
    y = range(len(names))
    answered = [(a / e if e else 0.0) if pd.notna(a) and pd.notna(e) else 0.0
                for a, e in zip(table["answered"], table["exercises"])]
    scored_share = [(s / p if p else 0.0) if pd.notna(s) and pd.notna(p) else 0.0
                    for s, p in zip(table["score"], table["points"])]
    ax.barh([i + 0.2 for i in y], [100 * a for a in answered], height=0.38, label="exercises answered", color="#9ab")
    ax.barh([i - 0.2 for i in y], [100 * s for s in scored_share], height=0.38, label="self-check points", color="#247")
    ax.set_yticks(list(y), names, fontsize=11)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of the module", fontsize=11)
    ax.tick_params(axis="x", labelsize=10)
    ax.legend(loc="lower right", fontsize=10)
    ax.set_title(f"Your progress. {streak.text}", fontsize=12)
    fig.tight_layout()
    return fig


def show_progress(root: Path = MODULES_DIR) -> pd.DataFrame:
    """The progress page: the table, the chart and the practice line. Returns the table."""
    from IPython.display import Markdown, display

    from course.figures import show

    table = progress_table(root)
    streak = practice_streak()
    display(Markdown(f"**{streak.text}** Scores are your saved notebooks' self-checks (save first)."))
    show(progress_figure(table, streak))
    return table
