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
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Sequence, TextIO

import pandas as pd

from course.practice.record import Attempt

if TYPE_CHECKING:
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


def _summarise(group: pd.DataFrame) -> pd.Series:
    return pd.Series({"answered": len(group), "accuracy": group["correct"].mean(),
                      "false_alarm_rate": group["false_alarm"].mean(),
                      "median_seconds_to_spot": group["spot_seconds"].median()})


def _grouped(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    if table.empty:
        return pd.DataFrame(columns=keys + COLUMNS)
    rows = [{**dict(zip(keys, key if isinstance(key, tuple) else (key,))), **_summarise(group).to_dict()}
            for key, group in table.groupby(keys, sort=True)]
    result = pd.DataFrame(rows, columns=keys + COLUMNS)
    result["answered"] = result["answered"].astype(int)
    return result


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
    out = [f"{len(attempts)} answers, {sum(a.correct for a in attempts)} right; "
           f"streak: {streak(attempts, now.astimezone(tz).date(), tz)} day(s)", ""]
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


def progress_figure(attempts: Sequence[Attempt], tz: tzinfo | None = None) -> "Figure":
    """Accuracy per category over days (left) and calibration (right), as a plain Figure (course.figures)."""
    from course.figures import new_figure

    fig = new_figure(figsize=(11, 4))
    over_days, calibration = fig.subplots(1, 2, gridspec_kw={"width_ratios": [2, 1]})
    daily = daily_table(attempts, tz)
    for category, rows in daily.groupby("category", sort=True) if not daily.empty else ():
        over_days.plot(pd.to_datetime(rows["day"]), 100 * rows["accuracy"], marker="o", label=category)
    over_days.set_title("Accuracy per category, by day")
    over_days.set_ylabel("right (%)")
    over_days.set_ylim(-5, 105)
    if not daily.empty:
        over_days.legend(fontsize="small", loc="lower left")
        fig.autofmt_xdate()
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
    return fig
