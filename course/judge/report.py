"""Feedback as rows: one row per item the judge has something to say about, rendered as text or as an HTML table.

The judge's verdicts (course.judge.engine, course.judge.findings) build a list of `Row`s instead of prose, so
the same words reach every reader: the score cells in the notebook (an HTML table), `python -m course check`
(text) and nbgrader's autograded notebook and feedback page (both, in one output). Every row is text the
judge wrote, or a learner's own test name; never a message from a run (course/judge/PROTOCOL.md, "What feedback
may carry"); nothing here reads a key.

Hints come in tiers (`Row.tier`), as Juice Shop gives them after failed attempts: tier 1 rows (the review
question that finds a missed flaw) come with every feedback; tier 2 rows (the region of the code, or the spec
rule a missed broken version violates) only once the learner has failed that exercise twice in their own
kernel (course.notebook.attempts counts). Autograding shows tier 1: it knows no attempts.
"""
from __future__ import annotations

import html
from dataclasses import asdict, dataclass
from typing import Any, Iterable, Sequence

from course.judge.scoring import feedback_text
from course.taxonomy import BY_ID, REVIEW_QUESTIONS

DEFAULT_TIER = 1          # what autograde and `course check` show: the review question, never the region
MAX_TIER = 2
# kinds whose text line keeps the fix table's aligned layout ("not fixed  <property>")
_FIX_KINDS = ("fixed", "not fixed", "broken")
_GOOD = ("caught", "found", "fixed", "kept")
_BAD = ("false alarm", "flaky", "not caught", "missed", "broken", "not fixed", "still passing", "still to find",
        "right lines")


@dataclass(frozen=True)
class Row:
    """One line of feedback: what kind of item, which item (a test name, a finding's lines), what the judge says."""
    kind: str
    item: str = ""
    text: str = ""
    tier: int = 0        # 0: always shown; 1, 2: a hint, shown from that tier on

    def line(self) -> str:
        if self.kind == "score":
            return f"Score: {self.text}"
        if self.kind == "note":
            return self.text
        if self.kind in _FIX_KINDS:
            return f"  {self.kind:<9}  {self.text}"
        return f"  {self.label}: " + (f"{self.item} " if self.item else "") + self.text

    @property
    def label(self) -> str:
        """The kind as shown; a hint says its tier ("hint 2": shown after the second failed try)."""
        return f"{self.kind} {self.tier}" if self.kind == "hint" and self.tier else self.kind


def rows_data(rows: Iterable[Row]) -> list[dict[str, Any]]:
    """Rows as plain dicts (what a Verdict stores: the batch store and the verdict cache keep JSON)."""
    return [asdict(r) for r in rows]


def rows_from(data: Sequence[dict[str, Any]] | None) -> list[Row]:
    """The rows a Verdict stored; anything malformed is left out (a stored row is judge text, never learner code)."""
    rows = []
    for entry in data or ():
        try:
            rows.append(Row(str(entry["kind"]), str(entry.get("item", "")), str(entry.get("text", "")),
                            int(entry.get("tier", 0))))
        except (KeyError, TypeError, ValueError):
            continue
    return rows


def visible(rows: Iterable[Row], tier: int = DEFAULT_TIER) -> list[Row]:
    return [r for r in rows if r.tier <= tier]


def hints_shown(rows: Iterable[Row], tier: int = DEFAULT_TIER) -> int:
    """The highest hint tier among the rows shown (0 when none was needed): what the instructor sees as used."""
    return max((r.tier for r in visible(rows, tier) if r.tier), default=0)


def to_text(rows: Iterable[Row], tier: int = DEFAULT_TIER) -> str:
    return "\n".join(r.line() for r in visible(rows, tier))


_STYLE = ("border-collapse:collapse;margin:0.3em 0;font-size:0.95em;"
          "word-break:normal;overflow-wrap:normal;hyphens:none")
_CELL = "padding:0.2em 0.7em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top;"


def _colour(kind: str) -> str:
    if kind.startswith(_GOOD) and kind not in _BAD:
        return "color:#1a7f37;"
    if kind in _BAD:
        return "color:#b3261e;"
    return ""


def to_html(rows: Iterable[Row], title: str = "", tier: int = DEFAULT_TIER) -> str:
    """A small table, one row per item; words are never broken mid-word (the item column never wraps at all).
    Every text is escaped: a learner's test name or message is shown as text, never as markup."""
    shown = visible(rows, tier)
    notes = [r for r in shown if r.kind == "note"]
    items = [r for r in shown if r.kind not in ("note", "score")]
    score = [r for r in shown if r.kind == "score"]
    esc = lambda s: html.escape(feedback_text(s), quote=True)   # noqa: E731
    out = [f"<div class='course-feedback' style='{_STYLE}'>"]
    if title:
        out.append(f"<b>{esc(title)}</b>")
    out.extend(f"<div style='white-space:pre-wrap;word-break:normal;overflow-wrap:normal'>{esc(r.text)}</div>"
               for r in notes)
    if items or score:
        out.append(f"<table style='{_STYLE}'>")
        for r in items:
            # a row without an item (a hint, a fix's property) lets its text take the item's column too: an
            # empty <code> is drawn as an empty grey box in JupyterLab
            item = (f"<td style='{_CELL}white-space:nowrap'><code>{esc(r.item)}</code></td>"
                    f"<td style='{_CELL}white-space:normal'>" if r.item else
                    f"<td style='{_CELL}white-space:normal' colspan='2'>")
            out.append(f"<tr><th style='{_CELL}white-space:nowrap;{_colour(r.kind)}'>{esc(r.label)}</th>"
                       f"{item}{esc(r.text)}</td></tr>")
        for r in score:
            out.append(f"<tr><th style='{_CELL}white-space:nowrap'>score</th>"
                       f"<td style='{_CELL}' colspan='2'><b>{esc(r.text)}</b></td></tr>")
        out.append("</table>")
    out.append("</div>")
    return "\n".join(out)


def verdict_html(rows: Sequence[dict[str, Any]], feedback: str, title: str, tier: int = DEFAULT_TIER) -> str:
    """A verdict's table; a verdict without rows (not answered, not run, a grader error) shows its text as a note."""
    return to_html(rows_from(rows) or [Row("note", text=feedback)], title, tier)


def verdict_text(rows: Sequence[dict[str, Any]], feedback: str, tier: int = DEFAULT_TIER) -> str:
    """A verdict's text at a hint tier (its stored feedback is the default tier's)."""
    parsed = rows_from(rows)
    return to_text(parsed, tier) if parsed else feedback


# ---------------------------------------------------------------- wording shared by the verdicts

def question_for(categories: Iterable[str]) -> str:
    """The review question(s) that find a flaw of these categories (the taxonomy maps each category to one)."""
    numbers = sorted({BY_ID[c].question for c in categories if c in BY_ID})
    if not numbers:
        return "the five review questions"
    return " or ".join(f"question {n}, \u201c{REVIEW_QUESTIONS[n]}\u201d" for n in numbers)


def percent(fraction: float) -> str:
    return f"{fraction:.0%} of the points"


# ---------------------------------------------------------------- learner tests (wheats and chaffs)

@dataclass(frozen=True)
class TestsOutcome:
    """What judge_tests decided, in the terms feedback needs: names and the key's words, no run's messages."""
    names: list[str]
    reps: int
    confirm_reps: int
    wheats: int
    false_alarms: dict[str, str]                  # test -> the freedom of the wheat it failed on ("" if none keyed)
    caught: dict[str, tuple[str, str]]            # flaw -> (first test that caught it, the rule the chaff violates)
    flaky: list[str]
    undetermined: int
    idle: dict[str, bool]                         # test that passes everywhere -> whether it asserts anything
    missed: list[tuple[str, str, str]]            # (flaw title, the rule it violates, review question) per missed chaff
    chaffs: int
    penalty: float
    fraction: float


def _counted(items: Iterable[Any]) -> dict[Any, int]:
    """{item: how many times it came}, in first-seen order: identical rows are said once, with their count."""
    counts: dict[Any, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts


def tests_rows(o: TestsOutcome, *, reveal: bool) -> list[Row]:
    """Feedback on a learner's tests. Before the reveal a caught or missed broken version is named by the spec
    rule it violates, never by its flaw's title: the learner names the flaws themselves, later."""
    rows = [Row("note", text=f"Your tests: {len(o.names)} ({', '.join(o.names)}), each run {o.reps} times against "
                f"{o.wheats} correct and {o.chaffs} broken versions (and {o.confirm_reps} more times for every catch).")]
    for name, freedom in o.false_alarms.items():
        why = (f"The spec leaves this open: {freedom}" if freedom else
               "That version keeps to the letter of the spec: your test expects something the spec does not promise.")
        # never the test's own message: it was computed while the test held a correct version (PROTOCOL.md)
        rows.append(Row("false alarm", name, f"fails on a correct implementation. {why} The test is dropped and "
                        f"costs {o.penalty:.0%} of the points. (What a test reports on a correct version is never "
                        "shown: that version is part of the key.)"))
    caught = _counted(o.caught.values())     # two broken versions of one rule, caught by one test: one row
    for (name, rule), count in caught.items():
        which = "a broken implementation" if count == 1 else f"{count} broken implementations"
        rows.append(Row("caught", name, f"fails on {which} that break{'s' if count == 1 else ''} this rule of the "
                        f"spec: {rule}" if rule else f"fails on {which}."))
    for name in o.flaky:
        rows.append(Row("flaky", name, "gave different results on the same broken version across runs, so that version "
                        "earns nothing. Graded tests must be deterministic: force the interleaving with the fixtures "
                        "instead of hoping for it."))
    if o.undetermined:
        rows.append(Row("not judged", "", f"{o.undetermined} broken version(s) could not be judged: your tests did not "
                        "finish against them (too slow, or they stopped the test process). They earn nothing."))
    for name, asserts in o.idle.items():
        rows.append(Row("caught nothing", name, "passes on every version, correct and broken. If it checks a rule of "
                        "the spec, no broken version here breaks that rule: it costs nothing, and it earns nothing."
                        if asserts else "passes on every version: it asserts nothing (no assert, no pytest.raises), "
                        "so it cannot fail on wrong behaviour."))
    if o.missed:
        if reveal:
            rows.extend(Row("not caught", "", title) for title, _, _ in o.missed)
        else:
            rows.append(Row("still passing", "", f"{len(o.missed)} broken implementation(s) still pass all your tests."))
            for question, count in _counted(question for _, _, question in o.missed).items():
                rows.append(Row("hint", "", f"{'one' if count == 1 else count} of them {'is' if count == 1 else 'are'} "
                                f"found by {question}", tier=1))
            for rule in _counted(rule for _, rule, _ in o.missed if rule):
                rows.append(Row("hint", "", f"a rule of the spec no test of yours catches broken yet: {rule}", tier=2))
    base = len(o.caught) / max(1, o.chaffs)
    text = f"{len(o.caught)} of {o.chaffs} broken versions caught ({base:.0%})"
    if o.false_alarms:
        text += f", minus {o.penalty:.0%} for each of {len(o.false_alarms)} false alarm(s)"
    below = base - o.penalty * len(o.false_alarms) < 0
    rows.append(Row("score", text=text + f" = {percent(o.fraction)}" + (" (never below 0)" if below else "")))
    return rows
