"""`make bench`, practice drill: how long the next item takes to appear and an answer to be judged and explained
(budgets: 0.2 s and 0.5 s), on the real bank, with an empty record and with a long one (figures, never assertions).

Run alone: `python tests/benchmarks/bench_practice.py [ANSWERS]`.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
import os
from pathlib import Path
import random
import statistics
import sys
import tempfile
import time

os.environ.pop("NBGRADER_EXECUTION", None)

from course import figures
from course.practice import app, bank, stats
from course.practice.drill import Drill
from course.practice.judge import Mark
from course.practice.record import Record

SHOW_BUDGET, JUDGE_BUDGET = 0.2, 0.5
PAGE_BUDGET = 2.0   # the progress page: a cell the learner runs, "a few seconds" at most


class Clock:
    """Simulated time: each answer takes 30-90 s, each session is a day after the last."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now


def an_answer(item: bank.Item, rng: random.Random) -> list[Mark]:
    """Right about two times in three; otherwise approve, or a mark somewhere wrong."""
    roll = rng.random()
    if roll < 0.66:
        return [] if item.flaw_free else [Mark(*f.lines, f.categories[0]) for f in item.flaws]
    if roll < 0.83:
        return []
    return [Mark(1, 2, "edge-case")]


def run(items: list[bank.Item], path: Path, answers: int, clock: Clock, rng: random.Random) -> tuple[list[float], list[float]]:
    """Sessions of 20 answers until `answers` are given; the seconds each next() and answer() took."""
    shows, judges = [], []
    while len(judges) < answers:
        with Record(path, clock=clock) as record:
            drill = Drill(record, items, clock=clock, seed=len(judges), max_items=20)
            while len(judges) < answers:
                started = time.perf_counter()
                shown = drill.next()
                if shown is not None:
                    shown.numbered()
                shows.append(time.perf_counter() - started)
                if shown is None:
                    break
                clock.now += timedelta(seconds=rng.randint(30, 90))
                started = time.perf_counter()
                drill.answer(an_answer(drill.by_id[shown.item_id], rng), rng.choice((0.5, 0.7, 0.9, 1.0)))
                judges.append(time.perf_counter() - started)
        clock.now += timedelta(days=1)
    return shows, judges


def line(name: str, seconds: list[float], budget: float) -> str:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return (f"  {name:<28} median {1000 * statistics.median(ordered):7.1f} ms   p95 {1000 * p95:7.1f} ms   "
            f"max {1000 * ordered[-1]:7.1f} ms   (budget {1000 * budget:.0f} ms, n={len(ordered)})")


def bench_practice(answers: int = 200) -> None:
    started = time.perf_counter()
    items = bank.load_bank()
    print(f"practice drill: {len(items)} bank items loaded in {1000 * (time.perf_counter() - started):.0f} ms "
          "(once per drill)")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "record.sqlite"
        rng, clock = random.Random(0), Clock()
        shows, judges = run(items, path, 20, clock, rng)
        print("  first session, empty record:")
        print(line("next item appears", shows, SHOW_BUDGET))
        print(line("answer judged and explained", judges, JUDGE_BUDGET))
        run(items, path, answers, clock, rng)
        shows, judges = run(items, path, 40, clock, rng)
        with Record(path) as record:
            size = len(record.attempts())
        print(f"  after {size} recorded answers:")
        print(line("next item appears", shows, SHOW_BUDGET))
        print(line("answer judged and explained", judges, JUDGE_BUDGET))
        starts, renders = [], []
        for n in range(5):
            started = time.perf_counter()
            with Record(path, clock=clock) as record:
                drill = Drill(record, None, clock=clock, seed=n, max_items=1)   # the bank cached after the 1st
                shown = drill.next()
                starts.append(time.perf_counter() - started)
                clock.now += timedelta(seconds=40)
                feedback = drill.answer([], 0.9)
                started = time.perf_counter()
                app.render_item(shown, 4.0)
                app.render_feedback(feedback)
                renders.append(time.perf_counter() - started)
        print(line("session start to first item", starts, SHOW_BUDGET) + "  (the first: bank load; then cached)")
        print(line("item + feedback as HTML", renders, SHOW_BUDGET))
        with Record(path) as record:
            attempts = record.attempts()
        pages = []
        for _ in range(3):
            started = time.perf_counter()
            stats.stats_text(attempts, clock.now)
            figures.png(stats.progress_figure(attempts, today=clock.now.date()))
            pages.append(time.perf_counter() - started)
        print(line(f"progress page ({len(attempts)} ans.)", pages, PAGE_BUDGET) + "  (tables + the 4-panel chart as PNG)")


if __name__ == "__main__":
    bench_practice(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
