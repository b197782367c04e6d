"""Triage of the AI reviewer (module 08): the format, the score, staged feedback and the anchoring comparison.

The comments are the capstone's shipped ones (course/scenarios/review/ai_review.py) and the key is the capstone's,
so these tests also hold the AI reviewer to what the key says about each comment.
"""
from __future__ import annotations

import nbformat
import pytest

from course import taxonomy
from course.judge.engine import judge_answer, judge_notebook
from course.judge.exercises import load_module_key
from course.judge.findings import findings_from, match
from course.judge.triage import MIN_WHY, TriageFormatError, ai_review, parse_triage
from course.paths import GRADING_DIR
from course.scenarios.review import FILES

KEY = load_module_key("08-capstone-review")
TRIAGE, REVIEW = KEY["review_triage"], KEY["review_findings"]
AI = ai_review("review")
IDS = [c["id"] for c in AI.COMMENTS]
RIGHT = {c.id: c.right for c in TRIAGE.comments}
REFERENCE_REVIEW = "%%findings review\n" + (GRADING_DIR / "keys" / "08-capstone-review" / "review" /
                                            "reference_review.py").read_text()


def answer(decisions: dict[str, str]) -> str:
    return "%%triage review\n" + repr({i: (d, "because of what the code does") for i, d in decisions.items()})


PERFECT = {i: "agree" if RIGHT[i] else "disagree" for i in IDS}


def test_the_key_covers_every_comment_and_each_comment_is_what_the_key_says() -> None:
    assert [c.id for c in TRIAGE.comments] == IDS and TRIAGE.review == "review_findings"
    for comment, keyed in zip(AI.COMMENTS, TRIAGE.comments):
        assert comment["file"] in FILES and comment["category"] in taxonomy.BY_ID
        item = {k: comment[k] for k in ("file", "lines", "category", "severity")} | {"why": comment["comment"]}
        found, problems = findings_from([item], FILES)
        assert problems == []
        matched = list(match(found, REVIEW).matched.values())
        assert matched == ([keyed.flaw] if keyed.right else []), comment["id"]   # right ones hit their flaw, wrong ones none
        assert keyed.note


def test_the_ai_reviewer_misses_the_worst_flaws_and_approves() -> None:
    pointed = {c.flaw for c in TRIAGE.comments if c.right}
    high = {f.id for f in REVIEW.flaws if f.severity == "high"}
    assert {"claim-race", "ack-on-failure"} <= high - pointed
    assert 0 < len(pointed) < len(REVIEW.flaws) and AI.VERDICT == "approve"
    assert sum(RIGHT.values()) >= 3 and sum(not r for r in RIGHT.values()) >= 3


def test_a_perfect_triage_earns_everything_and_a_blank_nothing() -> None:
    assert judge_answer(TRIAGE, answer(PERFECT)).fraction == 1.0
    assert judge_answer(TRIAGE, "%%triage review\n# YOUR CODE HERE\nraise NotImplementedError()").fraction == 0.0


@pytest.mark.parametrize("decision", ["agree", "disagree"])
def test_the_same_decision_for_every_comment_earns_nothing(decision: str) -> None:
    """Module corpus h08_blind_triage: "disagree" to every comment was 5/9 judged right (the share of comments);
    TPR - FPR over the comments gives a constant answer 0."""
    verdict = judge_answer(TRIAGE, answer({i: decision for i in IDS}))
    assert verdict.fraction == 0.0
    agreed_wrong = sum(not r for r in RIGHT.values()) if decision == "agree" else 0
    assert len(verdict.details["agreed_wrong"]) == agreed_wrong


def test_one_mistake_costs_its_share_of_its_kind() -> None:
    right_ids = [i for i in IDS if RIGHT[i]]
    wrong_ids = [i for i in IDS if not RIGHT[i]]
    rejected_one_right = dict(PERFECT) | {right_ids[0]: "disagree"}
    followed_one_wrong = dict(PERFECT) | {wrong_ids[0]: "agree"}
    assert judge_answer(TRIAGE, answer(rejected_one_right)).fraction == pytest.approx(1 - 1 / len(right_ids))
    assert judge_answer(TRIAGE, answer(followed_one_wrong)).fraction == pytest.approx(1 - 1 / len(wrong_ids))


def test_a_comment_left_out_or_without_a_reason_counts_as_wrong() -> None:
    entries = {i: ("agree" if RIGHT[i] else "disagree", "a good enough reason") for i in IDS[1:]}
    entries[IDS[1]] = (entries[IDS[1]][0], "short")
    triage, problems = parse_triage("%%triage review\n" + repr(entries), IDS)
    assert IDS[0] not in triage and IDS[1] not in triage and f"at least {MIN_WHY} characters" in problems[0]
    # left out: a right comment counts as rejected, a wrong one as followed
    rights, wrongs = sum(RIGHT.values()), sum(not r for r in RIGHT.values())
    missed_right = sum(RIGHT[i] for i in IDS[:2])
    expected = max(0.0, (rights - missed_right) / rights - (2 - missed_right) / wrongs)
    assert judge_answer(TRIAGE, "%%triage review\n" + repr(entries)).fraction == pytest.approx(expected)


@pytest.mark.parametrize("text, message", [
    ("[('agree', 'x')]", "expected a dict"),
    ("{'ai-1': ('agree', 'x')} + 1", "plain literal"),
])
def test_what_is_not_a_triage_is_refused(text: str, message: str) -> None:
    with pytest.raises(TriageFormatError, match=message):
        parse_triage("%%triage review\n" + text, IDS)


def test_unknown_ids_and_decisions_are_named() -> None:
    triage, problems = parse_triage("%%triage review\n" + repr({"ai-99": ("agree", "a long enough reason"),
                                                               "ai-1": ("maybe", "a long enough reason"),
                                                               "ai-2": "agree"}), IDS)
    assert triage == {} and len(problems) == 3
    assert "not one of the comments" in problems[0] and "'agree' or 'disagree'" in problems[1]


def test_feedback_names_no_comment_as_wrong_and_no_missed_flaw_before_the_reveal() -> None:
    all_agree = answer({i: "agree" for i in IDS})
    before = judge_answer(TRIAGE, all_agree, context={"review_findings": REFERENCE_REVIEW}).feedback
    assert "this comment is" not in before and not any(f.title in before for f in REVIEW.flaws)
    assert "you agreed with 5 comment(s) that would make the change worse" in before
    after = judge_answer(TRIAGE, all_agree, reveal=True).feedback
    assert "ai-3: this comment is wrong" in after
    assert next(f.title for f in REVIEW.flaws if f.id == "claim-race") in after


def test_the_comparison_shows_what_following_the_ai_would_have_found() -> None:
    text = judge_answer(TRIAGE, answer(PERFECT), context={"review_findings": REFERENCE_REVIEW}).feedback
    assert "your review: 10 of 10 flaws, TPR - FPR = 1.00 - 0.00 = +1.00" in text
    assert "the AI's comments, all followed: 4 of 10 flaws" in text
    # agreeing only with right comments that restate your own findings adds no false alarm
    assert "your review + the comments you agreed with: 10 of 10 flaws, TPR - FPR = 1.00 - 0.00" in text
    lazy = "%%findings review\n" + repr({"verdict": "request changes", "findings": []})
    text = judge_answer(TRIAGE, answer({i: "agree" for i in IDS}), context={"review_findings": lazy}).feedback
    assert "your review: 0 of 10 flaws" in text and "your review + the comments you agreed with: 4 of 10 flaws" in text
    without = judge_answer(TRIAGE, answer(PERFECT)).feedback           # no review in the notebook: the AI row only
    assert "your review" not in without and "the AI's comments, all followed" in without


def _cell(grade_id: str, source: str, *, grade: bool) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade_id": grade_id, "grade": grade, "solution": not grade, "locked": grade,
                                 "schema_version": 3, **({"points": 2} if grade else {})}
    return cell


def test_judging_a_notebook_hands_the_triage_the_learners_own_review() -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [_cell("review_findings", REFERENCE_REVIEW, grade=False),
                _cell("review_findings_score", 'score("review_findings")', grade=True),
                _cell("review_triage", answer(PERFECT), grade=False),
                _cell("review_triage_score", 'score("review_triage")', grade=True)]
    verdicts = judge_notebook(nb, "08-capstone-review", cache=None)
    assert verdicts["review_findings_score"].fraction == 1.0 and verdicts["review_triage_score"].fraction == 1.0
    assert "your review: 10 of 10 flaws" in verdicts["review_triage_score"].feedback


# ---------------------------------------------------------------- in the learner's notebook

@pytest.fixture
def shell(monkeypatch):
    """An IPython shell with the course's magics, and an answer store of its own."""
    from conftest import ipython_shell
    from course.notebook import answer_store, review
    monkeypatch.setattr(answer_store, "_ANSWERS", {})
    # Markdown shows as its text (a terminal shell would print the object's repr)
    monkeypatch.setattr(review, "display", lambda obj: print(getattr(obj, "data", obj)))
    ip = ipython_shell()
    ip.run_line_magic("load_ext", "course.notebook")
    return ip


def test_the_review_cell_echoes_each_finding_with_its_file_and_code(shell, capsys) -> None:
    review = {"verdict": "request changes", "findings": [
        {"file": "newsletter/bounces.py", "lines": 38, "category": "error-handling", "why": "answers 200 anyway"},
        {"file": "newsletter/bouncez.py", "lines": 3, "category": "edge-case", "severity": "low", "why": "a typo"}]}
    assert shell.run_cell("%%findings review\n" + repr(review)).success
    out = capsys.readouterr().out
    assert "verdict 'request changes', 1 finding(s) readable" in out
    assert "you flagged newsletter/bounces.py line 38 as error-handling: `return 200`" in out
    assert "did you mean 'newsletter/bounces.py'?" in out and "1 finding(s) without a severity" in out
    assert shell.run_cell("%%findings review\n[]").success
    assert "Not yet a review" in capsys.readouterr().out


def test_the_ai_review_appears_only_after_your_own(shell, capsys) -> None:
    from course.notebook.review import ai_comments_table, show_ai_review
    show_ai_review("review")
    assert "Write your own review first" in capsys.readouterr().out
    shell.run_cell("%%findings review\n# YOUR CODE HERE\nraise NotImplementedError()")
    capsys.readouterr()
    show_ai_review("review")
    assert "Write your own review first" in capsys.readouterr().out    # the untouched stub is not a review
    shell.run_cell(REFERENCE_REVIEW)
    capsys.readouterr()
    show_ai_review("review")
    out = capsys.readouterr().out
    assert "The AI reviewer's summary" in out and "Write your own review first" not in out
    table = ai_comments_table("review")
    assert list(table.index) == IDS and table.loc["ai-2", "file"] == "newsletter/subscribers.py"


def test_the_triage_cell_echoes_decisions_and_what_is_left(shell, capsys) -> None:
    assert shell.run_cell("%%triage review\n" + repr({"ai-1": ("agree", "it retries on top of retries"),
                                                       "ai-2": ("nope", "a long enough reason")})).success
    out = capsys.readouterr().out
    assert "1 of 9 comments triaged" in out and "- ai-1: agree" in out
    assert "not triaged yet: ai-2, ai-3" in out and "'agree' or 'disagree'" in out


def test_the_score_cell_of_the_triage_reads_the_review_run_in_this_kernel(shell, capsys) -> None:
    shell.run_cell(REFERENCE_REVIEW)
    shell.run_cell(answer(PERFECT))
    shell.run_cell('from course.notebook import score\nscore("review_triage")')
    out = capsys.readouterr().out
    assert "100% of the points" in out and "your review: 10 of 10 flaws" in out


# ---------------------------------------------------------------- for the instructor's cohort report

def test_the_cohort_report_shows_false_alarms_per_file_and_agreement_per_ai_comment() -> None:
    from course.cohort.analytics import review_table
    from course.nbgrader.judge import judge_mark
    careless = "%%findings review\n" + repr({"verdict": "approve", "findings": [
        {"file": "newsletter/templates.py", "lines": 17, "category": "injection", "severity": "high", "why": "xss"},
        {"file": "newsletter/campaigns.py", "lines": (34, 38), "category": "race-condition", "severity": "high",
         "why": "both dispatchers claim it"}]})
    learners = {"ada": (REFERENCE_REVIEW, answer(PERFECT)), "bob": (careless, answer({i: "agree" for i in IDS}))}
    marks = {}
    for student, (review, triage) in learners.items():
        verdicts = {ex: judge_answer(KEY[ex], source, context={"review_findings": review})
                    for ex, source in (("review_findings", review), ("review_triage", triage))}
        marks[student] = {ex: judge_mark(v, v.fraction, 1) for ex, v in verdicts.items()}
    assert marks["bob"]["review_findings"]["false_alarm_files"] == ["newsletter/templates.py"]
    assert "agreed_wrong" not in marks["bob"]["review_triage"]      # which comments are wrong stays in the key
    table = review_table(["08-capstone-review"], {"08-capstone-review": marks}).set_index("item")
    assert table.loc["newsletter/templates.py", "kind"] == "file (no flaw)"
    assert table.loc["newsletter/templates.py", "share"] == 0.5 and table.loc["newsletter/sender.py", "share"] == 0.0
    assert table.loc["ai-3", "kind"] == "AI comment (wrong)" and table.loc["ai-3", "share"] == 0.5
    assert table.loc["ai-1", "kind"] == "AI comment (right)" and table.loc["ai-1", "share"] == 1.0
    assert set(table["judged"]) == {2}
