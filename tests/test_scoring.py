"""Every nbgrader partial-credit trap (handbook 5.4), checked with nbgrader's own determine_grade."""
import numpy as np
import pytest
from nbformat.v4 import new_code_cell, new_output
from nbgrader.utils import determine_grade

import nbformat

from course.judge.scoring import FEEDBACK_CHARS, clamp_score, feedback_output, feedback_text, score_output


def grade_cell(outputs, points=4):
    cell = new_code_cell("score('x')", metadata={"nbgrader": {"grade": True, "solution": False, "grade_id": "x_score",
                                                              "points": points, "locked": True, "schema_version": 3}})
    cell.outputs = outputs
    return cell


def test_plain_nbgrader_traps_are_real():
    """The traps exist: this is what a naive grade cell would get (so our emitter must avoid them)."""
    assert determine_grade(grade_cell([]))[0] == 4                                    # no output -> full
    text = lambda s: new_output("execute_result", data={"text/plain": s}, execution_count=1)
    assert determine_grade(grade_cell([text("'well done'")]))[0] == 4                 # non-numeric -> full
    assert determine_grade(grade_cell([text("nan")]))[0] == 4                          # NaN -> full
    assert determine_grade(grade_cell([text("-1.0")]))[0] == 4                        # negative -> full
    assert determine_grade(grade_cell([text(repr(np.float64(2.5)))]))[0] == 4         # numpy repr -> full
    with pytest.raises(ValueError):
        determine_grade(grade_cell([text("5.0")]))                                     # above max -> breaks
    assert determine_grade(grade_cell([new_output("stream", name="stderr", text="warn")]))[0] == 0


@pytest.mark.parametrize("value, expected", [
    (2.5, 2.5), (0, 0.0), (4, 4.0), (np.float64(2.5), 2.5), (np.int64(3), 3.0),
    (float("nan"), 0.0), (-1, 0.0), (5.0, 4.0), (float("inf"), 0.0), (float("-inf"), 0.0),
    ("2", 2.0), ("well done", 0.0), (None, 0.0), ([1], 0.0),
])
def test_emitted_score_is_what_nbgrader_reads(value, expected):
    cell = grade_cell([feedback_output("feedback"), score_output(value, 4)])
    assert determine_grade(cell)[0] == expected
    assert clamp_score(value, 4) == expected


def test_emitted_text_is_a_plain_float():
    out = score_output(np.float64(1.25), 4)
    assert out["data"]["text/plain"] == "1.25"
    assert feedback_output("x")["name"] == "stdout"


def test_feedback_text_escapes_what_no_file_or_terminal_takes():
    """Lone surrogates (a learner's `assert False, "\\ud800"`), controls and bidi overrides become visible
    escapes; newlines, tabs and ordinary non-ASCII text stay as they are."""
    text = feedback_text("a\ud800b\udfffc \x07\x1b[31m\x00\r\x7f\x9b \u202e\u2066 line\n\ttab caf\u00e9 \U0001f600")
    assert text == ("a\\ud800b\\udfffc \\x07\\x1b[31m\\x00\\x0d\\x7f\\x9b \\u202e\\u2066 line\n\ttab caf\u00e9 "
                    "\U0001f600")
    text.encode("utf-8")       # strict: it raised UnicodeEncodeError before


def test_feedback_text_is_capped_and_says_so():
    assert feedback_text("x" * 100) == "x" * 100
    long = feedback_text("\ud800" * FEEDBACK_CHARS)          # escaping must not take it past the cap either
    assert len(long) == FEEDBACK_CHARS and long.endswith(f"(cut at {FEEDBACK_CHARS} characters)")


def test_feedback_output_can_be_written_to_a_notebook_file(tmp_path):
    cell = grade_cell([feedback_output("AssertionError: \ud800\x1b"), score_output(1, 4)])
    nb = nbformat.v4.new_notebook(cells=[cell])
    nbformat.write(nb, str(tmp_path / "graded.ipynb"))        # UnicodeEncodeError before: the submission was lost
    assert "\\ud800\\x1b" in nbformat.read(str(tmp_path / "graded.ipynb"), as_version=4).cells[0].outputs[0].text
