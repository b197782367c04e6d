"""The scheduler, driven deterministically: a fake clock, fixed seeds, FSRS without fuzzing. An item answered
wrongly comes back sooner than one answered right; due items come before new ones; consecutive items differ
in category; weak categories are weighted up; the same seed and clock give the same session."""
from __future__ import annotations

import random

from fsrs import Rating

from course.practice import schedule
from course.practice.drill import Drill
from course.practice.judge import Mark, judge
from course.practice.record import Record
from practice_items import START, FakeClock, items_in, make_item


def right(item) -> list[Mark]:
    return [] if item.flaw_free else [Mark(*item.flaws[0].lines, item.flaws[0].categories[0])]


def wrong(item) -> list[Mark]:
    return [Mark(7, 7, "injection")] if item.flaw_free else []


def test_fsrs_runs_without_fuzzing():
    assert schedule.fsrs_scheduler().enable_fuzzing is False
    assert schedule.card_id("shop-a") == schedule.card_id("shop-a") != schedule.card_id("shop-b")


def test_rating_from_the_verdict_and_the_time():
    item = make_item("shop-x", "race-condition")
    found, close, missed = (judge(item, m) for m in ([Mark(7, 7, "race-condition")], [Mark(7, 7, "edge-case")], []))
    assert schedule.rating(found, 10) == Rating.Easy
    assert schedule.rating(found, 60) == Rating.Good
    assert schedule.rating(found, 600) == Rating.Hard
    assert schedule.rating(found, 10, confidence=0.5) == Rating.Hard    # a guess that came off
    assert schedule.rating(close, 10) == Rating.Hard
    assert schedule.rating(missed, 10) == Rating.Again


def test_an_item_answered_wrongly_comes_back_sooner(tmp_path):
    clock = FakeClock()
    items = items_in({"race-condition": 1, "quadratic": 1})
    with Record(tmp_path / "r.sqlite", clock=clock) as record:
        drill = Drill(record, items, clock=clock, seed=3)
        first = drill.by_id[drill.next().item_id]
        clock.advance(40)
        drill.answer(wrong(first), 0.9)
        second = drill.by_id[drill.next().item_id]
        clock.advance(40)
        drill.answer(right(second), 0.9)
        cards = record.cards()
        assert cards[first.id].due < cards[second.id].due
        # once the wrongly answered item is due, it is the one shown, as a review
        clock.now = cards[first.id].due
        shown = drill.next()
        assert (shown.item_id, shown.reason) == (first.id, "due")


def test_due_items_come_before_new_ones():
    items = items_in({"race-condition": 2, "quadratic": 3})
    now = START
    due_item = items[1]
    cards = {due_item.id: schedule.new_card(due_item.id, now)}
    not_yet = items[2]
    cards[not_yet.id] = schedule.review(None, not_yet.id, Rating.Good, now, 30)   # due in the future
    pick = schedule.pick_next(items, cards, now, last=None, weights={}, rng=random.Random(0))
    assert (pick.item.id, pick.reason) == (due_item.id, "due")
    assert not_yet.id not in {p.id for p in items if p.id in cards and cards[p.id].due <= now}
    # with nothing due, a new item (never one scheduled for later)
    later = schedule.pick_next(items, {not_yet.id: cards[not_yet.id]}, now, last=None, weights={}, rng=random.Random(0))
    assert later.reason == "new" and later.item.id != not_yet.id


def test_the_most_overdue_item_first_but_not_the_last_category_again():
    items = items_in({"race-condition": 2, "quadratic": 1})
    a, b, c = items
    cards = {a.id: schedule.new_card(a.id, START), b.id: schedule.new_card(b.id, START.replace(minute=1)),
             c.id: schedule.new_card(c.id, START.replace(minute=2))}
    later = START.replace(hour=10)
    assert schedule.pick_next(items, cards, later, last=None, weights={}, rng=random.Random(0)).item == a
    # just shown a race-condition item: the quadratic one, though less overdue
    assert schedule.pick_next(items, cards, later, last=b, weights={}, rng=random.Random(0)).item == c
    # only the item just shown is due, nothing new: it is shown again rather than nothing
    assert schedule.pick_next([a], {a.id: cards[a.id]}, later, last=a, weights={}, rng=random.Random(0)).item == a


def test_consecutive_items_differ_in_category(tmp_path):
    items = items_in({"race-condition": 5, "quadratic": 5, "injection": 5}, flaw_free_every=3)
    for seed in range(5):
        clock = FakeClock()
        with Record(tmp_path / f"r{seed}.sqlite", clock=clock) as record:
            drill = Drill(record, items, clock=clock, seed=seed, max_items=15)
            shown = []
            while (item := drill.next()) is not None:
                shown.append(drill.by_id[item.item_id].main_category)
                clock.advance(30)
                drill.answer(right(drill.by_id[item.item_id]), 0.7)
        assert len(shown) == 15
        assert all(x != y for x, y in zip(shown, shown[1:])), (seed, shown)


def test_weak_categories_are_weighted_up():
    history = [("race-condition", False)] * 4 + [("quadratic", True)] * 4
    weights = schedule.category_weights(history, ["race-condition", "quadratic", "injection"])
    assert weights["race-condition"] > weights["injection"] > weights["quadratic"] >= 1.0
    items = items_in({"race-condition": 10, "quadratic": 10})
    picks = [schedule.pick_next(items, {}, START, last=None, weights=weights, rng=random.Random(seed)).item.main_category
             for seed in range(200)]
    assert picks.count("race-condition") > 2 * picks.count("quadratic")


def test_the_same_seed_and_clock_give_the_same_session(tmp_path):
    items = items_in({"race-condition": 4, "quadratic": 4, "edge-case": 4})

    def session(name: str, seed: int) -> list[str]:
        clock = FakeClock()
        with Record(tmp_path / name, clock=clock) as record:
            drill = Drill(record, items, clock=clock, seed=seed, max_items=10)
            ids = []
            while (shown := drill.next()) is not None:
                ids.append(shown.item_id)
                clock.advance(25)
                item = drill.by_id[shown.item_id]
                drill.answer(wrong(item) if len(ids) % 3 == 0 else right(item), 0.9)
            return ids

    assert session("a.sqlite", 7) == session("b.sqlite", 7)
    assert session("c.sqlite", 7) != session("d.sqlite", 8)
