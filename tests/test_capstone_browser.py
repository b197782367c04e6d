"""Module 08 in a real browser: the learner runs the capstone, submits a review, and only then sees the AI reviewer
and triages it (Debian's chromium driven by Playwright on a real JupyterLab, on a copy of modules/).

Screenshots go to test-artifacts/capstone-browser/ (git-ignored).
"""
from __future__ import annotations

import os
import shutil

import pytest

from course.paths import MODULES_DIR, REPO_ROOT
from lab_server import running_lab
from nbgrader_course import solution_answers
from prerequisites import require
from test_browser import (CHROMIUM, CHROMIUM_ARGS, STEP_TIMEOUT_MS, cells_by_id, code_cell, kernel_idle, open_notebook,
                          output_text, problems, run_all, save, saved, type_into_cell)

pytestmark = pytest.mark.slow

ARTIFACTS = REPO_ROOT / "test-artifacts" / "capstone-browser"
NOTEBOOK = "08-capstone-review/08-capstone-review.ipynb"

require(None if os.path.exists(CHROMIUM) else
        f"{CHROMIUM} is missing: `make system-deps` installs Debian's chromium as root (or `sudo apt-get install chromium`)",
        "the capstone browser test")


@pytest.fixture
def lab_and_page(tmp_path, monkeypatch, request):
    from playwright.sync_api import sync_playwright

    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.setenv("COURSE_CATALOG", str(tmp_path / "catalog.csv"))
    root = tmp_path / "course" / "modules"
    shutil.copytree(MODULES_DIR, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    with running_lab(tmp_path / "lab-state", root=root) as lab, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
        page.set_default_timeout(STEP_TIMEOUT_MS)
        try:
            yield lab, page, root
        finally:
            page.screenshot(path=str(ARTIFACTS / f"last-{request.node.name}.png"))
            (ARTIFACTS / f"server-{request.node.name}.log").write_text(lab.log_tail(400))
            browser.close()


def answer_and_score(page, panel, first_line: str, answer: str, score_source: str) -> None:
    """Type the answer into its cell and run it and the score cell below (Shift+Enter twice), as a learner does."""
    type_into_cell(page, code_cell(panel, first_line), answer)
    page.keyboard.press("Shift+Enter")
    page.keyboard.press("Shift+Enter")
    code_cell(panel, score_source).locator(".jp-OutputArea-output").filter(has_text="Self-check").first.wait_for()
    kernel_idle(panel).wait_for()


def test_a_review_is_submitted_then_the_ai_reviewer_is_triaged(lab_and_page):
    lab, page, root = lab_and_page
    panel = open_notebook(page, lab, NOTEBOOK)
    run_all(page, panel)
    save(page, panel)
    cells = cells_by_id(saved(root, NOTEBOOK))
    assert problems(saved(root, NOTEBOOK)) == []
    assert "newsletter/campaigns.py" in output_text(cells["show-pr"])
    assert "Write your own review first" in output_text(cells["ai-review"])        # not before the review
    assert "ai-1" not in output_text(cells["ai-review"])
    page.screenshot(path=str(ARTIFACTS / "08-ran-all-cells.png"))

    answers = solution_answers("08-capstone-review")
    answer_and_score(page, panel, "%%findings review", answers["review_findings"], 'score("review_findings")')
    code_cell(panel, 'show_ai_review("review")').locator(".cm-content").click()
    page.keyboard.press("Shift+Enter")
    code_cell(panel, 'show_ai_review("review")').locator(".jp-OutputArea-output").filter(has_text="ai-9").first.wait_for()
    kernel_idle(panel).wait_for()
    page.screenshot(path=str(ARTIFACTS / "08-review-then-ai-reviewer.png"))

    answer_and_score(page, panel, "%%triage review", answers["review_triage"], 'score("review_triage")')
    code_cell(panel, 'score("review_triage")').scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "08-triage-scored.png"))
    save(page, panel)
    cells = cells_by_id(saved(root, NOTEBOOK))
    assert "100% of the points" in output_text(cells["review_findings_score"])
    assert "The AI reviewer's summary" in output_text(cells["ai-review"]) and "ai-9" in output_text(cells["ai-review"])
    triage = output_text(cells["review_triage_score"])
    assert "100% of the points" in triage and "How the reviews compare" in triage
    assert "your review: 10 of 10 flaws" in triage and "the AI's comments, all followed: 4 of 10 flaws" in triage
