"""The progress page: per module, exercises answered, the saved notebook's self-check score (the same numbers as
`python -m course check`), catalog entries, and the practice streak, from files on disk only."""
from datetime import datetime, timedelta, timezone
import shutil

import nbformat
import pandas as pd
import pytest

from course.notebook import catalog, progress
from course.paths import MODULES_DIR
from nbgrader_course import solution_answers, with_answers


@pytest.fixture
def learner(tmp_path, monkeypatch):
    """A learner's copy of modules 00 and 01 with 00 answered and saved, two catalog entries, a practice record."""
    root = tmp_path / "modules"
    for module in ("00-start-here", "01-concurrent-writes"):
        shutil.copytree(MODULES_DIR / module, root / module)
    path = root / "00-start-here" / "00-start-here.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    nbformat.write(with_answers(nb, solution_answers("00-start-here")), str(path))
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.setenv("COURSE_JUDGE_CACHE", "off")
    monkeypatch.setenv("COURSE_CATALOG", str(tmp_path / "catalog.csv"))
    monkeypatch.setenv("COURSE_PRACTICE_RECORD", str(tmp_path / "record.sqlite"))
    catalog.add("Keeps what it should drop", "spec-misread", "a != filter", module="00-start-here")
    catalog.add("Empty day", "edge-case", "divide by len()", module="00-start-here")
    return root


def test_the_table_has_each_modules_saved_score_exercises_and_catalog(learner):
    table = progress.progress_table(learner).set_index("module")
    assert list(table.index) == ["00-start-here", "01-concurrent-writes"]
    start, first = table.loc["00-start-here"], table.loc["01-concurrent-writes"]
    assert (start.answered, start.exercises, start.score, start.points, start.catalog_entries) == (3, 3, 6, 6, 2)
    assert first.answered == 0 and first.exercises >= 3 and first.score == 0 and first.catalog_entries == 0


def test_without_judging_the_score_is_unknown_not_zero(learner):
    table = progress.progress_table(learner, judge=False).set_index("module")
    assert table.loc["00-start-here"].answered == 3 and table.loc["00-start-here"].score is None


def test_a_notebook_that_cannot_be_read_is_said_so(learner):
    (learner / "01-concurrent-writes" / "01-concurrent-writes.ipynb").write_text("{ not json")
    row = progress.progress_table(learner, judge=False).set_index("module").loc["01-concurrent-writes"]
    assert row.saved == "cannot be read" and pd.isna(row.exercises) and pd.isna(row.score)


def test_the_streak_comes_from_the_practice_record(learner, tmp_path):
    from course.practice.record import Attempt, Record
    from course.practice.schedule import new_card

    now = datetime.now(timezone.utc)
    with Record(tmp_path / "record.sqlite") as record:
        for days_ago in (1, 0):
            at = now - timedelta(days=days_ago)
            attempt = Attempt("s", f"item-{days_ago}", "race-condition", False, at - timedelta(seconds=9), at, 9.0,
                              0.5, "found", True, 0, 3, ())
            assert record.save(attempt, lambda card, a=attempt: new_card(a.item_id, a.answered_at))
    streak = progress.practice_streak()
    assert streak.days == 2 and "2-day streak, 2 items done" in streak.text


def test_the_chart_shows_both_shares_per_module_readably(learner):
    table = progress.progress_table(learner, judge=False)
    table.loc[0, "score"] = 3.0
    fig = progress.progress_figure(table, progress.Streak("Practice: no items done yet.", 0))
    ax = fig.axes[0]
    answered, scored = ax.containers
    assert [round(b.get_width()) for b in answered] == [100, 0] and [round(b.get_width()) for b in scored] == [50, 0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["00-start-here", "01-concurrent-writes"]
    assert min(t.get_fontsize() for t in ax.get_yticklabels() + ax.get_xticklabels()) >= 10
    assert ax.get_legend() is not None and "Practice" in ax.get_title()
