"""`make bench`, practice drill: how long the next item takes to appear and an answer to be judged and explained
(budgets: 0.2 s and 0.5 s), on the real bank, with an empty record and with a long one, then through the drill's
widgets as a click runs them (figures, never assertions). Each figure is wall time and this process's CPU time
(time.process_time): on a machine shared with other work, wall time grows with their load and CPU time does not.

Run alone: `python tests/benchmarks/bench_practice.py [ANSWERS]`.
"""
from __future__ import annotations

import contextlib
from datetime import datetime, timedelta, timezone
import os
from pathlib import Path
import random
import statistics
import sys
import tempfile
import time
from typing import Iterator

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


class Timings:
    """Wall and CPU seconds of each measured call."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    @contextlib.contextmanager
    def measure(self) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        self.wall.append(time.perf_counter() - wall)
        self.cpu.append(time.process_time() - cpu)


def run(items: list[bank.Item], path: Path, answers: int, clock: Clock, rng: random.Random) -> tuple[Timings, Timings]:
    """Sessions of 20 answers until `answers` are given; how long each next() and answer() took."""
    shows, judges = Timings(), Timings()
    while len(judges.wall) < answers:
        with Record(path, clock=clock) as record:
            drill = Drill(record, items, clock=clock, seed=len(judges.wall), max_items=20)
            while len(judges.wall) < answers:
                with shows.measure():
                    shown = drill.next()
                    if shown is not None:
                        shown.numbered()
                if shown is None:
                    break
                clock.now += timedelta(seconds=rng.randint(30, 90))
                with judges.measure():
                    drill.answer(an_answer(drill.by_id[shown.item_id], rng), rng.choice((0.5, 0.7, 0.9, 1.0)))
        clock.now += timedelta(days=1)
    return shows, judges


def bench_widgets(items: list[bank.Item], path: Path, clock: Clock, rng: random.Random,
                  answers: int = 20) -> tuple[Timings, Timings, Timings]:
    """Through DrillApp as the buttons call it (no browser): building it (the session's widgets and its first
    item), then `answers` times answer() (judged, feedback rendered) and show_next() (the next item rendered)."""
    from course.practice.app import DrillApp

    start, shows, judges = Timings(), Timings(), Timings()
    with Record(path, clock=clock) as record:
        with start.measure():
            drill_app = DrillApp(Drill(record, items, clock=clock, seed=99, max_items=answers + 1))
        for _ in range(answers):     # one item fewer than the session: no summary (its chart) is drawn
            item = drill_app.drill.by_id[drill_app._shown.item_id]
            clock.now += timedelta(seconds=rng.randint(30, 90))
            with judges.measure():
                drill_app.answer(an_answer(item, rng))
            with shows.measure():
                drill_app.show_next()
    return start, shows, judges


def line(name: str, timings: Timings, budget: float) -> str:
    ordered = sorted(timings.wall)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return (f"  {name:<28} median {1000 * statistics.median(ordered):7.1f} ms   p95 {1000 * p95:7.1f} ms   "
            f"max {1000 * ordered[-1]:7.1f} ms   cpu median {1000 * statistics.median(timings.cpu):7.1f} ms   "
            f"(budget {1000 * budget:.0f} ms, n={len(ordered)})")


def bench_practice(answers: int = 200) -> None:
    loading = Timings()
    with loading.measure():
        items = bank.load_bank()
    print(f"practice drill: {len(items)} bank items loaded in {1000 * loading.wall[0]:.0f} ms "
          f"(cpu {1000 * loading.cpu[0]:.0f} ms; once per drill); nice {os.nice(0)}, "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
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
        starts, renders = Timings(), Timings()
        for n in range(5):
            with Record(path, clock=clock) as record:
                with starts.measure():
                    drill = Drill(record, None, clock=clock, seed=n, max_items=1)   # the bank cached after the 1st
                    shown = drill.next()
                clock.now += timedelta(seconds=40)
                feedback = drill.answer([], 0.9)
                with renders.measure():
                    app.render_item(shown, 4.0)
                    app.render_feedback(feedback)
        print(line("session start to first item", starts, SHOW_BUDGET) + "  (the first: bank load; then cached)")
        print(line("item + feedback as HTML", renders, SHOW_BUDGET))
        with Record(path) as record:
            size = len(record.attempts())
        start, shows, judges = bench_widgets(items, path, clock, rng)
        print(f"  through the drill's widgets (DrillApp, as its buttons call it; no browser), after {size} answers:")
        print(line("widgets built, first item", start, SHOW_BUDGET) + "  (with the first import of ipywidgets)")
        print(line("show_next: item rendered", shows, SHOW_BUDGET))
        print(line("answer: judged, feedback", judges, JUDGE_BUDGET))
        with Record(path) as record:
            attempts = record.attempts()
        pages = Timings()
        for _ in range(3):
            with pages.measure():
                stats.stats_text(attempts, clock.now)
                figures.png(stats.progress_figure(attempts, today=clock.now.date()))
        print(line(f"progress page ({len(attempts)} ans.)", pages, PAGE_BUDGET) + "  (tables + the 4-panel chart as PNG)")


if __name__ == "__main__":
    bench_practice(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
