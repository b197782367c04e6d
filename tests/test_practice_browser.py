"""The daily drill in a real browser: Debian's chromium, driven by Playwright, on a real JupyterLab.

A learner opens modules/practice/practice.ipynb, asks for a 5-item session (`start(items=5)`), answers through
the widgets (lines and a category per flaw, or "No flaw: approve"), reads the feedback, reaches the summary and
its chart, then runs the progress page. Two answers are wrong (a miss, and right lines with a wrong category) and
one approves a flaw-free item.

Deterministic: the record is a file in the test's folder (COURSE_PRACTICE_RECORD), the session's seed is fixed
(COURSE_PRACTICE_SEED) and its clock is a SteppingClock (COURSE_PRACTICE_CLOCK: 15 s per reading), so which five
items come up, the times and the due dates do not depend on the machine. The expected session is computed here by
replaying the same Drill headless with the same seed, clock and answers; the browser must show exactly it.
Screenshots go to test-artifacts/practice-browser/ (git-ignored).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
import os
from pathlib import Path
import shutil

import nbformat
import pytest

from course.cohort.analytics import STARTED_KEY, execution_started
from course.paths import MODULES_DIR, REPO_ROOT
from course.practice import bank
from course.practice.drill import Drill, bank_items
from course.practice.judge import Mark
from course.practice.record import Record
from course.practice.schedule import CLOCK_ENV, SEED_ENV, SteppingClock
from course.taxonomy import BY_ID, CATEGORIES
from lab_server import running_lab
from prerequisites import require
from test_browser import CHROMIUM, CHROMIUM_ARGS, STEP_TIMEOUT_MS, code_cell, kernel_idle, open_notebook, run_all, \
    save, type_into_cell

pytestmark = pytest.mark.slow

ARTIFACTS = REPO_ROOT / "test-artifacts" / "practice-browser"
NOTEBOOK = "practice/practice.ipynb"
SEED = 3
CLOCK_START = "2026-12-01T09:00:00+00:00"
STEP_SECONDS = 15.0
START_CELL = "drill = start(items=5)"

require(None if os.path.exists(CHROMIUM) else
        f"{CHROMIUM} is missing: `make system-deps` installs Debian's chromium as root (or `sudo apt-get install chromium`)",
        "the practice browser test")


@dataclass(frozen=True)
class Step:
    """One planned answer: the item, the marks to enter (none: approve) and the headline the drill must show."""
    item: bank.Item
    marks: tuple[Mark, ...]
    headline: str
    correct: bool


def wrong_category(flaw: bank.Flaw) -> str:
    return next(c.id for c in CATEGORIES if c.id not in flaw.categories)


def plan_session(path: Path) -> list[Step]:
    """Replay the session headless: the first flawed item is approved (a miss), the second gets its lines with a
    wrong category, every other answer is right (flaw-free items approved)."""
    items = bank_items()
    record = Record(path)
    drill = Drill(record, items, seed=SEED, clock=SteppingClock(datetime.fromisoformat(CLOCK_START), STEP_SECONDS),
                  max_items=5)
    by_id = {item.id: item for item in items}
    steps, wrong = [], 0
    while (shown := drill.next()) is not None:
        item = by_id[shown.item_id]
        if item.flaw_free:
            marks: tuple[Mark, ...] = ()
        elif wrong == 0:
            marks, wrong = (), 1
        elif wrong == 1:
            flaw = item.flaws[0]
            marks, wrong = (Mark(*flaw.lines, wrong_category(flaw)),), 2
        else:
            marks = tuple(Mark(*flaw.lines, flaw.categories[0]) for flaw in item.flaws)
        feedback = drill.answer(marks, 0.9)
        steps.append(Step(item, marks, feedback.verdict.headline, feedback.verdict.correct))
    record.close()
    return steps


@pytest.fixture
def session(tmp_path, monkeypatch):
    """The planned session, and a JupyterLab whose kernels replay it (record, seed and clock fixed)."""
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    steps = plan_session(tmp_path / "plan.sqlite")
    root = tmp_path / "course" / "modules"
    shutil.copytree(MODULES_DIR, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    record = tmp_path / "record.sqlite"
    monkeypatch.setenv("COURSE_PRACTICE_RECORD", str(record))
    monkeypatch.setenv(SEED_ENV, str(SEED))
    monkeypatch.setenv(CLOCK_ENV, f"{CLOCK_START},{STEP_SECONDS:g}")
    with running_lab(tmp_path / "lab-state", root=root) as lab:
        yield steps, lab, record


@pytest.fixture
def page(session, request):
    from playwright.sync_api import sync_playwright

    _, lab, _ = session
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    console: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(STEP_TIMEOUT_MS)
        page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
        try:
            yield page
        finally:
            page.screenshot(path=str(ARTIFACTS / f"last-{request.node.name}.png"), full_page=True)
            (ARTIFACTS / "console.log").write_text("\n".join(console) + "\n")
            (ARTIFACTS / "server.log").write_text(lab.log_tail(400))
            browser.close()


def button(cell, label: str):
    return cell.locator("button.widget-button", has_text=label)


def enter_mark(page, cell, row: int, mark: Mark) -> None:
    """Add a flaw row and fill it as a learner does: first line, last line, category."""
    button(cell, "Add a flaw").click()
    rows = cell.locator(".widget-hbox").filter(has=page.locator("select"))
    rows.nth(row).wait_for()
    first, last = rows.nth(row).locator("input[type=number]").all()
    for box, value in ((first, mark.first), (last, mark.last)):
        box.fill(str(value))
        box.press("Enter")
    rows.nth(row).locator("select").select_option(label=f"{BY_ID[mark.category].title} ({mark.category})")


def test_a_five_item_session_with_feedback_summary_and_progress(page, session):
    steps, lab, record_path = session
    assert len(steps) == 5
    assert [s.correct for s in steps].count(False) == 2
    assert any(s.item.flaw_free and s.correct for s in steps), f"seed {SEED} gives no flaw-free item: pick another"

    panel = open_notebook(page, lab, NOTEBOOK)
    type_into_cell(page, code_cell(panel, "drill = start()   # start(items=10) for ten items instead of five minutes"),
                   START_CELL)
    run_all(page, panel)
    cell = code_cell(panel, START_CELL)
    progress = code_cell(panel, "show_progress()")
    progress.locator(".jp-OutputArea-output", has_text="No practice answers recorded yet").wait_for()

    for n, step in enumerate(steps, 1):
        item_box = cell.locator(".widget-html", has_text=f"Item {n} (")
        item_box.wait_for()
        assert step.item.request in item_box.inner_text()
        assert step.item.snippet.splitlines()[0].strip() in item_box.inner_text()
        for row, mark in enumerate(step.marks):
            enter_mark(page, cell, row, mark)
        button(cell, "Submit findings" if step.marks else "No flaw: approve").click()
        verdict = cell.locator(".widget-html", has_text=step.headline)
        verdict.wait_for()
        text = verdict.inner_text()
        assert f"Answered in {STEP_SECONDS:.0f} s" in text                  # the replay clock, not the machine's
        keyed = step.item.flaws or (step.item.approve,)
        for flaw in keyed:                                                  # explanation, question and witness
            assert " ".join(flaw.explanation.split())[:60] in " ".join(text.split())
            assert f"Review question {flaw.question}" in text and f"Witness {flaw.witness}" in text
        if not step.correct and not step.marks:
            assert "missed" in text
        page.screenshot(path=str(ARTIFACTS / f"item-{n}-feedback.png"), full_page=True)
        assert button(cell, "Submit findings").is_disabled()                 # one answer per item
        button(cell, "Next item").click()

    summary = cell.locator(".widget-html", has_text="Session over:")
    summary.wait_for()
    assert "3 of 5 right" in summary.inner_text()
    chart = cell.locator(".widget-output img")
    chart.wait_for()
    assert chart.get_attribute("src").startswith("data:image/png;base64,")
    assert chart.evaluate("img => img.naturalWidth") > 300                  # drawn, not a broken image
    page.screenshot(path=str(ARTIFACTS / "summary.png"), full_page=True)

    progress.locator(".jp-InputArea-editor").click()                          # the progress page, run again
    page.keyboard.press("Shift+Enter")
    progress.locator(".jp-OutputArea-output", has_text="5 answers, 3 right").wait_for()
    progress.locator(".jp-OutputArea-output img").wait_for()
    kernel_idle(panel).wait_for()
    progress.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "progress.png"), full_page=True)
    save(page, panel)
    ran = [c for c in nbformat.read(str(record_path.parent / "course" / "modules" / NOTEBOOK), as_version=4).cells
           if c.cell_type == "code" and c.get("execution_count")]
    assert ran and all({STARTED_KEY, "shell.execute_reply"} <= set(c.metadata.get("execution", {})) for c in ran)
    assert all(execution_started(c) is not None for c in ran)                # JupyterLab recorded cell timing

    with Record(record_path) as record:                                      # the clicks were recorded as planned
        attempts = record.attempts()
    assert [(a.item_id, a.correct, a.marks) for a in attempts] == [
        (s.item.id, s.correct, tuple((m.first, m.last, m.category) for m in s.marks)) for s in steps]
    assert {a.seconds for a in attempts} == {STEP_SECONDS}
