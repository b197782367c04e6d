"""Progress from the practice record: tables per category and per day, calibration, the streak, and charts.

Definitions (also printed under the table):
- accuracy: right answers / answers, per item category (a flaw-free item counts under the category it looks like);
- false-alarm rate: answers that flagged code that is fine (any mark on a flaw-free item, or a mark that matches
  no flaw and is not on a flaw's lines) / answers;
- time to spot: the median seconds from display to a right answer on a flawed item;
- calibration: per stated confidence, how often that confidence was right;
- streak: consecutive days with at least one answer, ending today (or yesterday, when today has none yet).
Days are the learner's local days (`tz`, default the machine's time zone).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Sequence, TextIO

import pandas as pd

from course.practice.record import Attempt

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

COLUMNS = ["answered", "accuracy", "false_alarm_rate", "median_seconds_to_spot"]
EXPORT_FIELDS = list(Attempt.__dataclass_fields__)


def frame(attempts: Sequence[Attempt], tz: tzinfo | None = None) -> pd.DataFrame:
    """One row per attempt, with its local `day`."""
    rows = [a.row() for a in attempts]
    table = pd.DataFrame(rows, columns=EXPORT_FIELDS)
    table["day"] = [a.answered_at.astimezone(tz).date() for a in attempts]
    table["spot_seconds"] = [a.seconds if a.correct and not a.flaw_free else float("nan") for a in attempts]
    table["false_alarm"] = table["false_alarms"] > 0
    return table


def _grouped(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """answered, accuracy, false-alarm rate and median seconds to spot per group of `keys` (one vectorised groupby:
    a Series per group took seconds for a few months of practice)."""
    if table.empty:
        return pd.DataFrame(columns=keys + COLUMNS)
    result = table.groupby(keys, sort=True).agg(
        answered=("correct", "size"), accuracy=("correct", "mean"), false_alarm_rate=("false_alarm", "mean"),
        median_seconds_to_spot=("spot_seconds", "median")).reset_index()
    result["answered"] = result["answered"].astype(int)
    return result[keys + COLUMNS]


def category_table(attempts: Sequence[Attempt]) -> pd.DataFrame:
    """Per category: answers, accuracy, false-alarm rate, median seconds to spot."""
    return _grouped(frame(attempts), ["category"])


def daily_table(attempts: Sequence[Attempt], tz: tzinfo | None = None) -> pd.DataFrame:
    """The same per local day and category: how each category went over days."""
    return _grouped(frame(attempts, tz), ["day", "category"])


def calibration_table(attempts: Sequence[Attempt]) -> pd.DataFrame:
    """Per stated confidence: answers, the share right, and right minus stated (negative: overconfident)."""
    table = frame(attempts)
    if table.empty:
        return pd.DataFrame(columns=["confidence", "answered", "right", "gap"])
    table["confidence"] = table["confidence"].round(2)
    grouped = table.groupby("confidence", sort=True)["correct"].agg(["size", "mean"]).reset_index()
    grouped.columns = ["confidence", "answered", "right"]
    grouped["gap"] = grouped["right"] - grouped["confidence"]
    return grouped


def streak(attempts: Sequence[Attempt], today: date, tz: tzinfo | None = None) -> int:
    """Consecutive local days with an answer, ending today, or yesterday if today has none yet."""
    days = {a.answered_at.astimezone(tz).date() for a in attempts}
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def _percent(value: float) -> str:
    return "-" if pd.isna(value) else f"{100 * value:.0f}%"


def _seconds(value: float) -> str:
    return "-" if pd.isna(value) else f"{value:.0f} s"


def stats_text(attempts: Sequence[Attempt], now: datetime, tz: tzinfo | None = None) -> str:
    """What `python -m course practice stats` prints: per category, per day, calibration, streak."""
    if not attempts:
        return "No practice answers recorded yet: start the drill in the practice notebook."
    summary = summarise(attempts, now.astimezone(tz).date(), tz)
    out = [f"{summary.answered} answers, {summary.right} right; streak: {summary.streak} day(s)", ""]
    by_category = category_table(attempts)
    out.append(f"{'category':<20} {'answered':>8} {'accuracy':>8} {'false alarms':>12} {'time to spot':>12}")
    for row in by_category.itertuples(index=False):
        out.append(f"{row.category:<20} {row.answered:>8} {_percent(row.accuracy):>8} "
                   f"{_percent(row.false_alarm_rate):>12} {_seconds(row.median_seconds_to_spot):>12}")
    out += ["", f"{'day':<10} {'category':<20} {'answered':>8} {'accuracy':>8} {'false alarms':>12} {'time to spot':>12}"]
    for row in daily_table(attempts, tz).itertuples(index=False):
        out.append(f"{row.day.isoformat():<10} {row.category:<20} {row.answered:>8} {_percent(row.accuracy):>8} "
                   f"{_percent(row.false_alarm_rate):>12} {_seconds(row.median_seconds_to_spot):>12}")
    out += ["", f"{'confidence':>10} {'answered':>8} {'right':>8} {'gap':>8}"]
    for row in calibration_table(attempts).itertuples(index=False):
        out.append(f"{_percent(row.confidence):>10} {row.answered:>8} {_percent(row.right):>8} "
                   f"{100 * row.gap:>+7.0f}%")
    out += ["", "accuracy = right / answered; false alarms = answers flagging code that is fine; time to spot = "
            "median seconds to a right answer on a flawed item; gap = right - confidence (negative: overconfident)"]
    return "\n".join(out)


def export_csv(attempts: Sequence[Attempt], out: TextIO) -> int:
    """Every attempt as one CSV row (the record's columns); returns the number of rows written."""
    writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS)
    writer.writeheader()
    for attempt in attempts:
        writer.writerow(attempt.row())
    return len(attempts)


@dataclass(frozen=True)
class PracticeSummary:
    """The compact practice summary a start page shows: the streak, the items answered, the share right."""
    streak: int                  # consecutive local days with an answer (see streak())
    answered: int                # answers recorded, every session
    right: int
    accuracy: float | None       # right / answered; None before the first answer

    def text(self) -> str:
        """One line, e.g. "Practice: 3-day streak, 42 items done, 71% right"."""
        if not self.answered:
            return "Practice: no items done yet."
        return (f"Practice: {self.streak}-day streak, {self.answered} item{'s' * (self.answered != 1)} done, "
                f"{_percent(self.accuracy)} right")


def summarise(attempts: Sequence[Attempt], today: date, tz: tzinfo | None = None) -> PracticeSummary:
    """The compact summary of these attempts, with the streak ending `today` (a local day)."""
    right = sum(a.correct for a in attempts)
    return PracticeSummary(streak(attempts, today, tz), len(attempts), right,
                           right / len(attempts) if attempts else None)


def practice_summary(path: Path | None = None, now: datetime | None = None,
                     tz: tzinfo | None = None) -> PracticeSummary:
    """The learner's compact practice summary, read from their record (the start page's progress view calls
    this). Never creates the record: with none yet, an empty summary. RecordError when it cannot be read."""
    from course.practice.record import Record, record_path

    path = path or record_path()
    now = now or datetime.now(timezone.utc)
    if not path.exists():
        return summarise([], now.astimezone(tz).date(), tz)
    with Record(path) as record:
        attempts = record.attempts()
    return summarise(attempts, now.astimezone(tz).date(), tz)


def _over_days(axes: "Axes", daily: pd.DataFrame, column: str, scale: float, title: str, ylabel: str) -> None:
    """One line per category of `column` by local day (a gap where a day has no value)."""
    import matplotlib.dates as mdates

    for category, rows in daily.groupby("category", sort=True) if not daily.empty else ():
        axes.plot(pd.to_datetime(rows["day"]), scale * rows[column].astype(float), marker="o", label=category)
    if not daily.empty:   # a day either side, so one day of practice is a point in a readable span of dates
        days = pd.to_datetime(daily["day"])
        axes.set_xlim(days.min() - pd.Timedelta(days=1), days.max() + pd.Timedelta(days=1))
        short = (days.max() - days.min()).days <= 10
        locator = mdates.DayLocator() if short else mdates.AutoDateLocator(maxticks=8)   # whole days, no 12:00
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    axes.set_title(title)
    axes.set_ylabel(ylabel)


def progress_figure(attempts: Sequence[Attempt], tz: tzinfo | None = None, today: date | None = None) -> "Figure":
    """The progress page's chart, as a plain Figure (course.figures): accuracy, false-alarm rate and median time to
    spot per category by day, and calibration (confidence against being right); the streak in the title."""
    from course.figures import new_figure

    fig = new_figure(figsize=(12, 8), layout="constrained")
    (accuracy, false_alarms), (spot, calibration) = fig.subplots(2, 2)
    daily = daily_table(attempts, tz)
    _over_days(accuracy, daily, "accuracy", 100, "Accuracy per category, by day", "right (%)")
    accuracy.set_ylim(-5, 105)
    _over_days(false_alarms, daily, "false_alarm_rate", 100, "False alarms per category, by day",
               "answers flagging fine code (%)")
    false_alarms.set_ylim(-5, 105)
    _over_days(spot, daily, "median_seconds_to_spot", 1, "Median time to spot a flaw, by day", "seconds")
    spot.set_ylim(bottom=0)
    if not daily.empty:
        accuracy.legend(fontsize="small", loc="lower left")
    table = calibration_table(attempts)
    calibration.plot([0, 100], [0, 100], linestyle="--", color="grey", label="perfectly calibrated")
    if not table.empty:
        calibration.scatter(100 * table["confidence"], 100 * table["right"], s=20 + 10 * table["answered"],
                            label="you")
    calibration.set_title("Calibration")
    calibration.set_xlabel("stated confidence (%)")
    calibration.set_ylabel("right (%)")
    calibration.set_xlim(0, 105)
    calibration.set_ylim(0, 105)
    calibration.legend(fontsize="small", loc="upper left")
    today = today or datetime.now(timezone.utc).astimezone(tz).date()
    fig.suptitle(f"{len(attempts)} answers; streak: {streak(attempts, today, tz)} day(s)")
    return fig
