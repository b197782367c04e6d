"""What notebooks import: showing code, predictions, self-check scores, the reveal, the catalog.

Notebooks stay short and import everything from here; nothing in a notebook defines infrastructure.
`%load_ext course.notebook` registers the answer-cell magics (course.notebook.magics).
"""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
from IPython.display import HTML, Markdown, display

from course.notebook import answer_store, catalog, tables
from course.notebook.tables import wrapped  # noqa: F401 - notebooks show tables whole with it
from course import scenarios
from course.answers import answer_body, is_unanswered
from course.paths import keys_available

_PREDICTIONS: dict[str, float] = {}


def load_ipython_extension(ipython) -> None:
    """`%load_ext course.notebook`: registers the %%tests, %%findings and %%fix answer-cell magics, and imports a
    catalog kept in its old place (one per OS user) into this clone's, once, saying so in one line."""
    from course.notebook.magics import register
    register(ipython)
    message = catalog.import_old()
    if message:
        print(message)


def live_enabled() -> bool:
    """False while nbgrader executes the notebook (validate/autograde): skip heavy live experiments."""
    return not os.environ.get("NBGRADER_EXECUTION")


def show_code(path: str | Path, lines: tuple[int, int] | None = None, title: str | None = None) -> None:
    """Show a file with line numbers (findings refer to these numbers), headed by `title` (default: its name)."""
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    text = Path(path).read_text()
    all_lines = text.splitlines()
    first, last = lines or (1, len(all_lines))
    chunk = "\n".join(all_lines[first - 1:last]) + "\n"
    formatter = HtmlFormatter(linenos="inline", linenostart=first, noclasses=True, style="friendly")
    display(HTML(f"<div style='font-size:90%'><b>{title or Path(path).name}</b>{highlight(chunk, PythonLexer(), formatter)}</div>"))


def predict(key: str, question: str, min: float = 0, max: float = 20, step: float = 1) -> None:
    """Show a slider for a numeric prediction, made before the experiment; read it back with prediction(key).

    Nothing is recorded until you move the slider (an untouched slider is no prediction, not a prediction of
    `min`); the line under it says what is recorded. Live experiments given `lambda: prediction(key)` read it
    each time you press Run, so a later move of the slider counts too."""
    import ipywidgets as widgets

    slider = (widgets.IntSlider if float(step).is_integer() else widgets.FloatSlider)(
        value=min, min=min, max=max, step=step, description="", continuous_update=False,
        layout=widgets.Layout(width="420px"))
    _PREDICTIONS.pop(key, None)
    status = widgets.HTML("<i>Move the slider to record your prediction (for the lowest value, move it away and back).</i>")

    def record(change) -> None:
        _PREDICTIONS[key] = change["new"]
        status.value = f"Your prediction: <b>{change['new']:g}</b>"

    slider.observe(record, names="value")
    display(widgets.VBox([widgets.HTML(f"<b>Predict:</b> {question}"), slider, status]))


def prediction(key: str) -> float | None:
    """Your prediction for `key`, or None if you have not made one in this session."""
    return _PREDICTIONS.get(key)


def _outcome_text(result) -> str:
    if result is None:
        return "not run"
    if result.outcome == "passed" and result.failures == 0:
        return "passes"
    return f"FAILS: {result.message}" if result.message else f"FAILS ({result.outcome})"


def run_learner_tests(scenario: scenarios.Scenario, cell_source: str) -> pd.DataFrame | None:
    """Run your tests against the assistant's code (and your fix) in a sandbox; show and return a table."""
    from course.judge.engine import TEST_REPS, judge_limits, policy_problems_in_tests
    from course.judge.testrun import run_suites

    body = answer_body(cell_source)
    if is_unanswered(body):
        display(Markdown("**No tests yet:** write `test_...` functions in this cell, then run it."))
        return None
    try:
        banned = policy_problems_in_tests(body, scenario)
    except SyntaxError as exc:
        display(Markdown(f"**Your tests do not compile** (line {exc.lineno}): {exc.msg}"))
        return None
    if banned:
        display(Markdown("**These tests would not be run by the grader:** tests get the implementation from the "
                         "fixtures and check its behaviour, without importing it, reading files or inspecting code. "
                         "Found: " + "; ".join(banned[:5])))
        return None
    targets = {"the assistant's code": scenario.snippet_path().read_text()}
    fix = answer_store.recall(f"{scenario.name}_fix")
    if fix and not is_unanswered(answer_body(fix)):
        targets["your fix"] = answer_body(fix)
    # the grader's own settings (sourceless, repeated runs, limits): what passes here passes there
    suites = run_suites(body, list(targets.values()), scenario, sourceless=True, reps=TEST_REPS, limits=judge_limits())
    problems = [f"{name}: {s.problem}" for name, s in zip(targets, suites) if s.problem]
    for p in problems:
        display(Markdown(f"**Could not run your tests against {p}**"))
    names = list(dict.fromkeys(n for s in suites for n in s.results))
    if not names:
        return None
    table = pd.DataFrame({target: [_outcome_text(s.results.get(n)) for n in names] for target, s in zip(targets, suites)},
                         index=pd.Index(names, name="your test"))
    display(tables.wrapped(table))   # a failure message whole (module 01 asks for world.schedule in it)
    failing = sum(1 for n in names if not _outcome_text(suites[0].results.get(n)).startswith("passes"))
    display(Markdown(f"{failing} of {len(names)} test(s) fail on the assistant's code. A failure there is what you want "
                     "if the test checks the spec. The grader also runs your tests on correct implementations: a test "
                     "that fails on one of those is a false alarm."))
    return table


class NotYet(AssertionError):
    """A grade cell's self-check under `nbgrader validate`: not answered yet, or no points yet.

    It fails the cell (so Validate never calls an empty notebook fine) and IPython shows only the
    message, not a traceback through the course's own code.
    """

    def _render_traceback_(self) -> list[str]:   # IPython's hook for a custom error display
        import textwrap   # short lines: nbgrader's Validate report cuts each line at 80 characters
        return textwrap.wrap(f"{type(self).__name__}: {self}", 76)


def score(exercise_id: str) -> None:
    """The grade cells' content. In your kernel it is a self-check with the same judge as your instructor's.

    Your instructor's grade never comes from here: during autograding this notebook is not executed,
    and the judge reads your saved answer cells instead.
    """
    if os.environ.get("NBGRADER_EXECUTION") == "autograde":
        raise RuntimeError("graded by the course judge, not by executing this cell")
    from course.judge.exercises import load_module_key
    from course.judge.engine import judge_answer

    validating = os.environ.get("NBGRADER_EXECUTION") == "validate"
    scenario_name = exercise_id.rsplit("_", 1)[0]
    scenario = scenarios.get(scenario_name)
    source = answer_store.recall(exercise_id)
    if source is None or is_unanswered(answer_body(source)):
        message = f"{exercise_id!r} is not answered yet: write your answer in the cell above and run it."
        if validating:   # so `nbgrader validate` does not report an empty notebook as passing
            raise NotYet(message)
        print(message)
        return
    if not keys_available(scenario.module):
        return _score_with_service(exercise_id, scenario.module, source, validating)
    unsaved = _saved_answer_differs(exercise_id, source, scenario.module)
    if unsaved:
        print(unsaved)
    exercise = load_module_key(scenario.module)[exercise_id]
    verdict = judge_answer(exercise, source, context=answer_store.answers())   # a triage reads your review
    show_verdict(verdict, record=not validating)
    if validating and verdict.fraction == 0:
        raise NotYet(f"{exercise_id}: no points yet")


def show_verdict(verdict, record: bool = True,
                 title: str = "Self-check (same judge as the instructor's)") -> None:
    """The judge's feedback as a table (and as text for anything that reads text). Hints grow with the failed
    self-checks of this exercise (course.judge.attempts), which are counted in the notebook's folder."""
    from course.judge import attempts, report
    from course.judge.scoring import feedback_text

    folder = attempts.notebook_folder() if record else None
    tier = attempts.record(verdict.exercise_id, verdict.fraction, folder)
    title = f"{title}: {verdict.fraction:.0%} of the points"
    text = feedback_text(f"{title}\n{report.verdict_text(verdict.rows, verdict.feedback, tier)}")
    display({"text/html": report.verdict_html(verdict.rows, verdict.feedback, title, tier), "text/plain": text}, raw=True)
    attempts.save(verdict.exercise_id, verdict.fraction, report.hints_shown(report.rows_from(verdict.rows), tier), folder)


def _score_with_service(exercise_id: str, module: str, source: str, validating: bool) -> None:
    """In a cohort the keys are the judge service's (course.service): it judges the answer, or says why not. Its
    verdict is shown as a local one is: the table of rows, hints growing with this notebook's failed tries."""
    from course.service import client

    if not client.service_url():
        print("Your answer is saved in this notebook. Your instructor's judge scores it when you submit.")
        return
    try:
        verdict = client.check(module, exercise_id, source)
    except client.ServiceUnavailable as exc:
        print(f"Not checked: {exc}.")
        return
    from course.judge.engine import Verdict
    show_verdict(Verdict(exercise_id, verdict.fraction, verdict.feedback, rows=list(verdict.rows)),
                 title="Self-check (your cohort's judge service, the same judge as the instructor's)")
    if validating and verdict.fraction == 0:
        raise NotYet(f"{exercise_id}: no points yet")


def check(notebook: str | Path | None = None, reveal: bool = False) -> None:
    """Grade the SAVED notebook (this one, or `notebook`) exactly as `python -m course check` does: the same
    code, the same judge as your instructor's. Save first (Ctrl+S): the judge reads the file, not this kernel."""
    if os.environ.get("NBGRADER_EXECUTION"):
        return
    path = Path(notebook) if notebook is not None else _this_notebook()
    if path is None:
        print("Which notebook? This kernel does not know its notebook's file: call check(\"NAME.ipynb\").")
        return
    from course.judge.check import check as course_check
    course_check(path, reveal)


def _this_notebook() -> Path | None:
    """The notebook this kernel runs (Jupyter Server tells the kernel in JPY_SESSION_NAME), if it is a file."""
    path = Path(os.environ.get("JPY_SESSION_NAME", ""))
    return path if path.name.endswith(".ipynb") and path.is_file() else None


def _saved_answer_differs(exercise_id: str, ran: str, module: str) -> str | None:
    """A warning when the saved notebook's answer is not the one just run (the grader reads the saved file).

    The saved answer is the one autograde and `course check` read (course.judge.reading: of copies of a cell,
    the last counts; a deleted one counts as no answer). Jupyter Server tells the kernel its notebook's path
    in JPY_SESSION_NAME; without it, say nothing.
    """
    from course.judge.reading import read_saved
    path = _this_notebook()
    if path is None:
        return None
    try:
        _, answers = read_saved(path, module)
    except Exception:
        return None
    saved = answers.get(exercise_id)
    if saved is None or answer_body(saved).strip() != answer_body(ran).strip():
        return ("Note: the saved notebook holds a different answer than the one you just ran (the grader reads "
                "the last cell with this answer's id). Save (Ctrl+S) before you submit: the grader reads the saved file.")
    return None


def reveal(scenario_name: str) -> pd.DataFrame | None:
    """Show the assistant's own tests and run them against its code: they pass."""
    from course.judge.testrun import run_suite

    scenario = scenarios.get(scenario_name)
    show_code(scenario.assistant_tests)
    suite = run_suite(scenario.assistant_tests.read_text(), scenario.snippet_path().read_text(), scenario)
    if suite.problem:
        display(Markdown(f"**The assistant's tests could not run:** {suite.problem}"))
        return None
    return pd.DataFrame({"on the assistant's code": [_outcome_text(r) for r in suite.results.values()]},
                        index=pd.Index(list(suite.results), name="the assistant's test"))


def my_fix(scenario_name: str):
    """Your fixed module, as loaded by the last %%fix cell you ran (None before that)."""
    return answer_store.fix_module(scenario_name)


def catalog_add(pattern: str, category: str, how_to_spot: str, example: str = "") -> None:
    """Add a pattern to your personal catalog, in your own words (an entry already there is not added twice)."""
    try:
        result = catalog.add(pattern, category, how_to_spot, example)
    except catalog.CatalogError as exc:
        print(exc)
        return
    if result is None:
        return
    count = len(catalog.load())
    if result.added:
        print(f"Added to your catalog ({count} pattern(s)): {result.path}")
    else:
        print(f"Already in your catalog, not added again ({count} pattern(s)): {result.path}. "
              "Edit the cell's text to add another.")


def catalog_show():
    """Your catalog so far, every entry in full (wrapped, never cut), as a table the cell shows; None if the
    file cannot be read (the reason is printed). The table itself is the result's `.data`."""
    try:
        table = catalog.load()
    except catalog.CatalogError as exc:
        print(exc)
        return None
    return tables.wrapped(table, index=False)


def cheat_sheet(title: str = "Review cheat sheet") -> None:
    """Turn your catalog into your review cheat sheet: an HTML page and a Markdown file beside the catalog,
    grouped by the five review questions, the course's patterns filling the categories you have no entry for, and
    your weakest categories in the daily practice first in each question.
    Shows it here, with links that open both files in JupyterLab. Module 05 and the capstone call it."""
    from course.notebook import cheatsheet

    if os.environ.get("NBGRADER_EXECUTION"):
        return
    try:
        table = catalog.load()
    except catalog.CatalogError as exc:
        print(exc)
        return
    try:
        practice = cheatsheet.practice_by_category()
    except Exception as exc:   # a damaged practice record: the sheet without its order, and say why
        print(f"Your practice record could not be read ({type(exc).__name__}): the sheet keeps the catalog's order.")
        practice = {}
    try:
        made = cheatsheet.write(table, catalog.catalog_path().parent, title, practice)
    except OSError as exc:     # a read-only or full disk: say where, not a traceback
        print(f"Could not write your cheat sheet beside {catalog.catalog_path()}: {exc.strerror or exc}")
        return
    links = " · ".join(f"[{p.name}]({_link(p)})" for p in (made.html, made.markdown))
    display(Markdown(f"**Your cheat sheet**: {made.yours} of your entries, {made.from_course} of the course's for "
                     f"categories you have none of yet. Open it in JupyterLab: {links}"))
    display(Markdown(made.markdown.read_text(encoding="utf-8")))


def _link(path: Path) -> str:
    """`path` relative to this notebook's folder (JupyterLab opens relative links beside the notebook)."""
    from urllib.parse import quote
    try:
        return quote(os.path.relpath(path, Path.cwd()))
    except ValueError:   # another drive (Windows): no relative path exists
        return quote(path.as_posix())
