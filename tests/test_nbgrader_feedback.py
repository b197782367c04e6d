"""course.nbgrader.feedback (`GenerateFeedback.preprocessors`): feedback never shows grader code or key lines."""
from __future__ import annotations

import nbformat

from course.judge.sandbox import WORKDIR_INSIDE
from course.nbgrader.feedback import HIDDEN, grader_only_lines, trim_lines, trim_output
from course.paths import MODULES_DIR, keys_dir

MODULE = "01-concurrent-writes"
NOTEBOOK = f"{MODULE}.ipynb"
RELEASE = nbformat.read(str(MODULES_DIR / MODULE / NOTEBOOK), as_version=4)


KEY_FILE = keys_dir() / MODULE / "oversell" / "key.py"


def test_grader_only_lines_hold_key_code_and_nothing_learners_see():
    lines = grader_only_lines(MODULE)
    assert 'Impl("chaff_oversell.py", flaw="oversell",' in lines
    release_text = " ".join(" ".join(c.source.split()) for c in RELEASE.cells)
    assert not [line for line in lines if line in release_text]


def test_a_traceback_into_the_keys_keeps_only_its_verdict():
    key_line = 'Impl("chaff_oversell.py", flaw="oversell",'
    lines = ["Traceback (most recent call last):",
             '  File "/home/me/notebook.py", line 3, in <module>', "    buy()",
             f'  File "{KEY_FILE}", line 41, in <module>', f"    {key_line}",
             '  File "/tmp/course-run-x1/test_answer.py", line 9, in test_hidden', "    assert shop.stock('lamp') == 1",
             f'  File "{WORKDIR_INSIDE}/shop.py", line 4, in stock', "    return self._rows[name]",
             "AssertionError: stock went negative"]
    out = trim_lines(lines, grader_only_lines(MODULE))
    assert out == ["Traceback (most recent call last):", '  File "/home/me/notebook.py", line 3, in <module>', "    buy()",
                   f"  {HIDDEN}", "AssertionError: stock went negative"]


def test_pytest_short_frames_and_quoted_key_lines_are_hidden_in_every_output_kind():
    key_line = 'Impl("chaff_oversell.py", flaw="oversell",'
    stream = nbformat.v4.new_output("stream", name="stdout", text=f"ok\ntest_answer.py:12: in test_x\n    secret()\nsee {key_line}\n")
    trim_output(stream, grader_only_lines(MODULE))
    assert stream["text"] == f"ok\n{HIDDEN}\n"
    result = nbformat.v4.new_output("execute_result", data={"text/plain": f"x = {key_line}"})
    trim_output(result, grader_only_lines(MODULE))
    assert result["data"]["text/plain"] == HIDDEN
    judge_text = "[judged outside your notebook] 2 / 4 points\n  caught: Two buyers can both pass the stock check"
    kept = nbformat.v4.new_output("stream", name="stdout", text=judge_text)
    trim_output(kept, grader_only_lines(MODULE))
    assert kept["text"] == judge_text


def test_frames_in_the_grading_packages_are_hidden_and_public_ones_kept():
    """A frame anywhere in course/judge, course/sandboxed or course/nbgrader is grading machinery; a frame in a
    scenario's public fixtures or a kit is code learners have, so it stays."""
    lines = ['  File "/srv/repo/course/judge/engine.py", line 10, in judge_answer',
             "    secret = key.private_thing()",
             '  File "/srv/repo/course/sandboxed/pytest_record.py", line 42, in wrapper',
             "    outcome = call()",
             '  File "/srv/repo/course/scenarios/oversell/fixtures.py", line 7, in shop',
             "    return Shop()",
             '  File "/srv/repo/course/kits/race.py", line 3, in run',
             "AssertionError: stock went negative"]
    kept = trim_lines(lines, frozenset())
    assert kept == [f"  {HIDDEN}", *lines[4:]]
