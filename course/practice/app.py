"""The drill in a notebook: ipywidgets 8 over course.practice.drill (which holds all the logic).

    from course.practice.app import start, show_progress
    start()            # a 5-minute session; start(items=10) for ten items instead
    show_progress()    # the progress page: per category over days, calibration, the streak

The learner reads the request and the numbered snippet, adds one row per flaw (first line, last line,
category) or presses "No flaw: approve", picks a confidence, and gets the feedback at once: right or wrong,
each flaw's explanation and review question, and the witness test's output on the snippet and on the fixed
(or, for a flaw-free item, the imagined flawed) version. The HTML is made by plain functions (render_*), so
tests check what is shown without a browser; charts go through course.figures (never pyplot).
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from course.practice import drill as drill_module
from course.practice import schedule
from course.practice.bank import PASSED
from course.practice.drill import APPROVE, CONFIDENCE_LEVELS, Drill, DrillError, Feedback, Shown, Summary
from course.practice.judge import AnswerError, Mark, Witness
from course.practice.record import Record
from course.taxonomy import BY_ID, CATEGORIES

if TYPE_CHECKING:
    import ipywidgets

MAX_MARKS = 3
_STATUS = {"found": "found", "wrong-category": "right lines, wrong category", "missed": "missed",
           "looks-like": "looks like"}


def _e(text: object) -> str:
    return html.escape(str(text))


def _where(first: int, last: int) -> str:
    return f"line {first}" if first == last else f"lines {first}-{last}"


def render_item(shown: Shown, minutes_left: float | None) -> str:
    """The request and the snippet with line numbers."""
    left = "" if minutes_left is None else f" &middot; about {max(0, round(minutes_left))} min left"
    return (f"<div><b>Item {shown.position}</b> ({_e(shown.reason)}, {_e(shown.codebase)}){left}</div>"
            f"<div style='margin:6px 0'><b>The request:</b> {_e(shown.request)}</div>"
            f"<pre style='line-height:1.35;font-size:13px'>{_e(shown.numbered())}</pre>")


def _witness_html(witness: Witness, flaw_free: bool) -> str:
    other = "the flawed version a false alarm imagines" if flaw_free else "the fixed version"

    def outcome(text: str) -> str:
        return "passes" if text == PASSED else f"FAILS: {_e(text)}"

    source = (f"<details><summary>the test</summary><pre style='font-size:12px'>{_e(witness.source)}</pre></details>"
              if witness.source else "")
    return (f"<div>Witness <code>{_e(witness.name)}</code>: on this code it {outcome(witness.on_snippet)}; "
            f"on {other} it {outcome(witness.on_other)}.{source}</div>")


def render_feedback(feedback: Feedback) -> str:
    """Right or wrong, each flaw's explanation, review question and witness, and the false alarms."""
    verdict = feedback.verdict
    colour = "#1a7f37" if verdict.correct else "#b35900"
    parts = [f"<div style='color:{colour};font-weight:bold'>{_e(verdict.headline)}</div>",
             f"<div>Answered in {feedback.seconds:.0f} s; this item comes back {feedback.due:%Y-%m-%d %H:%M} UTC."
             f"{'' if feedback.saved else ' (Saved with your next answer: the record is busy.)'}</div>"]
    for flaw in verdict.flaws:
        flaw_free = flaw.status == "looks-like"
        cats = ", ".join(BY_ID[c].title for c in flaw.categories)
        named = f" (you said: {_e(BY_ID[flaw.named].title)})" if flaw.named else ""
        where = _where(*flaw.lines)
        look = "looks" if flaw.lines[0] == flaw.lines[1] else "look"
        heading = (f"{where} {look} like {_e(cats)}, and {'is' if look == 'looks' else 'are'} fine" if flaw_free
                   else f"{where}: {_e(cats)} &mdash; {_STATUS[flaw.status]}{named}")
        parts.append(f"<div style='margin-top:8px'><b>{heading}</b><br>{_e(flaw.explanation)}<br>"
                     f"<i>Review question {flaw.question}: {_e(flaw.question_text)}</i>"
                     f"{_witness_html(flaw.witness, flaw_free)}"
                     "</div>")
    for mark in verdict.false_alarms:
        wide = " (wider than the course's limit, so it matches nothing)" if mark in verdict.too_wide else ""
        parts.append(f"<div>False alarm: {_where(mark.first, mark.last)} as {_e(BY_ID[mark.category].title)}{wide}.</div>")
    return "".join(parts)


def render_summary(summary: Summary) -> str:
    """The session's end: right answers per category, the median time, when to come back."""
    rows = "".join(f"<tr><td>{_e(BY_ID[c].title)}</td><td>{right} / {answered}</td></tr>"
                   for c, (right, answered) in sorted(summary.by_category.items()))
    median = "-" if summary.median_seconds is None else f"{summary.median_seconds:.0f} s"
    due = "" if summary.next_due is None else f" Next item due {summary.next_due:%Y-%m-%d %H:%M} UTC."
    return (f"<div><b>Session over:</b> {summary.right} of {summary.answered} right in {summary.minutes:.0f} min; "
            f"median time {median}.{due}</div><table><tr><th>category</th><th>right</th></tr>{rows}</table>")


class DrillApp:
    """The widgets and their callbacks over one Drill. `box` is what the notebook displays."""

    def __init__(self, drill: Drill) -> None:
        import ipywidgets as w

        self.drill = drill
        self.w = w
        self._shown: Shown | None = None
        self.notices = w.HTML()
        self.item = w.HTML()
        self.marks = w.VBox()
        self.add = w.Button(description="Add a flaw", icon="plus")
        self.confidence = w.ToggleButtons(options=list(CONFIDENCE_LEVELS.items()), value=CONFIDENCE_LEVELS["sure"],
                                          description="Confidence")
        self.submit = w.Button(description="Submit findings", button_style="primary")
        self.approve = w.Button(description=APPROVE[0].upper() + APPROVE[1:], button_style="success")
        self.next_button = w.Button(description="Next item", icon="forward", disabled=True)
        self.problem = w.HTML()
        self.feedback = w.HTML()
        self.chart = w.Output()
        self.add.on_click(lambda _: self.add_mark())
        self.submit.on_click(lambda _: self.answer(self.current_marks()))
        self.approve.on_click(lambda _: self.answer([]))
        self.next_button.on_click(lambda _: self.show_next())
        self.answer_box = w.VBox([self.marks, self.add, self.confidence, w.HBox([self.submit, self.approve]),
                                  self.problem])
        self.box = w.VBox([self.notices, self.item, self.answer_box, self.feedback, self.next_button, self.chart])
        self.show_next()

    # ---------------------------------------------------------------- marks

    def add_mark(self, first: int = 1, last: int = 1, category: str | None = None) -> None:
        """One more row: first line, last line, category (at most MAX_MARKS)."""
        if len(self.marks.children) >= MAX_MARKS:
            return
        w = self.w
        n_lines = max(1, len(self._shown.lines)) if self._shown else 1
        first_box = w.BoundedIntText(value=first, min=1, max=n_lines, description="lines", layout=w.Layout(width="150px"))
        last_box = w.BoundedIntText(value=last, min=1, max=n_lines, description="to", layout=w.Layout(width="120px"))
        options = [(f"{c.title} ({c.id})", c.id) for c in CATEGORIES]
        category_box = w.Dropdown(options=options, value=category or CATEGORIES[0].id, layout=w.Layout(width="300px"))
        remove = w.Button(icon="trash", layout=w.Layout(width="40px"))
        row = w.HBox([first_box, last_box, category_box, remove])
        remove.on_click(lambda _: setattr(self.marks, "children", tuple(r for r in self.marks.children if r is not row)))
        self.marks.children = (*self.marks.children, row)

    def current_marks(self) -> list[Mark]:
        """The rows as marks (a row with its lines reversed is read the right way round)."""
        marks = []
        for row in self.marks.children:
            first, last, category = (row.children[0].value, row.children[1].value, row.children[2].value)
            marks.append(Mark(min(first, last), max(first, last), category))
        return marks

    # ---------------------------------------------------------------- the loop

    def show_next(self) -> None:
        """The next item, or the session's summary and progress chart when it is over."""
        self._shown = self.drill.next()
        self.feedback.value = ""
        self.problem.value = ""
        self.marks.children = ()
        self.next_button.disabled = True
        self._notices()
        if self._shown is None:
            self.item.value = render_summary(self.drill.summary())
            self.answer_box.layout.display = "none"
            self.next_button.layout.display = "none"
            self._chart()
            return
        left = None if self.drill.max_items is not None else (
            self.drill.minutes - (self.drill.clock() - self.drill.started).total_seconds() / 60)
        self.item.value = render_item(self._shown, left)
        self.answer_box.layout.display = None
        self._enable(True)

    def answer(self, marks: Sequence[Mark]) -> None:
        """Judge and show the feedback; a mark the drill cannot judge is explained and the item stays."""
        try:
            feedback = self.drill.answer(marks, float(self.confidence.value))
        except AnswerError as exc:
            self.problem.value = f"<span style='color:#b00020'>{_e(exc)}</span>"
            return
        except DrillError:      # a second click on an item already answered: its feedback is shown
            return
        self.problem.value = ""
        self.feedback.value = render_feedback(feedback)
        self._enable(False)
        self.next_button.disabled = False
        self._notices()

    def _enable(self, on: bool) -> None:
        for button in (self.add, self.submit, self.approve):
            button.disabled = not on

    def _notices(self) -> None:
        notes = self.drill.record.notices
        self.notices.value = "".join(f"<div style='color:#b00020'>{_e(n)}</div>" for n in notes)

    def _chart(self) -> None:
        from course import figures
        from course.practice import stats

        attempts = self.drill.record.attempts()
        self.chart.clear_output()
        if attempts:
            with self.chart:
                figures.show(stats.progress_figure(attempts))


def start(minutes: float = drill_module.SESSION_MINUTES, items: int | None = None, **drill_args: Any) -> DrillApp:
    """Open the learner's record, start a session and display it (`items=N` for N items instead of minutes).

    COURSE_PRACTICE_SEED and COURSE_PRACTICE_CLOCK replay a session exactly (course.practice.schedule.replay_from_env:
    the browser test uses them); arguments given here win."""
    from IPython.display import display

    drill_args = {**schedule.replay_from_env(), **drill_args}
    app = DrillApp(Drill(Record(), minutes=minutes, max_items=items, **drill_args))
    display(app.box)
    return app


def render_progress(text: str) -> str:
    """The progress tables (the text `python -m course practice stats` prints) as HTML."""
    return f"<pre style='font-size:12px;line-height:1.3'>{_e(text)}</pre>"


def show_progress(path: Path | None = None) -> None:
    """The progress page: the chart (accuracy, false alarms and time to spot per category by day, calibration, the
    streak) and the same tables as `python -m course practice stats`, from the learner's record (never created
    here: with none yet, it says how to start)."""
    from datetime import datetime, timezone

    from IPython.display import HTML, display

    from course import figures
    from course.practice import stats
    from course.practice.record import record_path

    path = path or record_path()
    if not path.exists():
        display(HTML(render_progress(stats.stats_text([], datetime.now(timezone.utc)))))
        return
    with Record(path) as record:
        attempts = record.attempts()
        notices = list(record.notices)
    now = datetime.now(timezone.utc)
    display(HTML("".join(f"<div style='color:#b00020'>{_e(n)}</div>" for n in notices)
                 + render_progress(stats.stats_text(attempts, now))))
    if attempts:
        figures.show(stats.progress_figure(attempts, today=now.astimezone().date()))
