"""Progress on a scripted history: accuracy, false-alarm rate and time to spot per category and per day,
calibration, the streak, the CSV export and the chart (a plain Figure, through course.figures)."""
from __future__ import annotations

import csv
from datetime import date, datetime, timedelta, timezone
import io
import math

from course.practice import stats
from course.practice.record import Attempt

UTC = timezone.utc


def answer(day: int, category: str, correct: bool, seconds: float, confidence: float, *, flaw_free: bool = False,
           false_alarms: int = 0, month: int = 12) -> Attempt:
    at = datetime(2026, month, day, 18, 0, tzinfo=UTC)
    outcome = ("approved" if flaw_free else "found") if correct else ("false-alarm" if false_alarms else "missed")
    return Attempt("s", f"shop-{category}-{day}", category, flaw_free, at - timedelta(seconds=seconds), at, seconds,
                   confidence, outcome, correct, false_alarms, 3 if correct else 1, ())


HISTORY = [
    answer(28, "race-condition", True, 60, 0.5, month=11),
    answer(1, "race-condition", False, 50, 0.9),
    answer(1, "error-handling", True, 10, 0.9, flaw_free=True),
    answer(2, "race-condition", True, 20, 0.9),
    answer(2, "error-handling", False, 15, 0.5, flaw_free=True, false_alarms=1),
    answer(3, "race-condition", True, 40, 0.9),
    answer(3, "quadratic", False, 80, 0.5, false_alarms=1),
]


def test_per_category_accuracy_false_alarms_and_time_to_spot():
    table = stats.category_table(HISTORY).set_index("category")
    assert table.loc["race-condition", "answered"] == 4
    assert table.loc["race-condition", "accuracy"] == 0.75
    assert table.loc["race-condition", "false_alarm_rate"] == 0
    assert table.loc["race-condition", "median_seconds_to_spot"] == 40   # right answers: 60, 20, 40
    assert table.loc["error-handling", "accuracy"] == 0.5 and table.loc["error-handling", "false_alarm_rate"] == 0.5
    assert math.isnan(table.loc["error-handling", "median_seconds_to_spot"])   # nothing to spot on a flaw-free item
    assert table.loc["quadratic", "false_alarm_rate"] == 1.0


def test_per_day_and_category():
    table = stats.daily_table(HISTORY, UTC)
    race = table[table["category"] == "race-condition"]
    assert list(race["day"]) == [date(2026, 11, 28), date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 3)]
    assert list(race["accuracy"]) == [1.0, 0.0, 1.0, 1.0]
    assert len(table) == 7


def test_days_are_the_learners_local_days():
    late = [answer(1, "race-condition", True, 30, 0.9)]          # 18:00 UTC on Dec 1 is Dec 2 in Tokyo
    assert list(stats.daily_table(late, timezone(timedelta(hours=9)))["day"]) == [date(2026, 12, 2)]


def test_calibration_compares_confidence_with_being_right():
    table = stats.calibration_table(HISTORY).set_index("confidence")
    assert table.loc[0.9, "answered"] == 4 and table.loc[0.9, "right"] == 0.75
    assert round(table.loc[0.9, "gap"], 2) == -0.15                   # overconfident at "sure"
    assert table.loc[0.5, "answered"] == 3 and round(table.loc[0.5, "right"], 3) == round(1 / 3, 3)


def test_the_streak_counts_consecutive_days_ending_today_or_yesterday():
    assert stats.streak(HISTORY, date(2026, 12, 3), UTC) == 3      # Dec 1-3; Nov 28 is before a gap
    assert stats.streak(HISTORY, date(2026, 12, 4), UTC) == 3      # nothing yet today: the streak still stands
    assert stats.streak(HISTORY, date(2026, 12, 5), UTC) == 0
    assert stats.streak([], date(2026, 12, 5), UTC) == 0


def test_the_stats_text_has_every_table():
    text = stats.stats_text(HISTORY, datetime(2026, 12, 3, 20, 0, tzinfo=UTC), UTC)
    assert text.startswith("7 answers, 4 right; streak: 3 day(s)")
    race = next(line for line in text.splitlines() if line.startswith("race-condition"))
    assert race.split() == ["race-condition", "4", "75%", "0%", "40", "s"]
    assert any(line.split()[:4] == ["90%", "4", "75%", "-15%"] for line in text.splitlines())
    assert "2026-12-02 error-handling" in text
    assert stats.stats_text([], datetime(2026, 12, 3, tzinfo=UTC)).startswith("No practice answers")


def test_the_export_has_one_row_per_answer():
    out = io.StringIO()
    assert stats.export_csv(HISTORY, out) == 7
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 7 and rows[1]["category"] == "race-condition" and rows[1]["correct"] == "False"
    assert rows[0]["answered_at"] == "2026-11-28T18:00:00+00:00" and rows[0]["marks"] == "[]"


def test_the_progress_chart_has_every_measure_over_days_calibration_and_the_streak():
    fig = stats.progress_figure(HISTORY, UTC, today=date(2026, 12, 3))
    accuracy, false_alarms, spot, calibration = fig.axes
    categories = ["error-handling", "quadratic", "race-condition"]
    for axes in (accuracy, false_alarms, spot):
        assert sorted(line.get_label() for line in axes.get_lines()) == categories
    race = {a.get_title(): next(l for l in a.get_lines() if l.get_label() == "race-condition") for a in fig.axes[:3]}
    assert list(race["Accuracy per category, by day"].get_ydata()) == [100.0, 0.0, 100.0, 100.0]
    assert list(race["Median time to spot a flaw, by day"].get_ydata())[2:] == [20.0, 40.0]
    quadratic = next(l for l in false_alarms.get_lines() if l.get_label() == "quadratic")
    assert list(quadratic.get_ydata()) == [100.0]
    assert calibration.get_xlabel() == "stated confidence (%)"
    assert fig.get_suptitle() == "7 answers; streak: 3 day(s)"
    assert len(stats.progress_figure([], UTC).axes) == 4           # an empty history still draws


def test_the_compact_summary_for_the_start_page(tmp_path):
    summary = stats.summarise(HISTORY, date(2026, 12, 3), UTC)
    assert (summary.streak, summary.answered, summary.right) == (3, 7, 4) and summary.accuracy == 4 / 7
    assert summary.text() == "Practice: 3-day streak, 7 items done, 57% right"
    missing = tmp_path / "none" / "record.sqlite"
    empty = stats.practice_summary(missing)
    assert (empty.answered, empty.accuracy, empty.text()) == (0, None, "Practice: no items done yet.")
    assert not missing.exists()                                    # reading a summary never creates the record


def test_the_summary_reads_the_learners_record(tmp_path, monkeypatch):
    from course.practice.record import Record
    from course.practice.schedule import new_card

    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    path = tmp_path / "record.sqlite"
    with Record(path) as record:
        for attempt in HISTORY:
            assert record.save(attempt, lambda card, a=attempt: new_card(a.item_id, a.answered_at))
    summary = stats.practice_summary(path, now=datetime(2026, 12, 4, 9, 0, tzinfo=UTC), tz=UTC)
    assert (summary.streak, summary.answered, summary.right) == (3, 7, 4)
