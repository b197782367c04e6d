"""The learner's experience in a real browser: Debian's chromium, driven by Playwright, on a real JupyterLab.

The server starts as `make lab` starts it (127.0.0.1, a token, course settings), on a copy of
modules/ so nothing the browser saves touches the repository. The browser runs every cell of the
start-here notebook and of module 01, types an answer, runs nbgrader's Validate from the notebook
toolbar, and moves the live experiment's slider until the plot changes. Screenshots go to
test-artifacts/browser/ (git-ignored). No browser is downloaded: Playwright drives /usr/bin/chromium.
"""
from __future__ import annotations

import csv
import os
from pathlib import Path
import re
import shutil
import time

import nbformat
import pytest

from course.paths import LEARNER_DIR, MODULES_DIR, REPO_ROOT
from course.scenarios.oversell import SCENARIO
from lab_server import Lab, running_lab
from nbgrader_course import solution_answers
from prerequisites import require

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
# Headless, and nothing that phones home: without the background-networking flags chromium keeps
# trying to reach Google's hosts, which a closed network refuses.
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
ARTIFACTS = REPO_ROOT / "test-artifacts" / "browser"
START = "00-start-here/00-start-here.ipynb"
MODULE_01 = "01-concurrent-writes/01-concurrent-writes.ipynb"
MODULE_05 = "05-three-callers/05-three-callers.ipynb"
STEP_TIMEOUT_MS = 90_000   # one step (a kernel start, a Validate run) on a busy 2-core machine

require(None if os.path.exists(CHROMIUM) else
        f"{CHROMIUM} is missing: `make system-deps` installs Debian's chromium as root (or `sudo apt-get install chromium`)",
        "the browser test")


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def course_copy(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("course") / "modules"
    shutil.copytree(MODULES_DIR, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return root


@pytest.fixture(scope="module")
def lab(course_copy, tmp_path_factory):
    # the catalog where the course keeps it, beside the modules (course.paths.LEARNER_DIR), so the cheat sheet
    # written beside it opens in JupyterLab
    with running_lab(tmp_path_factory.mktemp("lab-state"), root=course_copy,
                     catalog=course_copy / LEARNER_DIR.name / "catalog.csv") as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, lab, request):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    yield page
    # the final state, pass or fail: a screenshot, the browser's console and the server's log
    page.screenshot(path=str(ARTIFACTS / f"last-{request.node.name}.png"))
    (ARTIFACTS / f"console-{request.node.name}.log").write_text("\n".join(console) + "\n")
    (ARTIFACTS / f"server-{request.node.name}.log").write_text(lab.log_tail(400))
    context.close()


# ---------------------------------------------------------------- what a learner does

def open_notebook(page, lab: Lab, path: str):
    """Open the notebook by URL (with the token) and wait until its own kernel is idle; its panel.

    On a busy machine JupyterLab sometimes asks which kernel to start (the kernel list arrives late):
    the test answers as a learner would, with the default, Python 3.
    """
    # a workspace of its own, so no other notebook is restored beside it and shown first
    page.goto(f"{lab.base}/lab/workspaces/{Path(path).stem}/tree/{path}?token={lab.token}")
    page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current", has_text=Path(path).name).wait_for()
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    panel.locator(".jp-Cell").first.wait_for()
    kernel = panel.locator("[data-jp-item-name='kernelName'] jp-button")
    idle = kernel_idle(panel)
    dialog = page.locator(".jp-Dialog").filter(has_text="Select Kernel")
    deadline = time.monotonic() + STEP_TIMEOUT_MS / 1000
    while not ("Python 3" in (kernel.get_attribute("aria-label") or "") and idle.count()):
        if dialog.count():
            dialog.get_by_role("button", name="Select").click()
        if time.monotonic() > deadline:
            raise AssertionError(f"the kernel of {path} did not start: {kernel.get_attribute('aria-label')}")
        time.sleep(0.3)
    return panel


def run_all(page, panel) -> None:
    """Run > Run All Cells, then wait until every code cell has its execution number. JupyterLab stops
    at a cell that raises, so a run that stalls with the kernel idle fails at once, naming the cells."""
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Run All Cells", exact=True).click()
    deadline = time.monotonic() + STEP_TIMEOUT_MS / 1000
    stalled_since = None
    while True:
        prompts = panel.locator(".jp-CodeCell .jp-InputPrompt").all_text_contents()
        if prompts and all(re.fullmatch(r"\[\d+\]:", p.strip()) for p in prompts):
            break
        idle = kernel_idle(panel).count() > 0
        stalled = idle and not any("*" in p for p in prompts)
        stalled_since = (stalled_since or time.monotonic()) if stalled else None
        if time.monotonic() > deadline or (stalled_since and time.monotonic() - stalled_since > 10):
            unrun = [cell.text_content()[:400] for cell, p in zip(panel.locator(".jp-CodeCell").all(), prompts)
                     if not re.fullmatch(r"\[\d+\]:", p.strip())]
            raise AssertionError(f"Run All did not run every cell (prompts {prompts}); first not run:\n"
                                 + "\n---\n".join(unrun[:2]))
        time.sleep(0.5)
    kernel_idle(panel).wait_for()


def kernel_idle(panel):
    return panel.locator("[data-jp-item-name='executionProgress'] .jp-Notebook-ExecutionIndicator[data-status='idle']")


def save(page, panel) -> None:
    panel.locator("[data-command='docmanager:save']").click()
    page.wait_for_function("() => !document.querySelector('.lm-TabBar-tab.lm-mod-current.jp-mod-dirty')")


def type_into_cell(page, cell, text: str) -> None:
    """Replace the cell's text, as a learner pasting an answer would."""
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(text)


def code_cell(panel, first_line: str):
    return panel.locator(".jp-CodeCell").filter(has=panel.page.locator(".cm-line").get_by_text(first_line, exact=True))


def validate(page, panel) -> str:
    """Press nbgrader's Validate in the notebook toolbar; the text of the results dialog (left open)."""
    panel.locator(".jp-Toolbar").get_by_text("Validate", exact=True).click()
    dialog = page.locator(".jp-Dialog")
    dialog.get_by_text("Validation Results").wait_for()
    return dialog.inner_text()


def saved(root: Path, path: str):
    return nbformat.read(str(root / path), as_version=4)


def problems(nb) -> list[str]:
    """Code cells that did not run, raised, or wrote to stderr: what a learner should never meet."""
    found = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if cell.execution_count is None:
            found.append(f"{cell.id}: not run")
        for out in cell.outputs:
            if out.output_type == "error":
                found.append(f"{cell.id}: {out.ename}: {out.evalue}")
            elif out.output_type == "stream" and out.name == "stderr":
                found.append(f"{cell.id}: stderr: {out.text[:200]}")
    return found


def output_text(cell) -> str:
    parts = []
    for out in cell.outputs:
        if out.output_type == "stream":
            parts.append(out.text)
        elif "data" in out:
            parts.extend(str(v) for v in out.data.values())
    return "\n".join(parts)


def cells_by_id(nb) -> dict:
    return {cell.id: cell for cell in nb.cells}


def widget_views(cell) -> int:
    return sum("application/vnd.jupyter.widget-view+json" in out.get("data", {}) for out in cell.outputs)


# ---------------------------------------------------------------- tests

def run_every_cell(page, lab: Lab, root: Path, path: str):
    """Open the notebook, Run All, save; every code cell ran, none raised or wrote to stderr.
    The notebook's panel, and its saved cells by id."""
    panel = open_notebook(page, lab, path)
    run_all(page, panel)
    save(page, panel)
    nb = saved(root, path)
    assert problems(nb) == []
    return panel, cells_by_id(nb)


def test_start_here_runs_then_an_answer_is_typed_and_validated(page, lab, course_copy):
    panel, cells = run_every_cell(page, lab, course_copy, START)
    assert "The dashboard shows $" in output_text(cells["run"])        # the assistant's code ran on the day
    assert "sales.py" in output_text(cells["show-code"])
    assert widget_views(cells["predict"]) == 1                           # the prediction slider
    for exercise in ("warmup_tests", "warmup_findings", "warmup_fix"):   # blank answers: told, not a traceback
        assert "is not answered yet" in output_text(cells[f"{exercise}_score"])
    page.screenshot(path=str(ARTIFACTS / "00-ran-all-cells.png"))

    # The learner writes the findings answer and runs it with its score cell (Shift+Enter twice).
    answer = solution_answers("00-start-here")["warmup_findings"]
    cell = code_cell(panel, "%%findings warmup")
    type_into_cell(page, cell, answer)
    page.keyboard.press("Shift+Enter")
    page.keyboard.press("Shift+Enter")
    score_cell = code_cell(panel, 'score("warmup_findings")')
    score_cell.locator(".jp-OutputArea-output").filter(has_text="Self-check").first.wait_for()
    kernel_idle(panel).wait_for()
    score_cell.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "00-answer-scored.png"))

    report = validate(page, panel)                # Validate saves the notebook, then nbgrader runs it
    page.screenshot(path=str(ARTIFACTS / "00-validate.png"))
    page.locator(".jp-Dialog").get_by_role("button", name="Ok").click()
    assert 'score("warmup_tests")' in report and 'score("warmup_fix")' in report
    assert 'score("warmup_findings")' not in report                     # the typed answer now passes
    nb = saved(course_copy, START)
    assert cells_by_id(nb)["warmup_findings"].source == answer           # saved exactly as typed
    assert "Self-check (same judge as the instructor's): 100% of the points" in output_text(
        cells_by_id(nb)["warmup_findings_score"])


def run_again(page, panel, cell) -> None:
    """Run `cell` (Ctrl+Enter) and wait until its prompt shows a new execution number and the kernel is idle."""
    prompt = cell.locator(".jp-InputPrompt")
    before = prompt.inner_text().strip()
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+Enter")
    deadline = time.monotonic() + STEP_TIMEOUT_MS / 1000
    while not re.fullmatch(r"\[\d+\]:", now := prompt.inner_text().strip()) or now == before:
        if time.monotonic() > deadline:
            raise AssertionError(f"the cell did not run again (prompt {before} -> {now})")
        time.sleep(0.3)
    kernel_idle(panel).wait_for()


def test_a_wrong_tests_answer_gets_the_review_question_then_the_second_hint(page, lab, course_copy):
    """Module 00, before the findings: tests that miss a broken version are told the review question that finds
    it in the score cell's table, never the flaw's title (the titles are read from the key); a second failed try
    adds the tier-2 hint row, the spec rule that version breaks."""
    from course.judge.exercises import chaff_categories, load_module_key
    from course.taxonomy import BY_ID, REVIEW_QUESTIONS

    ex = load_module_key("00-start-here")["warmup_tests"]
    correct = solution_answers("00-start-here")["warmup_tests"]
    wrong = correct.split("\n\n\ndef test_only_paid_orders_count")[0] + "\n"   # one test: a broken version slips by
    assert wrong.count("def test_") == 1 and correct.count("def test_") == 2
    missed = next(impl for impl in ex.chaffs if impl.flaw == "counts-unpaid")
    questions = [REVIEW_QUESTIONS[BY_ID[c].question] for c in chaff_categories(ex)[missed.flaw]]
    assert questions and missed.rule and set(ex.flaw_titles) == {impl.flaw for impl in ex.chaffs}

    panel = open_notebook(page, lab, START)
    run_cell(page, panel, code_cell(panel, "%load_ext course.notebook"))
    answer = code_cell(panel, "%%tests warmup")
    answer.scroll_into_view_if_needed()
    type_into_cell(page, answer, wrong)
    run_cell(page, panel, answer)
    score_cell = code_cell(panel, 'score("warmup_tests")')
    table = score_cell.locator(".jp-OutputArea-output .course-feedback table")

    run_again(page, panel, score_cell)
    table.wait_for()
    score_cell.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "00-tests-wrong-first-try.png"))
    first = table.inner_text()
    assert "still passing" in first and "hint 1" in first and "hint 2" not in first
    assert any(q in first for q in questions), first
    assert missed.rule not in first                                   # the region/rule only as the second hint
    assert [t for t in ex.flaw_titles.values() if t in score_cell.inner_text()] == []

    run_again(page, panel, score_cell)                                # the second failed try
    table.wait_for()
    score_cell.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "00-tests-second-hint.png"))
    second = table.inner_text()
    hint_2 = [row for row in table.locator("tr").all_inner_texts() if row.startswith("hint 2")]
    assert len(hint_2) == 1 and missed.rule in hint_2[0], second
    assert any(q in second for q in questions)
    assert [t for t in ex.flaw_titles.values() if t in score_cell.inner_text()] == []


def test_module_01_runs_and_the_slider_changes_the_plot(page, lab, course_copy):
    panel, cells = run_every_cell(page, lab, course_copy, MODULE_01)
    shown = output_text(cells["interleavings"])   # the endings, counted, and no verdict before the findings step
    assert "final_stock" in shown and "interleavings" in shown and "oversell" not in shown
    # the driver's table, as the browser shows it: every schedule whole (pandas' own display cut them at 50)
    interleavings = panel.locator(".jp-CodeCell").filter(has_text="experiment.interleavings()")
    interleavings.scroll_into_view_if_needed()
    interleavings.screenshot(path=str(ARTIFACTS / "01-interleavings-table.png"))
    schedules = interleavings.locator(".jp-OutputArea-output").last.locator("table tbody tr").evaluate_all(
        "rows => rows.map(r => r.querySelector('td').textContent.trim())")
    from course.scenarios.oversell import experiment
    expected = list(experiment.interleavings().head(8)["schedule"])   # deterministic: the same worlds here
    assert max(map(len, expected)) > 50 and schedules == expected
    assert widget_views(cells["live"]) == 1
    assistant_tests = SCENARIO.assistant_tests.read_text().count("\ndef test_")
    revealed = "".join(out.data["text/plain"] for out in cells["reveal"].outputs if out.output_type == "execute_result")
    assert assistant_tests >= 3 and revealed.count("passes") == assistant_tests and "FAILS" not in revealed

    live = panel.locator(".jp-CodeCell").filter(has_text="experiment.widget(")
    live.scroll_into_view_if_needed()
    run_button = live.locator(".widget-button", has_text="Run")
    run_button.click()
    plot = live.locator(".widget-output img")
    plot.wait_for()
    before_image, before_workers = plot.get_attribute("src"), table_workers(live)
    live.screenshot(path=str(ARTIFACTS / "01-plot-16-buyers.png"))
    assert before_workers == ["1", "2", "4", "8", "16"] and before_image.startswith("data:image/png;base64,")

    slider = live.locator(".widget-slider", has_text="max buyers")
    drag_to_minimum(page, slider)
    assert slider.locator(".widget-readout").inner_text().strip() == "2"
    run_button.click()
    page.wait_for_function("old => { const img = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) "
                           ".widget-output img'); return img && img.src !== old; }", arg=before_image)
    live.screenshot(path=str(ARTIFACTS / "01-plot-2-buyers.png"))
    assert table_workers(live) == ["1", "2"]
    assert plot.get_attribute("src") != before_image


def table_workers(live) -> list[str]:
    """The `workers` index of the results table the widget shows (the last header cell of each row)."""
    return live.locator(".widget-output table tbody tr").evaluate_all(
        "rows => rows.map(r => { const th = r.querySelectorAll('th'); return th[th.length - 1].textContent.trim(); })")


def drag_to_minimum(page, slider) -> None:
    """Drag the slider's handle with the mouse past the left end of its track."""
    handle = slider.locator(".noUi-handle").bounding_box()
    track = slider.locator(".noUi-target").bounding_box()
    y = handle["y"] + handle["height"] / 2
    page.mouse.move(handle["x"] + handle["width"] / 2, y)
    page.mouse.down()
    page.mouse.move(track["x"] - 20, y, steps=8)
    page.mouse.up()


def run_cell(page, panel, cell) -> None:
    """Select the cell and run it (Ctrl+Enter: the selection stays), then wait until the kernel is idle."""
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+Enter")
    page.wait_for_timeout(300)
    kernel_idle(panel).wait_for()


def test_a_catalog_starter_is_edited_and_the_cheat_sheet_opens(page, lab, course_copy):
    """Module 05: rewrite the catalog's starter entry in the browser, run it twice (added once), make the cheat
    sheet, and open its HTML page from the link in JupyterLab."""
    panel = open_notebook(page, lab, MODULE_05)
    run_cell(page, panel, code_cell(panel, "%load_ext course.notebook"))
    mine = "Quotes from a session that lives for days (typed in the browser)"
    starter = code_cell(panel, "catalog_add(")
    starter.scroll_into_view_if_needed()
    type_into_cell(page, starter, f'catalog_add(\n    pattern="{mine}",\n    category="hidden-state",\n'
                                  '    how_to_spot="A cache keyed on a session: ask how long each caller keeps its session.",\n)')
    run_cell(page, panel, starter)
    starter.locator(".jp-OutputArea-output").filter(has_text="Added to your catalog").first.wait_for()
    run_cell(page, panel, starter)
    starter.locator(".jp-OutputArea-output").filter(has_text="Already in your catalog").first.wait_for()
    page.screenshot(path=str(ARTIFACTS / "05-catalog-edited.png"))
    with (course_copy / LEARNER_DIR.name / "catalog.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))                            # earlier tests' modules added theirs too
    assert [r["module"] for r in rows if r["pattern"] == mine] == ["05-three-callers"]   # once, in the learner's words

    sheet = code_cell(panel, "from course.notebook import cheat_sheet")
    sheet.scroll_into_view_if_needed()
    run_cell(page, panel, sheet)
    sheet.locator(".jp-OutputArea-output").filter(has_text="Your cheat sheet").first.wait_for()
    sheet.get_by_role("link", name="review-cheat-sheet.html").click()
    page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current", has_text="review-cheat-sheet.html").wait_for()
    frame = page.frame_locator(".jp-HTMLViewer:not(.lm-mod-hidden) iframe")
    frame.get_by_text(mine).wait_for()
    frame.get_by_text("5. Is the behaviour consistent when the code is called from three different places?").wait_for()
    page.screenshot(path=str(ARTIFACTS / "05-cheat-sheet.png"))


def test_a_jupyterlab_terminal_runs_course_check(page, lab, course_copy):
    """File > New > Terminal, then the command the notebooks give: it runs the course's python on the saved file."""
    page.goto(f"{lab.base}/lab/workspaces/terminal?token={lab.token}")
    page.locator(".lm-MenuBar-itemLabel", has_text="File").click()
    page.locator(".lm-Menu-itemLabel", has_text="New").first.hover()
    page.locator(".lm-Menu-itemLabel").get_by_text("Terminal", exact=True).click()
    terminal = page.locator(".jp-Terminal:not(.lm-mod-hidden)")
    terminal.locator(".xterm").wait_for()
    terminal.click()
    out = course_copy / "check-from-terminal.txt"
    page.keyboard.type(f"python -m course check {START} 2>&1 | tee {out.name}")
    page.keyboard.press("Enter")
    deadline = time.monotonic() + STEP_TIMEOUT_MS / 1000
    while "Total:" not in (out.read_text() if out.exists() else ""):
        assert time.monotonic() < deadline, out.read_text() if out.exists() else "the terminal wrote nothing"
        time.sleep(0.5)
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "terminal-course-check.png"))
    text = out.read_text()
    assert "Total: " in text and "points (00-start-here)" in text and "ModuleNotFoundError" not in text
