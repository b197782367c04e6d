"""Feedback that teaches (course.judge.report, course.judge.findings, course.judge.attempts), without sandboxed runs.

Findings are judged in this process (a literal, never executed), so every module's findings key is checked here:
a missed flaw's row names the review question that finds it, never its title or lines before the reveal; the
region of the code comes only as a second hint. Tests feedback is checked on rows built from a decided outcome
(the engine's runs are in test_judge.py and test_module_keys.py).
"""
from __future__ import annotations

import json

import nbformat
import pytest
from nbgrader.utils import determine_grade

from course.authoring.build import module_names
from course.judge import attempts, report
from course.judge.engine import judge_answer
from course.judge.exercises import FindingsExercise, TestsExercise as TestsKey, load_module_key
from course.judge.scoring import feedback_output, output_text, score_output
from course.nbgrader.judge import judge_mark
from course.taxonomy import BY_ID, REVIEW_QUESTIONS

MODULES = [m for m in module_names() if not m.startswith("practice")]


def exercises(kind):
    return [pytest.param(ex, id=ex.id) for m in MODULES for ex in load_module_key(m).values()
            if isinstance(ex, kind) and not getattr(ex, "files", ())]   # a review of a whole change (08) has its own


@pytest.mark.parametrize("ex", exercises(FindingsExercise))
def test_a_missed_flaw_names_its_review_question_and_nothing_of_the_flaw(ex):
    verdict = judge_answer(ex, f"%%findings {ex.scenario}\n[]")
    first = report.verdict_text(verdict.rows, verdict.feedback, tier=1)
    assert verdict.feedback == first                                   # what autograde and `course check` show
    for flaw in ex.flaws:
        question = REVIEW_QUESTIONS[BY_ID[sorted(flaw.categories)[0]].question]
        assert question in first
        assert flaw.title not in first and flaw.id not in first.replace(ex.scenario, "")
    assert "lines" not in first and "look again" not in first          # no region before the second failed try
    second = report.verdict_text(verdict.rows, verdict.feedback, tier=2)
    assert second.count("look again at lines") == len(ex.flaws)
    assert all(flaw.title not in second for flaw in ex.flaws)
    html = report.verdict_html(verdict.rows, verdict.feedback, "title")
    assert all(flaw.title not in html for flaw in ex.flaws) and "<table" in html


@pytest.mark.parametrize("ex", exercises(FindingsExercise))
def test_right_lines_with_another_category_say_so_and_count_as_a_false_alarm(ex):
    flaw = ex.flaws[0]
    wrong = next(c for c in sorted(BY_ID) if c not in flaw.categories)
    first, last = flaw.lines
    verdict = judge_answer(ex, f"%%findings {ex.scenario}\n[{{'lines': ({first}, {last}), 'category': {wrong!r}, 'why': 'x'}}]")
    assert verdict.details["false_alarms"] == 1 and verdict.details["matched"] == []
    span = f"line {first}" if first == last else f"lines {first}-{last}"
    assert f"false alarm: {span} ({wrong}): right lines, another category" in verdict.feedback


def test_a_second_finding_on_a_flaw_already_found_is_told_so():
    ex = load_module_key("00-start-here")["warmup_findings"]
    answer = "[{'lines': 13, 'category': 'edge-case', 'why': 'x'}, {'lines': 13, 'category': 'edge-case', 'why': 'y'}]"
    verdict = judge_answer(ex, "%%findings warmup\n" + answer)
    assert "a flaw you found already" in verdict.feedback


def test_the_score_row_reads_as_words_not_a_formula():
    ex = load_module_key("00-start-here")["warmup_findings"]
    verdict = judge_answer(ex, "%%findings warmup\n[{'lines': 13, 'category': 'edge-case', 'why': 'x'}, "
                               "{'lines': 2, 'category': 'edge-case', 'why': 'y'}]")
    last = verdict.feedback.splitlines()[-1]
    assert last == ("Score: 1 of 2 flaws found (50%), minus 25% for each of 1 false alarm(s) (half of what a found "
                    "flaw earns) = 25% of the points")
    assert "clamped" not in verdict.feedback and " x " not in last


def outcome(ex: TestsKey, caught: int, **kw) -> report.TestsOutcome:
    chaffs = list(ex.chaffs)
    fields = dict(names=["test_a"], reps=3, confirm_reps=8, wheats=len(ex.wheats), false_alarms={},
                  caught={c.flaw: ("test_a", c.rule) for c in chaffs[:caught]}, flaky=[], undetermined=0, idle={},
                  missed=[(ex.flaw_titles[c.flaw], c.rule, report.question_for(["edge-case"])) for c in chaffs[caught:]],
                  chaffs=len(chaffs), penalty=0.25, fraction=caught / len(chaffs))
    fields.update(kw)
    return report.TestsOutcome(**fields)


@pytest.mark.parametrize("ex", exercises(TestsKey))
def test_tests_feedback_names_the_rule_a_caught_version_breaks_never_its_flaw(ex):
    rows = report.tests_rows(outcome(ex, caught=len(ex.chaffs)), reveal=False)
    text, html = report.to_text(rows, tier=2), report.to_html(rows, tier=2)
    for chaff in ex.chaffs:
        assert chaff.rule in text
        assert ex.flaw_titles[chaff.flaw] not in text and ex.flaw_titles[chaff.flaw] not in html
    # and no title of ANY keyed flaw of the module (findings titles included) before the findings are in
    module = ex.key_dir.parent.name
    titles = [f.title for other in load_module_key(module).values() for f in getattr(other, "flaws", ())]
    assert not [t for t in titles if t in text]


@pytest.mark.parametrize("ex", exercises(TestsKey))
def test_a_false_alarm_names_the_freedom_the_correct_version_uses(ex):
    for wheat in ex.wheats:
        rows = report.tests_rows(outcome(ex, 0, false_alarms={"test_b": wheat.freedom},
                                         fraction=0.0), reveal=False)
        assert f"The spec leaves this open: {wheat.freedom}" in report.to_text(rows)


def test_missed_versions_get_tiered_hints_and_the_reveal_their_titles():
    ex = load_module_key("01-concurrent-writes")["oversell_tests"]
    rows = report.tests_rows(outcome(ex, caught=1), reveal=False)
    first, second = report.to_text(rows, 1), report.to_text(rows, 2)
    assert "2 broken implementation(s) still pass all your tests." in first
    # two missed versions found by the same question: said once, with the count
    assert first.count("2 of them are found by question 1") == 1 and "one of them" not in first
    assert ex.chaffs[1].rule not in first
    assert ex.chaffs[1].rule in second and ex.chaffs[2].rule in second
    assert report.hints_shown(rows, 1) == 1 and report.hints_shown(rows, 2) == 2
    shown = report.to_text(report.tests_rows(outcome(ex, caught=1), reveal=True))
    assert f"not caught: {ex.flaw_titles[ex.chaffs[1].flaw]}" in shown


def test_html_escapes_learner_text_and_never_breaks_words():
    rows = [report.Row("false alarm", "test_x", "fails (<script>alert(1)</script> & more)"), report.Row("score", text="1 of 2")]
    html = report.to_html(rows, title="<b>t</b>")
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;t&lt;/b&gt;" in html
    assert "word-break:normal" in html and "overflow-wrap:normal" in html and "white-space:nowrap" in html
    assert html.count("<tr>") == 2


def test_a_row_without_an_item_draws_no_empty_box_and_its_text_reads_whole():
    """Hints, 'still passing' and a fix's properties have no item: their text spans the item's column, with no
    empty <code> (JupyterLab draws one as an empty grey box); the text lines read as before."""
    ex = load_module_key("01-concurrent-writes")["oversell_tests"]
    rows = report.tests_rows(outcome(ex, caught=1), reveal=False) + [report.Row("not fixed", "", "no oversell")]
    html = report.to_html(rows, tier=2)
    assert "<code></code>" not in html
    itemless = [r for r in report.visible(rows, 2) if not r.item and r.kind not in ("note", "score")]
    assert len(itemless) >= 4 and html.count("colspan='2'") == len(itemless) + 1     # and the score row's
    assert "<code>test_a</code>" in html                                              # an item still shows
    text = report.to_text(rows, tier=2).splitlines()
    assert "  still passing: 2 broken implementation(s) still pass all your tests." in text
    assert "  hint 1: 2 of them are found by " + report.question_for(["edge-case"]) in text
    assert "  not fixed  no oversell" in text


def test_rows_survive_a_round_trip_through_json():
    rows = [report.Row("hint", "", "look again", tier=2), report.Row("score", text="x")]
    assert report.rows_from(json.loads(json.dumps(report.rows_data(rows)))) == rows
    assert report.rows_from([{"kind": "x", "tier": "not a number"}, {"nope": 1}]) == []


def test_grade_cell_with_the_table_is_scored_by_its_result_alone():
    """nbgrader reads only the execute_result: the display with the table and the text is neither an error nor a score."""
    html = report.to_html([report.Row("caught", "test_a", "rule")])
    out = feedback_output("[judged outside your notebook] 2 / 4 points\nfeedback", html)
    assert out["output_type"] == "display_data" and out["data"]["text/html"] == html
    assert output_text(out).startswith("[judged outside your notebook] 2 / 4 points")
    cell = nbformat.v4.new_code_cell("score('x')", outputs=[out, score_output(2, 4)])
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "points": 4, "grade_id": "x_score"}
    assert determine_grade(cell) == (2.0, 4.0)


def test_attempts_raise_the_hint_tier_and_are_recorded_for_the_instructor(tmp_path):
    assert attempts.record("x_findings", 0.5, tmp_path) == 1          # first failed try: the review question
    attempts.save("x_findings", 0.5, 1, tmp_path)
    assert attempts.record("x_findings", 0.5, tmp_path) == 2          # second: the region of the code
    attempts.save("x_findings", 0.5, 2, tmp_path)
    attempts.save("x_findings", 1.0, 0, tmp_path)                     # a pass never lowers what was used
    assert attempts.read(tmp_path)["x_findings"] == {"attempts": 3, "failed": 2, "hints": 2}
    assert attempts.hints_used(tmp_path) == {"x_findings": 2}
    assert judge_mark(None, 0.0, 3.0, attempts.hints_used(tmp_path).get("x_findings", 0))["hints_used"] == 2


def test_an_attempts_file_the_learner_broke_reports_nothing(tmp_path):
    for text in ("not json", "[1, 2]", json.dumps({"x": {"attempts": "lots", "failed": 1, "hints": 1}}),
                 json.dumps({"x": {"attempts": True, "failed": 1, "hints": 1}}), "{" + " " * attempts.MAX_BYTES + "}"):
        (tmp_path / attempts.FILE_NAME).write_text(text)
        assert attempts.hints_used(tmp_path) == {}
        assert attempts.record("x", 0.0, tmp_path) == 1
    assert attempts.read(None) == {} and attempts.record("x", 0.0, None) == 1
    attempts.save("x", 0.0, 1, None)                                   # outside a notebook session: nothing written


def test_the_judge_finds_the_attempts_file_in_the_learners_submission(tmp_path):
    from course.nbgrader.judge import Judge
    folder = tmp_path / "submitted" / "ada" / "01-concurrent-writes"
    folder.mkdir(parents=True)
    attempts.save("oversell_findings", 0.0, 2, folder)
    resources = {"nbgrader": {"db_url": f"sqlite:///{tmp_path}/gradebook.db", "student": "ada",
                              "assignment": "01-concurrent-writes"}}
    found = Judge()._submission_dir(resources)
    assert found.samefile(folder) and attempts.hints_used(found) == {"oversell_findings": 2}
    assert Judge()._submission_dir({"nbgrader": {}}) is None


def test_the_score_cell_shows_a_table_and_more_hints_after_each_failed_try(tmp_path, monkeypatch):
    """course.notebook.show_verdict, as a score cell runs it in a notebook session (JPY_SESSION_NAME)."""
    from IPython.utils.capture import capture_output
    from conftest import ipython_shell
    from course.notebook import show_verdict

    ipython_shell()
    notebook = tmp_path / "01-concurrent-writes.ipynb"
    notebook.write_text("{}")
    monkeypatch.setenv("JPY_SESSION_NAME", str(notebook))
    ex = load_module_key("01-concurrent-writes")["oversell_findings"]
    verdict = judge_answer(ex, "%%findings oversell\n[{'lines': (23, 28), 'category': 'race-condition', 'why': 'x'}]")
    shown = []
    for _ in range(2):
        with capture_output() as out:
            show_verdict(verdict)
        (data,) = [o.data for o in out.outputs]
        shown.append(data)
    first, second = shown
    assert "<table" in first["text/html"] and "hint 1" in first["text/html"] and "hint 2" not in first["text/html"]
    assert "look again at lines" in second["text/plain"] and "hint 2" in second["text/html"]
    assert all(f.title not in second["text/html"] for f in ex.flaws[1:])        # hints, never the missed titles
    assert attempts.read(tmp_path)["oversell_findings"] == {"attempts": 2, "failed": 2, "hints": 2}
