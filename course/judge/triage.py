"""Triage of an AI reviewer's comments (module 08): agree or disagree with each one, and say why.

Format (a Python literal, read with `ast.literal_eval`, never executed):
    {"ai-1": ("agree", "the client retries already: 15 calls per recipient"), "ai-2": ("disagree", "..."), ...}
A comment is triaged right when the learner agrees with a right comment or disagrees with a wrong one and gives a
reason (at least MIN_WHY characters). Scored like the review, TPR - FPR over the comments (triage_fraction): the
share of right comments agreed with minus the share of wrong comments agreed with, clamped to 0..1, where a comment
left out (or without a reason) counts against the learner either way. So a constant answer earns nothing: the share
of comments judged right rewarded "disagree" to everything with 5/9 (module corpus h08_blind_triage).

The feedback also compares three reviews on the same key (course.judge.findings.score_review), the anchoring
lesson: the learner's own review, the AI's comments followed as they stand, and the learner's review plus the
comments they agreed with. Before the reveal it names no comment as right or wrong and no missed flaw's place.
"""
from __future__ import annotations

from dataclasses import dataclass
import importlib
from typing import Any, Sequence

from course.answers import answer_body, is_unanswered
from course.judge import findings as findings_mod
from course.judge.exercises import FindingsExercise, TriageExercise

DECISIONS = ("agree", "disagree")
MIN_WHY = 12


class TriageFormatError(ValueError):
    """The answer is not a triage at all (a readable message for the learner)."""


def ai_review(scenario: str) -> Any:
    """The AI reviewer of a scenario (public: course/scenarios/<scenario>/ai_review.py: COMMENTS, SUMMARY, VERDICT)."""
    return importlib.import_module(f"course.scenarios.{scenario}.ai_review")


def parse_triage(cell_source: str, ids: Sequence[str]) -> tuple[dict[str, tuple[str, str]], list[str]]:
    """{comment id: (decision, why)} for the readable entries, and one problem per unreadable one."""
    body = answer_body(cell_source)
    if is_unanswered(body):
        raise TriageFormatError("no triage yet: replace the placeholder with {'ai-1': ('agree', 'why'), ...}")
    try:
        value = findings_mod.read_literal(body)
    except findings_mod.FindingsFormatError as exc:
        raise TriageFormatError(str(exc)) from None
    if not isinstance(value, dict):
        raise TriageFormatError(f"expected a dict {{comment id: (decision, why)}}, got a {type(value).__name__}")
    triage: dict[str, tuple[str, str]] = {}
    problems: list[str] = []
    for key, entry in value.items():
        if key not in ids:
            problems.append(f"{key!r:.40} is not one of the comments ({', '.join(ids)})")
            continue
        if not (isinstance(entry, (tuple, list)) and len(entry) == 2 and all(isinstance(x, str) for x in entry)):
            problems.append(f"{key}: write (decision, why), e.g. ('disagree', 'the sort comes from a whitelist')")
            continue
        decision, why = entry[0].strip().lower(), entry[1].strip()
        if decision not in DECISIONS:
            problems.append(f"{key}: the decision must be 'agree' or 'disagree', not {entry[0]!r:.30}")
        elif len(why) < MIN_WHY:
            problems.append(f"{key}: say why, in a few words (at least {MIN_WHY} characters)")
        else:
            triage[key] = (decision, why)
    return triage, problems


@dataclass(frozen=True)
class Comparison:
    """One review scored on the key: the name shown, and its score's parts."""
    name: str
    score: findings_mod.ReviewScore
    found: int


def _scored(name: str, verdict: str, items: list[dict], review: FindingsExercise) -> Comparison:
    found, problems = findings_mod.findings_from(items, review.files)
    matched = findings_mod.match(found, review, problems)
    return Comparison(name, findings_mod.score_review(found, verdict, matched, review), len(matched.matched))


def comparisons(review_source: str | None, triage: dict[str, tuple[str, str]], review: FindingsExercise,
                comments: Sequence[dict], ai_verdict: str) -> list[Comparison]:
    """Your review, the AI's comments followed as they stand, and your review with the comments you agreed with."""
    as_findings = [{k: c[k] for k in ("file", "lines", "category", "severity")} | {"why": c["comment"]} for c in comments]
    rows = [_scored("the AI's comments, all followed", ai_verdict, as_findings, review)]
    if review_source is None:
        return rows
    try:
        verdict, _, _ = findings_mod.parse_review(review_source, review.files)
        value = findings_mod.read_literal(answer_body(review_source))
    except findings_mod.FindingsFormatError:
        return rows
    own = [item for item in value["findings"] if isinstance(item, dict)]
    mine = _scored("your review", verdict, own, review)
    found_by_me = set(_matched(own, review))
    # a comment you agreed with that only restates one of your own findings adds nothing (and is no false alarm)
    agreed = [f for f, c in zip(as_findings, comments) if triage.get(c["id"], ("",))[0] == "agree"
              and not (set(_matched([f], review)) and set(_matched([f], review)) <= found_by_me)]
    return [mine, rows[0], _scored("your review + the comments you agreed with", verdict, own + agreed, review)]


def _matched(items: list[dict], review: FindingsExercise) -> list[str]:
    found, problems = findings_mod.findings_from(items, review.files)
    return list(findings_mod.match(found, review, problems).matched.values())


def triage_fraction(ids: Sequence[str], triage: dict[str, tuple[str, str]], keyed: dict[str, Any]) -> float:
    """clamp(TPR - FPR): right comments agreed with / right comments - wrong ones agreed with / wrong ones. A comment
    not triaged counts as rejected when right and as agreed with when wrong."""
    right_ids = [i for i in ids if keyed[i].right]
    wrong_ids = [i for i in ids if not keyed[i].right]
    tpr = sum(1 for i in right_ids if triage.get(i, ("",))[0] == "agree") / max(1, len(right_ids))
    fpr = sum(1 for i in wrong_ids if triage.get(i, ("agree",))[0] == "agree") / max(1, len(wrong_ids))
    return round(min(1.0, max(0.0, tpr - fpr)), 9)


def judge_triage(ex: TriageExercise, cell_source: str, review: FindingsExercise, review_source: str | None,
                 *, reveal: bool) -> tuple[float, str, dict[str, Any]]:
    """(fraction, feedback, details) for one triage answer; `review_source` is the learner's review cell (or None)."""
    module = ai_review(ex.scenario)
    comments = module.COMMENTS
    keyed = {c.id: c for c in ex.comments}
    ids = [c["id"] for c in comments]
    try:
        triage, problems = parse_triage(cell_source, ids)
    except TriageFormatError as exc:
        return 0.0, f"Triage not graded: {exc}.", {}
    right = [i for i in ids if i in triage and (triage[i][0] == "agree") == keyed[i].right]
    followed_wrong = [i for i in ids if i in triage and triage[i][0] == "agree" and not keyed[i].right]
    rejected_right = [i for i in ids if i in triage and triage[i][0] == "disagree" and keyed[i].right]
    fraction = triage_fraction(ids, triage, keyed)
    lines = [f"Triage: {len(right)} of {len(ids)} comments judged right; {len(ids) - len(triage)} not triaged."]
    lines.extend(f"  ignored: {p}" for p in problems)
    if reveal:
        for i in ids:
            if i not in right:
                word = "right" if keyed[i].right else "wrong"
                lines.append(f"  {i}: this comment is {word}. {keyed[i].note}")
    else:
        lines.append(f"  you agreed with {len(followed_wrong)} comment(s) that would make the change worse or fix "
                     f"nothing, and rejected {len(rejected_right)} that are right.")
    lines.append("How the reviews compare on the same key (TPR: share of the flaws found; FPR: false-alarm rate):")
    for row in comparisons(review_source, triage, review, comments, module.VERDICT):
        s = row.score
        lines.append(f"  {row.name}: {row.found} of {len(review.flaws)} flaws, TPR - FPR = {s.tpr:.2f} - {s.fpr:.2f} "
                     f"= {s.tpr - s.fpr:+.2f}")
    high = [f for f in review.flaws if f.severity == "high"]
    pointed = {c.flaw for c in ex.comments if c.right}
    missed_high = [f for f in high if f.id not in pointed]
    lines.append(f"  The AI's comments point at {len(high) - len(missed_high)} of the {len(high)} high-severity flaws"
                 + (": " + "; ".join(f.title for f in missed_high) if reveal and missed_high else "."))
    lines.append(f"Score: share of the right comments you agreed with minus share of the wrong ones you agreed with "
                 f"(a comment left out counts against you) = {fraction:.2f} of the points.")
    return fraction, "\n".join(lines), {"right": right, "agreed_wrong": followed_wrong, "rejected_right": rejected_right,
                                         "agreed": [i for i in ids if i in triage and triage[i][0] == "agree"]}
