"""An answer to a practice item -> a verdict with its feedback, by the course's one findings-matching rule.

A practice item's flaws become the same `Flaw`/`FindingsExercise` the graded notebooks use, and the learner's
marks become `Finding`s, so `course.judge.findings.match` decides what was found (line overlap, a category the
flaw accepts, the tolerance only off every flaw's own lines, spans wider than MAX_SPAN match nothing). On top of
that the drill names the outcome: on a flaw-free item, approving is right and any mark is a false alarm; on a
flawed item, approving is a miss. No code runs: the witness output shown is the bank's precomputed file.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Literal, Sequence

from course.judge.exercises import Flaw, FindingsExercise
from course.judge.findings import MAX_SPAN, Finding, match
from course.practice import bank
from course.taxonomy import BY_ID, REVIEW_QUESTIONS, nearest

Outcome = Literal["found", "approved", "extra", "partial", "wrong-category", "wrong-lines", "missed", "false-alarm"]
RIGHT: frozenset[str] = frozenset({"found", "approved"})
OUTCOME_TEXT: dict[str, str] = {
    "found": "Right: you found the flaw.",
    "approved": "Right: this code is fine, and you approved it.",
    "extra": "Almost: you found the flaw, but also flagged code that is fine.",
    "partial": "Partly: you found one flaw and missed another.",
    "wrong-category": "Close: right lines, wrong category.",
    "wrong-lines": "Not quite: the flaw is somewhere else.",
    "missed": "Missed: there is a flaw here, and you approved it.",
    "false-alarm": "False alarm: this code is fine.",
}


class AnswerError(ValueError):
    """A mark the drill cannot judge (lines outside the snippet, an unknown category): a readable reason."""


@dataclass(frozen=True)
class Mark:
    """One flaw the learner points at: lines `first`..`last` (1-based, inclusive) of the snippet, and a category."""
    first: int
    last: int
    category: str


@dataclass(frozen=True)
class Witness:
    """A witness test, its source, and what it showed (precomputed): on the snippet, and on the fixed (or mutant)
    version."""
    name: str
    on_snippet: str
    on_other: str
    source: str = ""


@dataclass(frozen=True)
class FlawFeedback:
    """One keyed flaw (or a flaw-free item's look-alike) and how the answer treated it."""
    status: Literal["found", "wrong-category", "missed", "looks-like"]
    lines: tuple[int, int]
    categories: tuple[str, ...]
    named: str | None            # the category the learner gave on these lines, when it was not accepted
    explanation: str
    question: int
    witness: Witness

    @property
    def question_text(self) -> str:
        """The review question that catches this flaw."""
        return REVIEW_QUESTIONS[self.question]


@dataclass(frozen=True)
class Verdict:
    """What the drill says about one answer: the outcome, per flaw, and the marks that matched nothing."""
    item_id: str
    outcome: Outcome
    flaws: tuple[FlawFeedback, ...]
    false_alarms: tuple[Mark, ...]
    too_wide: tuple[Mark, ...]   # false alarms only because they span more than MAX_SPAN lines
    fraction: float              # share of keyed flaws matched (0 or 1 on a flaw-free item)

    @property
    def correct(self) -> bool:
        return self.outcome in RIGHT

    @property
    def headline(self) -> str:
        return OUTCOME_TEXT[self.outcome]


def exercise(item: bank.Item) -> FindingsExercise:
    """The item as the course's findings exercise: its flaws keyed, a flaw-free item's look-alike as a decoy."""
    flaws = tuple(Flaw(id=f"flaw{n}", lines=f.lines, categories=frozenset(f.categories),
                       title=BY_ID[f.categories[0]].title, tolerance=f.tolerance)
                  for n, f in enumerate(item.flaws, 1))
    decoys = (item.approve.span,) if item.approve else ()
    return FindingsExercise(id=item.id, scenario="practice", flaws=flaws, decoys=decoys)


def check_marks(item: bank.Item, marks: Sequence[Mark]) -> list[Finding]:
    """The marks as findings; AnswerError names the first mark the drill cannot judge."""
    n_lines = len(item.snippet.splitlines())
    findings = []
    for n, mark in enumerate(marks, 1):
        if not 1 <= mark.first <= mark.last <= n_lines:
            raise AnswerError(f"mark {n}: lines {mark.first}-{mark.last} are not lines of the snippet (1-{n_lines})")
        if mark.category not in BY_ID:
            raise AnswerError(f"mark {n}: unknown category {mark.category!r}; did you mean {nearest(mark.category)!r}?")
        findings.append(Finding(mark.first, mark.last, mark.category, why="(practice drill)"))
    return findings


def _touches(mark: Mark, span: tuple[int, int]) -> bool:
    return mark.first <= span[1] and span[0] <= mark.last


def witness_source(item: bank.Item, name: str) -> str:
    """The source of witness function `name` in the item's witness.py ("" if it is not there)."""
    try:
        tree = ast.parse(item.witness_source)
    except SyntaxError:
        return ""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return ast.get_source_segment(item.witness_source, node) or ""
    return ""


def _witness(item: bank.Item, name: str) -> Witness:
    shown = (bank.read_outputs(item) or {}).get(name, {})
    return Witness(name, shown.get("snippet", "(not recorded)"), shown.get("other", "(not recorded)"),
                   witness_source(item, name))


def judge(item: bank.Item, marks: Sequence[Mark]) -> Verdict:
    """The verdict on `marks` (empty = "no flaw: approve") for `item`, with each flaw's feedback."""
    findings = check_marks(item, marks)
    key = exercise(item)
    result = match(findings, key)
    found = {int(flaw_id.removeprefix("flaw")) - 1 for flaw_id in result.matched.values()}
    unmatched = [marks[i] for i in result.false_alarms]
    feedback: list[FlawFeedback] = []
    wrong_category_marks: set[int] = set()
    for j, flaw in enumerate(item.flaws):
        named = None
        if j in found:
            status: Literal["found", "wrong-category", "missed", "looks-like"] = "found"
        else:
            near = [i for i, m in enumerate(unmatched) if _touches(m, flaw.span) and m.last - m.first + 1 <= MAX_SPAN]
            status = "wrong-category" if near else "missed"
            if near:
                named = unmatched[near[0]].category
                wrong_category_marks.update(near)
        feedback.append(FlawFeedback(status, flaw.lines, flaw.categories, named, flaw.explanation, flaw.question,
                                     _witness(item, flaw.witness)))
    if item.approve:
        a = item.approve
        feedback.append(FlawFeedback("looks-like", a.lines, a.categories, None, a.explanation, a.question,
                                     _witness(item, a.witness)))
    false_alarms = tuple(m for i, m in enumerate(unmatched) if i not in wrong_category_marks)
    too_wide = tuple(m for m in false_alarms if m.last - m.first + 1 > MAX_SPAN)
    outcome = _outcome(item, marks, feedback, false_alarms)
    fraction = (1.0 if not marks else 0.0) if item.flaw_free else len(found) / len(item.flaws)
    return Verdict(item.id, outcome, tuple(feedback), false_alarms, too_wide, fraction)


def _outcome(item: bank.Item, marks: Sequence[Mark], flaws: Sequence[FlawFeedback],
             false_alarms: Sequence[Mark]) -> Outcome:
    if item.flaw_free:
        return "false-alarm" if marks else "approved"
    if not marks:
        return "missed"
    statuses = [f.status for f in flaws]
    if all(s == "found" for s in statuses):
        return "extra" if false_alarms else "found"
    if "found" in statuses:
        return "partial"
    if "wrong-category" in statuses:
        return "wrong-category"
    return "wrong-lines"
