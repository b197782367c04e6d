"""Module 06's live experiment: a small mutation run of the sales report, the assistant's tests against yours.

The learner's fix (or any correct daily_sales) is broken on purpose by course.kits.mutation, one operator at one
place per mutant; the assistant's test file and the learner's own tests then run against the fix and every mutant,
sandboxed as the judge runs them (course.judge.testrun, one process per version, repetitions of 1: nothing here is
graded). A test kills a mutant when it passes on the fix and fails on the mutant; a test that already fails on the fix
kills nothing. No key is read: the mutants come from the learner's own code.
"""
from __future__ import annotations

from typing import Mapping

import pandas as pd

from course import scenarios
from course.answers import answer_body, is_unanswered
from course.kits.mutation import Mutant, mutants
from course.notebook import answer_store

SCENARIO = scenarios.get("sales")
KILLED, SURVIVED, FAILS_ON_FIX = "killed", "survived", "fails on the fix"
ASSISTANT, YOURS = "the assistant's tests", "your tests"


def suites() -> dict[str, str]:
    """The test files to compare: the assistant's, and the learner's last `%%tests sales` cell if it may run."""
    from course.judge.engine import policy_problems_in_tests

    found = {ASSISTANT: SCENARIO.assistant_tests.read_text()}
    cell = answer_store.recall("sales_tests")
    if cell and not is_unanswered(answer_body(cell)):
        body = answer_body(cell)
        try:
            if not policy_problems_in_tests(body, SCENARIO):
                found[YOURS] = body
        except SyntaxError:
            pass
    return found


def run(base: str, tests: Mapping[str, str]) -> tuple[pd.DataFrame, list[Mutant]]:
    """Every test of every suite against `base` and its mutants: one row per test, one column per mutant."""
    from course.judge.engine import judge_limits
    from course.judge.testrun import run_suites

    broken = mutants(base)
    versions = [base, *(m.source for m in broken)]
    rows, index = [], []
    for suite, body in tests.items():
        results = run_suites(body, versions, SCENARIO, sourceless=True, reps=1, limits=judge_limits())
        on_fix, *on_mutants = results
        for name in on_fix.results:
            if not on_fix.passed(name):
                rows.append([FAILS_ON_FIX] * len(broken))
            else:
                rows.append([SURVIVED if r.passed(name) else KILLED for r in on_mutants])
            index.append((suite, name))
    table = pd.DataFrame(rows, columns=[m.name for m in broken],
                         index=pd.MultiIndex.from_tuples(index, names=["suite", "test"]))
    return table, broken


def summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per suite: how many mutants some test of it killed, and how many tests killed none."""
    out = {}
    for suite, part in table.groupby(level="suite", sort=False):
        killed = (part == KILLED).any(axis=0)
        out[suite] = {"mutants killed": int(killed.sum()), "mutants": int(len(table.columns)),
                      "tests that fail on the fix": int((part == FAILS_ON_FIX).all(axis=1).sum()),
                      "tests that kill nothing": int(((part != KILLED).all(axis=1) & (part != FAILS_ON_FIX).any(axis=1)).sum())}
    return pd.DataFrame(out).T


def plot(table: pd.DataFrame, prediction: float | None = None):
    """Which test kills which mutant: a grid, one row per test (the assistant's first), one column per mutant."""
    from matplotlib.colors import ListedColormap

    from course.figures import new_figure

    codes = table.replace({SURVIVED: 0, KILLED: 1, FAILS_ON_FIX: 2}).to_numpy(dtype=float)
    fig = new_figure(figsize=(1.0 + 0.55 * len(table.columns), 1.2 + 0.32 * len(table)))
    ax = fig.subplots()
    ax.imshow(codes, cmap=ListedColormap(["#f2f2f2", "#2b6cb0", "#e0a030"]), vmin=0, vmax=2, aspect="auto")
    ax.set_xticks(range(len(table.columns)), table.columns, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(len(table)), [f"{'A' if s == ASSISTANT else 'you'}: {t}" for s, t in table.index], fontsize=8)
    ax.set_xlabel("mutant of the fix (one deliberate break each)")
    killed = {s: int((p == KILLED).any(axis=0).sum()) for s, p in table.groupby(level="suite", sort=False)}
    title = "Blue: killed. Grey: survived. Orange: fails on the fix itself (A: the assistant's tests).\n" + ", ".join(
        f"{s}: {k} of {len(table.columns)} killed" for s, k in killed.items())
    if prediction is not None:
        title += f" (you predicted {prediction:g} for the assistant's)"
    ax.set_title(title, fontsize=9, wrap=True)
    return fig


def widget(prediction: float | None = None) -> None:
    """A Run button: the mutation run on your fix (or on the code you pass), then the grid and the summary."""
    import ipywidgets as widgets
    from IPython.display import Markdown, display

    from course.figures import show

    button = widgets.Button(description="Run the mutation run", button_style="primary", icon="play")
    out = widgets.Output()

    def go(_=None) -> None:
        out.clear_output()
        with out:
            base = answer_store.fix_source(SCENARIO.name)
            if base is None:
                display(Markdown("No fix yet: run your `%%fix sales` cell first (the mutants are made from it)."))
                return
            tests = suites()
            display(Markdown(f"Running {', '.join(tests)} against your fix and its mutants (about a second each)..."))
            table, broken = run(base, tests)
            show(plot(table, prediction))
            display(summary(table))
            display(table)

    button.on_click(go)
    display(widgets.VBox([button, out]))
