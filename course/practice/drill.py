"""One practice session, as an object a notebook widget drives: next item, answer, summary. No widgets here.

A session lasts SESSION_MINUTES (or exactly `max_items` items when that is given). `next()` picks by
course.practice.schedule and notes the display time; `answer()` judges (course.practice.judge), rates,
reviews the item's FSRS card and records the attempt with its time from display to answer
(course.practice.record); `summary()` sums the session up. The clock and the seed are injected, so a
session can be replayed exactly in a test.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
import functools
import random
import statistics
import threading
from typing import Sequence

from fsrs import Card, Rating

from course.practice import bank, schedule
from course.practice.judge import AnswerError, Mark, Verdict, judge
from course.practice.record import Attempt, Record
from course.taxonomy import CATEGORIES

SESSION_MINUTES = 5.0
CONFIDENCE_LEVELS: dict[str, float] = {"guessing": 0.5, "fairly sure": 0.7, "sure": 0.9, "certain": 1.0}
APPROVE = "no flaw: approve"


class DrillError(RuntimeError):
    """The drill was driven out of order (an answer with no item shown, or a second answer to one item)."""


@dataclass(frozen=True)
class Shown:
    """What the learner sees: the request, the snippet with line numbers, the choices."""
    item_id: str
    codebase: str
    request: str
    lines: tuple[str, ...]
    position: int                 # 1 for the session's first item
    reason: str                   # "due" (a review) or "new"
    categories: tuple[str, ...] = tuple(c.id for c in CATEGORIES)

    def numbered(self) -> str:
        """The snippet as shown: each line after its number."""
        width = len(str(len(self.lines)))
        return "\n".join(f"{n:>{width}}  {line}" for n, line in enumerate(self.lines, 1))


@dataclass(frozen=True)
class Feedback:
    """The instant feedback: the verdict (with each flaw's explanation, review question and witness), the
    time it took, and when the item comes back."""
    verdict: Verdict
    seconds: float
    rating: Rating
    due: datetime
    saved: bool                   # False: kept pending (the record was locked), written with the next answer


@dataclass(frozen=True)
class Summary:
    """The end of a session."""
    answered: int
    right: int
    by_category: dict[str, tuple[int, int]]     # category -> (right, answered)
    median_seconds: float | None
    minutes: float
    next_due: datetime | None
    notices: tuple[str, ...] = field(default=())


@functools.lru_cache(maxsize=1)
def bank_items() -> tuple[bank.Item, ...]:
    """The whole bank, loaded once per kernel (a few hundred ms: every later session starts at once)."""
    return tuple(bank.load_bank())


class Drill:
    """A session over `items` (default: the whole bank), recording into `record`."""

    def __init__(self, record: Record, items: Sequence[bank.Item] | None = None, *,
                 clock: schedule.Clock = schedule.utc_now, seed: int | None = None,
                 minutes: float = SESSION_MINUTES, max_items: int | None = None) -> None:
        self.record = record
        self.items = list(items) if items is not None else list(bank_items())
        self.by_id = {item.id: item for item in self.items}
        self.clock = clock
        self.started = clock()
        self.seed = seed if seed is not None else int(self.started.timestamp())
        self.rng = random.Random(self.seed)
        self.minutes = minutes
        self.max_items = max_items
        self.session = f"{self.started:%Y%m%dT%H%M%SZ}-{self.seed}"
        self.scheduler = schedule.fsrs_scheduler()
        self._history = [(a.category, a.correct) for a in record.attempts()]
        self._current: tuple[bank.Item, datetime, str] | None = None
        self._last: bank.Item | None = None
        self._answers: list[Attempt] = []
        self._cards: dict[str, Card] = {}
        self._unsaved: dict[str, Card] = {}   # cards of answers still pending in the record (it was locked)
        # widget callbacks can run on a kernel subshell's thread: one call at a time (a double click on Submit
        # gives one answer and a DrillError, never two answers to one item)
        self._lock = threading.RLock()

    @property
    def over(self) -> bool:
        """Time is up (or the item count reached); an item already shown may still be answered."""
        if self.max_items is not None:
            return len(self._answers) >= self.max_items
        return (self.clock() - self.started).total_seconds() >= self.minutes * 60

    def next(self) -> Shown | None:
        """The next item to review (and the display time noted); None when the session is over or nothing is left."""
        with self._lock:
            return self._next()

    def _next(self) -> Shown | None:
        if self._current is not None:
            item, _, reason = self._current   # shown and not answered yet: the same item again
            return self._shown(item, reason)
        if self.over:
            return None
        now = self.clock()
        if not self.record.pending:
            self._unsaved.clear()
        # fresh: another notebook may have answered since; an answer not yet written counts as given
        self._cards = {**self.record.cards(), **self._unsaved}
        weights = schedule.category_weights(self._history, [c.id for c in CATEGORIES])
        pick = schedule.pick_next(self.items, self._cards, now, last=self._last, weights=weights, rng=self.rng)
        if pick is None:
            return None
        self._current = (pick.item, now, pick.reason)
        return self._shown(pick.item, pick.reason)

    def _shown(self, item: bank.Item, reason: str) -> Shown:
        return Shown(item.id, item.codebase, item.request, tuple(item.snippet.splitlines()),
                     len(self._answers) + 1, reason)

    def answer(self, marks: Sequence[Mark], confidence: float) -> Feedback:
        """Judge the marks (none = approve) for the item shown, record them, and say what was right."""
        with self._lock:
            return self._answer(marks, confidence)

    def _answer(self, marks: Sequence[Mark], confidence: float) -> Feedback:
        if self._current is None:
            raise DrillError("no item is shown: call next() first")
        if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
            raise AnswerError(f"confidence must be a number from 0 to 1, got {confidence!r}")
        item, shown_at, _ = self._current
        verdict = judge(item, marks)          # AnswerError leaves the item shown, to be answered again
        now = self.clock()
        seconds = max(0.0, (now - shown_at).total_seconds())
        grade = schedule.rating(verdict, seconds, float(confidence))
        attempt = Attempt(self.session, item.id, item.main_category, item.flaw_free, shown_at, now, seconds,
                          float(confidence), verdict.outcome, verdict.correct, len(verdict.false_alarms),
                          int(grade), tuple((m.first, m.last, m.category) for m in marks))
        reviewed: list[Card] = []

        def update(card: Card | None) -> Card:
            reviewed.append(schedule.review(card, item.id, grade, now, seconds, self.scheduler))
            return reviewed[-1]

        saved = self.record.save(attempt, update)
        card = reviewed[-1] if reviewed else update(self._cards.get(item.id))
        self._cards[item.id] = card
        if not saved:
            self._unsaved[item.id] = card
        self._answers.append(attempt)
        self._history.append((attempt.category, attempt.correct))
        self._last, self._current = item, None
        return Feedback(verdict, seconds, grade, card.due, saved)

    def summary(self) -> Summary:
        """The session so far: answers, right answers per category, the median time, when to come back."""
        with self._lock:
            return self._summary()

    def _summary(self) -> Summary:
        by_category: dict[str, tuple[int, int]] = {}
        for a in self._answers:
            right, answered = by_category.get(a.category, (0, 0))
            by_category[a.category] = (right + a.correct, answered + 1)
        times = [a.seconds for a in self._answers]
        self.record.flush()
        return Summary(len(self._answers), sum(a.correct for a in self._answers), by_category,
                       statistics.median(times) if times else None,
                       (self.clock() - self.started).total_seconds() / 60,
                       schedule.next_due(self.record.cards() or self._cards), tuple(self.record.notices))
