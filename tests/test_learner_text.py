"""Learner text read in the grading process costs work in proportion to its length (handbook 5.5).

A red team made a policy regex backtrack quadratically on a crafted string literal (80,000 characters,
19 s of CPU per grading). These tests count work instead of timing it: the format-template check hands
each character to str.format's own parser at most twice, at n and at 2n alike; an oversized answer is
refused before anything parses it. Wall-clock figures are printed (pytest -s), never asserted.
"""
import string
import time

import pytest

from course.judge import code_policy, engine
from course.judge.engine import MAX_ANSWER_BYTES, judge_answer
from course.judge.exercises import load_module_key
from course.nbgrader import feedback

KEY = load_module_key("00-start-here")
CRAFTED = 80_000


@pytest.fixture(autouse=True)
def no_cache(monkeypatch):
    monkeypatch.setenv("COURSE_JUDGE_CACHE", "off")


def crafted_templates(n: int) -> list[str]:
    """Templates built to make a backtracking field matcher try every split of n characters."""
    return ["{" + "." * n, "{" + "." * n + "}", "{0:{" + "." * n + "}}", "{:" * n, "{0:" + "{" * n, "{}" * n]


def parsed_characters(monkeypatch, source: str) -> int:
    """How many characters of templates the policy check hands to str.format's parser for `source`."""
    seen = []
    real = string.Formatter.parse

    def counting(self, template):
        seen.append(len(template))
        return real(self, template)

    monkeypatch.setattr(string.Formatter, "parse", counting)
    code_policy.violations(source, code_policy.FIX)
    monkeypatch.setattr(string.Formatter, "parse", real)
    return sum(seen)


@pytest.mark.parametrize("index", range(len(crafted_templates(1))))
def test_format_template_check_reads_each_character_at_most_twice(monkeypatch, index):
    work = {}
    for n in (CRAFTED // 2, CRAFTED):
        template = crafted_templates(n)[index]
        work[n] = parsed_characters(monkeypatch, f"_t = {template!r}.format(1)\n")
        assert 0 < work[n] <= 2 * len(template), (n, work[n])
    assert work[CRAFTED] <= 2 * work[CRAFTED // 2] + 16, work      # linear: twice the text, twice the work
    start = time.process_time()
    code_policy.violations(f"_t = {crafted_templates(CRAFTED)[index]!r}.format(1)\n", code_policy.FIX)
    print(f"\n[benchmark] policy check of a crafted {CRAFTED:,}-character template #{index}: "
          f"{time.process_time() - start:.3f} s CPU")


def test_the_policy_reads_templates_with_str_formats_parser_not_a_regex():
    """By construction: no regular expression left in the code policy to backtrack."""
    assert not hasattr(code_policy, "re")


@pytest.mark.parametrize("template, refused", [
    ("{:.2f}", False), ("{0!r:>{1}}", False), ("{{a.b}}", False), ("{x} and {y:>10}", False),
    ("{0.__class__}", True), ("{0[x]}", True),
    ("{0.__class__:{1}}", True),     # a nested spec after the field: the old regex missed this one
    ("{0:{1.__class__}}", True),     # a lookup inside a nested field
    ("{0:{1:{2}}}", True),           # deeper than str.format allows
    ("{", True),                     # not a template str.format can read
])
def test_format_fields_that_look_things_up_are_refused(template, refused):
    problems = code_policy.violations(f"_t = {template!r}.format(1, 2, 3)\n", code_policy.FIX)
    assert bool(problems) is refused, problems


def test_a_crafted_80000_character_literal_in_a_fix_is_judged_with_a_reason():
    ex = KEY["warmup_fix"]
    fix = (ex.key_dir / ex.reference).read_text() + "\n_t = '{" + "." * CRAFTED + "'.format(1)\n"
    start = time.process_time()
    verdict = judge_answer(ex, "%%fix warmup\n" + fix)
    print(f"\n[benchmark] judging a fix with a crafted {CRAFTED:,}-character literal: "
          f"{time.process_time() - start:.3f} s CPU in the grading process")
    assert verdict.fraction == 0.0
    assert "a format template that str.format cannot read" in verdict.feedback
    assert "internal error" not in verdict.feedback


def test_a_crafted_80000_character_literal_in_tests_is_judged_with_a_reason():
    source = ("def test_empty(sales):\n    _t = '{0:{" + "." * CRAFTED + "}}'.format(1)\n"
              "    assert sales.average_order_value([]) == 0\n")
    verdict = judge_answer(KEY["warmup_tests"], "%%tests warmup\n" + source)
    assert verdict.fraction == 0.0
    assert "a format field that looks up attributes or items" in verdict.feedback


@pytest.mark.parametrize("exercise_id", sorted(KEY))
def test_an_answer_over_the_size_limit_is_refused_with_a_reason(exercise_id, monkeypatch):
    kind = exercise_id.rsplit("_", 1)[1]
    read = []
    monkeypatch.setitem(engine._JUDGES, kind, lambda *a, **k: read.append(a))   # nothing may read it
    cell = f"%%{kind} warmup\n" + "#" * MAX_ANSWER_BYTES
    verdict = judge_answer(KEY[exercise_id], cell)
    assert verdict.fraction == 0.0 and verdict.details["too_large"] == len(cell.encode())
    assert f"up to {MAX_ANSWER_BYTES // 1000} kB" in verdict.feedback and read == []


def test_an_answer_at_the_size_limit_is_read():
    cell = "%%findings warmup\n[]\n"
    cell += "#" * (MAX_ANSWER_BYTES - len(cell.encode()))
    verdict = judge_answer(KEY["warmup_findings"], cell)
    assert "too_large" not in verdict.details and "0 of 2 keyed flaws found" in verdict.feedback


def test_the_feedback_tag_stripper_cannot_start_a_tag_inside_another():
    """Linear by construction: a tag match stops at the next '<', so a run of '<' costs one pass."""
    assert feedback._TAG.pattern == r"<[^<>]*>"
    assert feedback._TAG.sub("", "<" * 5 + "b>bold</b>") == "<" * 4 + "bold"
