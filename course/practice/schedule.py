"""When each practice item comes back, by FSRS (the `fsrs` package), and which item to show next.

FSRS does the spacing: a verdict and its time become a Rating, and `fsrs.Scheduler.review_card` moves the card's
due date (fuzzing off, so the same history always gives the same dates). This module only chooses among what is
due: due items first (the most overdue first), then new items; never the item just shown while another is
available; the next item's category differs from the last one's whenever some candidate allows it; and among new
items the choice is weighted towards the learner's weak categories, by a seeded Random, so a session is
reproducible from its seed and clock.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
import os
import random
from typing import Any, Callable, Mapping, Sequence

from fsrs import Card, Rating, Scheduler, State

from course.practice.bank import Item
from course.practice.judge import Verdict

EASY_SECONDS = 20.0    # right this fast: Easy
HARD_SECONDS = 120.0   # right, but slower than this: Hard
GUESS = 0.5            # right at this confidence or below: a guess that came off, Hard
PARTLY_RIGHT = frozenset({"extra", "partial", "wrong-category"})
WEAK_BOOST = 3.0       # a category never answered right weighs 1 + WEAK_BOOST; one always right weighs about 1

Clock = Callable[[], datetime]
SEED_ENV = "COURSE_PRACTICE_SEED"     # tests and demos: the session's seed ...
CLOCK_ENV = "COURSE_PRACTICE_CLOCK"   # ... and a SteppingClock instead of the real one (replay_from_env)


def utc_now() -> datetime:
    """The real clock (the drill takes any clock; tests pass a fake one)."""
    return datetime.now(timezone.utc)


class SteppingClock:
    """A replay clock: it starts at `start` and moves on `step` seconds each time it is read, so a session driven
    through the widgets (a browser test, a demo) gives the same times, ratings and due dates on any machine."""

    def __init__(self, start: datetime, step: float = 15.0) -> None:
        self.now = start
        self.step = timedelta(seconds=step)

    def __call__(self) -> datetime:
        now, self.now = self.now, self.now + self.step
        return now


def replay_from_env(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Drill arguments from COURSE_PRACTICE_SEED (an integer) and COURSE_PRACTICE_CLOCK (`<ISO time with zone>`
    or `<ISO time>,<seconds per reading>`): {} when neither is set. ValueError says what is wrong with either."""
    env = os.environ if env is None else env
    args: dict[str, Any] = {}
    if (seed := env.get(SEED_ENV, "").strip()):
        try:
            args["seed"] = int(seed)
        except ValueError:
            raise ValueError(f"{SEED_ENV} must be a whole number, got {seed!r}") from None
    if (text := env.get(CLOCK_ENV, "").strip()):
        instant, _, step = text.partition(",")
        try:
            start = datetime.fromisoformat(instant.strip())
            seconds = float(step) if step.strip() else 15.0
        except ValueError:
            raise ValueError(f"{CLOCK_ENV} must be an ISO time, optionally followed by ',<seconds per reading>' "
                             f"(e.g. 2026-12-01T09:00:00+00:00,15), got {text!r}") from None
        if start.tzinfo is None or not seconds >= 0:
            raise ValueError(f"{CLOCK_ENV} needs a time zone (e.g. +00:00) and a step of 0 seconds or more, got {text!r}")
        args["clock"] = SteppingClock(start, seconds)
    return args


def rating(verdict: Verdict, seconds: float, confidence: float = 1.0) -> Rating:
    """Right: Easy when quick, Hard when slow or a stated guess, else Good; partly right: Hard; wrong: Again."""
    if verdict.correct:
        if confidence <= GUESS:
            return Rating.Hard
        if seconds <= EASY_SECONDS:
            return Rating.Easy
        return Rating.Hard if seconds > HARD_SECONDS else Rating.Good
    return Rating.Hard if verdict.outcome in PARTLY_RIGHT else Rating.Again


def fsrs_scheduler() -> Scheduler:
    """The course's FSRS scheduler: default parameters, no fuzzing (deterministic due dates)."""
    return Scheduler(enable_fuzzing=False)


def card_id(item_id: str) -> int:
    """A stable card id from the item id (fsrs would otherwise use the wall clock and sleep 1 ms).

    Cards are stored by item id, so the id only has to be deterministic: FNV-1a, since hash() is salted."""
    value = 2166136261
    for byte in item_id.encode("utf-8"):
        value = ((value ^ byte) * 16777619) & 0xFFFFFFFF
    return value


def new_card(item_id: str, now: datetime) -> Card:
    """A card for an item never answered, due now."""
    return Card(card_id=card_id(item_id), state=State.Learning, due=now)


def review(card: Card | None, item_id: str, grade: Rating, now: datetime, seconds: float,
           scheduler: Scheduler | None = None) -> Card:
    """The card after this answer (a new card when the item was never answered)."""
    card = card or new_card(item_id, now)
    updated, _log = (scheduler or fsrs_scheduler()).review_card(card, grade, review_datetime=now,
                                                                review_duration=int(seconds * 1000))
    return updated


def category_weights(results: Sequence[tuple[str, bool]], categories: Sequence[str]) -> dict[str, float]:
    """Weight per category from (category, right) answers: 1 + WEAK_BOOST x (1 - smoothed accuracy)."""
    right = {c: 0 for c in categories}
    total = {c: 0 for c in categories}
    for category, correct in results:
        if category in total:
            total[category] += 1
            right[category] += bool(correct)
    return {c: 1.0 + WEAK_BOOST * (1.0 - (right[c] + 1) / (total[c] + 2)) for c in categories}


@dataclass(frozen=True)
class Pick:
    """The item chosen and why (for the drill's display and for tests)."""
    item: Item
    reason: str   # "due" or "new"


def pick_next(items: Sequence[Item], cards: Mapping[str, Card], now: datetime, *, last: Item | None,
              weights: Mapping[str, float], rng: random.Random) -> Pick | None:
    """The next item by the rules in the module docstring; None when nothing is due and nothing is new."""
    due = sorted((i for i in items if i.id in cards and cards[i.id].due <= now),
                 key=lambda i: (cards[i.id].due, i.id))
    fresh = [i for i in items if i.id not in cards]
    if due and (candidates := _varied(due, last)):
        return Pick(candidates[0], "due")
    if fresh and (candidates := _varied(fresh, last)):
        chosen = rng.choices(candidates, weights=[weights.get(i.main_category, 1.0) for i in candidates])[0]
        return Pick(chosen, "new")
    if due:   # only the item just shown is due, and nothing is new: show it again
        return Pick(due[0], "due")
    return None


def _varied(pool: Sequence[Item], last: Item | None) -> list[Item]:
    """The pool without the last item, and without its category when anything else is left."""
    if last is None:
        return list(pool)
    others = [i for i in pool if i.id != last.id]
    return [i for i in others if i.main_category != last.main_category] or others


def next_due(cards: Mapping[str, Card]) -> datetime | None:
    """When the earliest card comes due (for "come back at ..." once a session has nothing left)."""
    return min((c.due for c in cards.values()), default=None)
