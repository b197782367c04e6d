"""Findings: a learner's literal list of flaws, checked for format and matched to the key (handbook 5.2).

Format (a Python literal, read with `ast.literal_eval`, never executed):
    [{"lines": (12, 14), "category": "race-condition", "why": "two buyers both see stock 1"}, ...]
`lines` is (first, last) inclusive or a single line number; `confidence` (0..1) is optional.

Scoring (written in the notebooks too): a finding matches at most one keyed flaw and a flaw at most
one finding (maximum one-to-one matching) when their lines overlap and the category is one the flaw
accepts. Overlap means the flaw's own lines; the key's wider tolerance span counts only for a finding
that touches no keyed flaw's own lines, so one location can never claim two flaws. A finding wider
than MAX_SPAN lines matches nothing. With n keyed flaws, m matched and f
false alarms (valid findings that match nothing, decoys included):
    fraction = clamp(m / n - FALSE_ALARM_COST * f / n, 0, 1)
so a false alarm costs half of what a found flaw earns. Code with no keyed flaw (a flaw-free practice item) is
answered with an empty list: full points for it, none for any finding.

Staged feedback (before the reveal: every self-check) says which finding matched only for an answer of at most
one_by_one(n) findings; a longer list gets the same score but only counts, so that one self-check of a spray of
guesses (one finding per window and category) cannot locate every flaw.
In a cohort the judge service also keeps a budget per learner and exercise over all self-checks
(one_by_one_budget(n) distinct findings judged one by one, course.service.attempts): past it, an answer gets
counts only too (`counts_only`), so that many self-checks of one_by_one(n) guesses each cannot locate them either.

A review of a whole change (module 08, an exercise with `files`) is answered with
    {"verdict": "request changes", "findings": [{"file": "pkg/x.py", "lines": ..., "category": ...,
                                                 "severity": "high", "why": ...}, ...]}
and matched the same way, within each finding's file. It is scored the way the OWASP Benchmark scores a
tool (score_review): TPR = found / keyed flaws; the negative cases are the keyed decoys and the files with
no flaw, and FPR = (negative cases flagged + other false alarms) / (negative cases + other false alarms),
where a false alarm on a decoy counts for that decoy, one elsewhere in a flaw-free file for that file, and
any other false alarm as one more negative case of its own. Then
    fraction = clamp(TPR - FPR, 0, 1) * (REVIEW_WEIGHTS detection + severity * (agreement / keyed flaws)
                                         + verdict * (the right verdict, with at least one flaw found))
where agreement is 1 for each found flaw given the key's severity and 0.5 for one level off. Severity and verdict
are scaled by detection: a review that flags everything (TPR - FPR = 0) finds its flaws' severities and the right
verdict too, and earned 0.23 for them when they were added on (module corpus h08_spray).
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
import difflib
from typing import Any, Sequence

from course.answers import answer_body, is_unanswered
from course.judge.exercises import Flaw, FindingsExercise
from course.judge.pyast import literal_eval, parse
from course.judge.report import Row, percent, question_for, to_text, visible
from course.taxonomy import BY_ID, nearest

MAX_SPAN = 8
ONE_BY_ONE_EXTRA = 2   # findings beyond the keyed flaws' number that staged feedback still judges one by one, at least
ONE_BY_ONE_CHECKS = 4  # the service's budget per learner and exercise, in full answers of one_by_one(n) findings
FALSE_ALARM_COST = 0.5
SEVERITIES = ("low", "medium", "high")
VERDICTS = ("approve", "request changes")
REVIEW_WEIGHTS = {"detection": 0.7, "severity": 0.2, "verdict": 0.1}


@dataclass(frozen=True)
class Finding:
    first: int
    last: int
    category: str
    why: str
    confidence: float | None = None
    file: str = ""                 # in a review of several files: which one
    severity: str | None = None    # in a review: one of SEVERITIES

    @property
    def span(self) -> str:
        where = f"line {self.first}" if self.first == self.last else f"lines {self.first}-{self.last}"
        return f"{self.file} {where}" if self.file else where


class FindingsFormatError(ValueError):
    """The answer is not a list literal at all (a readable message for the learner)."""


def parse_findings(cell_source: str, files: Sequence[str] = ()) -> tuple[list[Finding], list[str]]:
    """Valid findings and one readable problem per invalid entry. Raises FindingsFormatError if unusable.

    With `files` (a review of several files), every finding names one of them."""
    body = answer_body(cell_source)
    if is_unanswered(body):
        raise FindingsFormatError("no findings yet: replace the placeholder with a list of findings")
    value = read_literal(body)
    if isinstance(value, dict):
        value = [value]
    return findings_from(value, files)


def findings_from(value: Any, files: Sequence[str]) -> tuple[list[Finding], list[str]]:
    """Valid findings and one problem per invalid entry, from a literal list (`files`: as in parse_findings)."""
    if not isinstance(value, (list, tuple)):
        raise FindingsFormatError(f"expected a list of findings, got a {type(value).__name__}")
    findings: list[Finding] = []
    problems: list[str] = []
    for i, item in enumerate(value, start=1):
        try:
            findings.append(_finding(item, files))
        except ValueError as exc:
            problems.append(f"finding {i}: {exc}")
    return findings, problems


def parse_review(cell_source: str, files: Sequence[str]) -> tuple[str, list[Finding], list[str]]:
    """A review of several files: (verdict, valid findings, problems). Raises FindingsFormatError if unusable.

    The answer is {"verdict": "approve" | "request changes", "findings": [...]} (optionally `review = {...}`)."""
    body = answer_body(cell_source)
    if is_unanswered(body):
        raise FindingsFormatError("no review yet: replace the placeholder with {'verdict': ..., 'findings': [...]}")
    value = read_literal(body)
    if not isinstance(value, dict) or set(value) != {"verdict", "findings"}:
        raise FindingsFormatError("a review is a dict with exactly two keys: 'verdict' and 'findings'")
    verdict = value["verdict"]
    if not isinstance(verdict, str) or verdict.strip().lower() not in VERDICTS:
        raise FindingsFormatError(f"'verdict' must be one of {', '.join(repr(v) for v in VERDICTS)}")
    findings, problems = findings_from(value["findings"], files)
    return verdict.strip().lower(), findings, problems


def read_literal(body: str) -> Any:
    """The one literal an answer cell holds (optionally `name = ...`); FindingsFormatError otherwise."""
    try:
        tree = parse(body)
    except SyntaxError as exc:
        raise FindingsFormatError(f"not valid Python (line {exc.lineno}): {exc.msg}") from None
    statements = tree.body
    if len(statements) != 1 or not isinstance(statements[0], (ast.Expr, ast.Assign)):
        raise FindingsFormatError("write exactly one list literal (optionally `findings = [...]`), nothing else")
    try:
        return literal_eval(statements[0].value)
    except ValueError:
        raise FindingsFormatError("the list must be a plain literal: numbers, strings, tuples, lists and dicts only") from None


def _finding(item: Any, files: Sequence[str] = ()) -> Finding:
    if not isinstance(item, dict):
        raise ValueError(f"expected a dict like {{'lines': (3, 4), 'category': ..., 'why': ...}}, got {item!r:.60}")
    allowed = {"lines", "category", "why", "confidence"} | ({"file", "severity"} if files else set())
    unknown = set(item) - allowed
    if unknown:
        raise ValueError(f"unknown key(s) {sorted(map(str, unknown))}; use {', '.join(sorted(allowed))}")
    file, severity = "", None
    if files:
        file = item.get("file")
        if not isinstance(file, str) or file not in files:
            close = difflib.get_close_matches(str(file), files, n=1, cutoff=0.0)
            raise ValueError(f"'file' {file!r:.60} is not one of the files under review"
                             + (f"; did you mean {close[0]!r}?" if close else ""))
        severity = item.get("severity")
        if severity is not None and severity not in SEVERITIES:
            raise ValueError(f"'severity' must be one of {', '.join(repr(v) for v in SEVERITIES)}")
    lines = item.get("lines")
    if isinstance(lines, bool):
        lines = None
    if isinstance(lines, int):
        lines = (lines, lines)
    if not (isinstance(lines, (tuple, list)) and len(lines) == 2 and all(isinstance(x, int) and not isinstance(x, bool) for x in lines)):
        raise ValueError("'lines' must be a line number or a (first, last) pair of line numbers")
    first, last = lines
    if first < 1 or last < first:
        raise ValueError(f"'lines' {tuple(lines)} is not a valid span (first >= 1, last >= first)")
    category = item.get("category")
    if not isinstance(category, str):
        raise ValueError("'category' must be one category id as a string (see course.taxonomy.CATEGORIES)")
    if category not in BY_ID:
        raise ValueError(f"unknown category {category!r}; did you mean {nearest(category)!r}?")
    why = item.get("why")
    if not isinstance(why, str) or not why.strip():
        raise ValueError("'why' must say, in a few words, what goes wrong")
    confidence = item.get("confidence")
    if confidence is not None:
        if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
            raise ValueError("'confidence' must be a number between 0 and 1")
        confidence = float(confidence)
    return Finding(first, last, category, why.strip(), confidence, file, severity)


def echo(findings: Sequence[Finding], problems: Sequence[str], snippet_lines: Sequence[str]) -> str:
    """The format check shown in the notebook: each finding with the code it points at."""
    out: list[str] = []
    for f in findings:
        if f.last > len(snippet_lines):
            out.append(f"? {f.span} ({f.category}): the file has only {len(snippet_lines)} lines")
            continue
        code = [snippet_lines[i - 1].strip() for i in range(f.first, f.last + 1) if snippet_lines[i - 1].strip()]
        shown = " / ".join(code)
        if len(shown) > 90:
            shown = shown[:87] + "..."
        width = f.last - f.first + 1
        note = f"  (too wide: spans over {MAX_SPAN} lines match nothing)" if width > MAX_SPAN else ""
        out.append(f"- you flagged {f.span} as {f.category}: `{shown}`{note}")
    out.extend(f"! {p}" for p in problems)
    if not findings and not problems:
        out.append("(the list is empty)")
    return "\n".join(out)


@dataclass(frozen=True)
class FindingsVerdict:
    fraction: float
    matched: dict[int, str]          # finding index -> flaw id
    false_alarms: list[int]          # finding indexes
    decoy_hits: list[int]
    missed: list[Flaw]
    problems: list[str]
    neutral: tuple[int, ...] = ()    # finding indexes on a judgement call of the key (neither found nor false)


def _touches(f: Finding, span: tuple[int, int]) -> bool:
    return f.first <= span[1] and span[0] <= f.last


def _on_span(f: Finding, decoy: tuple) -> bool:
    """On a span of the key (a decoy, a judgement call): (first, last), or (file, first, last) in a review."""
    if len(decoy) == 3:
        return decoy[0] == f.file and _touches(f, (decoy[1], decoy[2]))
    return _touches(f, (decoy[0], decoy[1]))


def _neutral(f: Finding, exercise: FindingsExercise) -> bool:
    """On a judgement call of the key, in a category that call is about: neither found nor a false alarm.

    Each call names its categories (file, first, last, categories). Red team, 2026-12: a call that took any category
    let every category on a window over a flaw and the call cost nothing (a spray of all fifteen earned 0.17); and
    excusing a call only off the flaws' lines made a wrong-category probe's false-alarm count say where a flaw was,
    even in counts-only feedback. Now the answer depends on the finding's category and the call, never on a flaw."""
    return f.last - f.first < MAX_SPAN and any(f.category in span[-1] and _on_span(f, span[:-1])
                                               for span in exercise.neutral)


def _eligible(f: Finding, flaw: Flaw, flaws: Sequence[Flaw]) -> bool:
    """Right file and category, narrow enough, and on the flaw's lines (or only in its tolerance, off every
    flaw's lines in that file)."""
    if f.last - f.first + 1 > MAX_SPAN or f.category not in flaw.categories or f.file != flaw.file:
        return False
    if any(_touches(f, span) for span in flaw.spans):
        return True
    return bool(flaw.tolerance) and _touches(f, flaw.tolerance) and not any(
        _touches(f, span) for other in flaws if other.file == f.file for span in other.spans)


def match(findings: Sequence[Finding], exercise: FindingsExercise, problems: Sequence[str] = ()) -> FindingsVerdict:
    """One-to-one maximum matching of findings to keyed flaws, then the written formula."""
    flaws = list(exercise.flaws)
    eligible = {i: [j for j, flaw in enumerate(flaws) if _eligible(f, flaw, flaws)] for i, f in enumerate(findings)}
    owner: dict[int, int] = {}   # flaw index -> finding index

    def augment(i: int, seen: set[int]) -> bool:
        for j in eligible[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(findings)):
        augment(i, set())
    matched = {i: flaws[j].id for j, i in owner.items()}
    neutral = tuple(i for i in range(len(findings)) if i not in matched and _neutral(findings[i], exercise))
    false_alarms = [i for i in range(len(findings)) if i not in matched and i not in neutral]
    decoy_hits = [i for i in false_alarms if any(_on_span(findings[i], decoy) for decoy in exercise.decoys)]
    n = max(1, len(flaws))
    raw = len(matched) / n - FALSE_ALARM_COST * len(false_alarms) / n
    if not flaws:   # code with no keyed flaw (a flaw-free practice item): an empty list is right, any finding wrong
        raw = 0.0 if false_alarms else 1.0
    missed = [flaw for j, flaw in enumerate(flaws) if j not in owner]
    return FindingsVerdict(min(1.0, max(0.0, raw)), matched, false_alarms, decoy_hits, missed, list(problems), neutral)


def key_ambiguities(exercise: FindingsExercise) -> list[str]:
    """Lines where one finding could qualify for two flaws through their tolerances (a key to fix)."""
    problems = []
    flaws = list(exercise.flaws)
    for a_i, a in enumerate(flaws):
        for b in flaws[a_i + 1:]:
            if not (a.categories & b.categories) or a.file != b.file:
                continue
            cores = [span for f in flaws if f.file == a.file for span in f.spans]
            lo = max((a.tolerance or a.lines)[0], (b.tolerance or b.lines)[0])
            hi = min((a.tolerance or a.lines)[1], (b.tolerance or b.lines)[1])
            free = [n for n in range(lo, hi + 1) if not any(c[0] <= n <= c[1] for c in cores)]
            if free:
                problems.append(f"{exercise.id}: lines {free[0]}-{free[-1]} qualify for both {a.id} and {b.id}")
    return problems


def _item_lines(findings: Sequence[Finding], verdict: FindingsVerdict, exercise: FindingsExercise, *, reveal: bool,
                found_note: Any = None, counts_only: bool = False) -> list[str]:
    """The item rows of `feedback_rows` as text lines (a review's feedback, module 08, is text around them).
    `found_note(finding, flaw)` adds a note to a found line (a review's severity)."""
    rows = feedback_rows(findings, verdict, exercise, reveal=reveal, found_note=found_note, counts_only=counts_only)
    return [r.line() for r in visible(rows) if r.kind not in ("note", "score")]


def feedback(findings: Sequence[Finding], verdict: FindingsVerdict, exercise: FindingsExercise, *, reveal: bool) -> str:
    """Staged feedback as text (course.judge.report renders the same rows as a table)."""
    return to_text(feedback_rows(findings, verdict, exercise, reveal=reveal))


def _other_category(f: Finding, verdict: FindingsVerdict, exercise: FindingsExercise) -> str | None:
    """Why an unmatched finding on a flaw's own lines did not count: another category, or a flaw found already."""
    flaws = [flaw for flaw in exercise.flaws if flaw.file == f.file and any(_touches(f, span) for span in flaw.spans)]
    if not flaws or f.last - f.first + 1 > MAX_SPAN:
        return None
    found = set(verdict.matched.values())
    if any(flaw.id not in found and f.category not in flaw.categories for flaw in flaws):
        return ("right lines, another category: these lines hold a flaw, but not one of the kind you named. "
                "As the formula says, it counts as a false alarm until the category fits")
    return "a flaw you found already, with another finding: each flaw counts once, so this one is a false alarm"


def region(flaw: Flaw, snippet: str | None) -> str:
    """Where to look again for a missed flaw (the second hint): the key's neutral span around it, or a few lines
    either side, and the function it sits in. Line numbers and a name from the public snippet only."""
    first, last = flaw.tolerance or (max(1, flaw.lines[0] - 3), flaw.lines[1] + 3)
    where = (f"{flaw.file} " if flaw.file else "") + f"lines {first}-{last}"
    if snippet and not flaw.file:
        try:
            tree = parse(snippet)
        except SyntaxError:
            return where
        inside = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                  and n.lineno <= flaw.lines[0] <= (n.end_lineno or n.lineno)]
        if inside:
            where += f", in {max(inside, key=lambda n: n.lineno).name}"
    return where


def one_by_one(flaws: int) -> int:
    """How many findings staged feedback judges one by one with `flaws` keyed flaws: those and as many again (at
    least ONE_BY_ONE_EXTRA more), room for every flaw and an honest doubt about each."""
    return flaws + max(flaws, ONE_BY_ONE_EXTRA)


def one_by_one_budget(flaws: int) -> int:
    """How many distinct findings the judge service judges one by one for one learner and exercise, over all their
    self-checks: ONE_BY_ONE_CHECKS answers' worth of one_by_one(flaws) (measured in tests/hostile_corpus.py)."""
    return ONE_BY_ONE_CHECKS * one_by_one(flaws)


def judged_one_by_one(exercise: FindingsExercise, cell_source: str) -> list[tuple[str, int, int, str]]:
    """(file, first, last, category) of each finding staged feedback would judge one by one for this answer: none
    for an answer that is not readable or is longer than one_by_one(n) (counts only already)."""
    try:
        found = (parse_review(cell_source, exercise.files)[1] if exercise.files else parse_findings(cell_source)[0])
    except FindingsFormatError:
        return []
    if len(found) > one_by_one(len(exercise.flaws)):
        return []
    return [(f.file, f.first, f.last, f.category) for f in found]


def feedback_rows(findings: Sequence[Finding], verdict: FindingsVerdict, exercise: FindingsExercise, *,
                  reveal: bool, snippet: str | None = None, found_note: Any = None,
                  counts_only: bool = False) -> list[Row]:
    """Before review: what was found, why each false alarm did not count, how many flaws are left and the review
    question that finds each (a hint, tier 1), then where to look (tier 2). With reveal: where the missed flaws are.
    Before review, an answer of more than one_by_one(n) findings gets counts only (module docstring), and so does
    any answer with `counts_only` (the service's budget is spent, or could not be read)."""
    n = len(exercise.flaws)
    rows = [Row("note", text=f"Findings: {len(verdict.matched)} of {n} keyed flaws found, "
                f"{len(verdict.false_alarms)} false alarm(s).")]
    flaws = {flaw.id: flaw for flaw in exercise.flaws}
    budget = one_by_one(n)
    listed = findings
    if not reveal and counts_only and findings and len(findings) <= budget:
        rows.append(Row("counts only", "", f"the judge has checked {one_by_one_budget(n)} different findings one by "
                        "one for you on this exercise, or could not tell whether it had: only counts are shown until "
                        f"the reveal ({len(verdict.matched)} matched, {len(verdict.false_alarms)} false alarm(s)). "
                        "Findings it checked before are still checked one by one if you send only those. The score "
                        "is the formula's either way."))
        listed = ()
    elif not reveal and len(findings) > budget:
        rows.append(Row("counts only", "", f"you sent {len(findings)} findings, more than the {budget} the judge checks "
                        f"one by one here ({n} keyed flaw(s), plus {budget - n}): only counts are shown until the "
                        f"reveal ({len(verdict.matched)} matched, {len(verdict.false_alarms)} false alarm(s)), not which "
                        "finding matched, so that a list of guesses cannot find the flaws for you. The score is "
                        "the formula's either way. Send only the findings you mean."))
        listed = ()
    for i, f in enumerate(listed):
        if i in verdict.matched:
            flaw = flaws[verdict.matched[i]]
            rows.append(Row("found", f.span, f"({f.category}) - {flaw.title}" + (f" [{found_note(f, flaw)}]" if found_note else "")))
            continue
        if i in verdict.neutral:
            rows.append(Row("not scored", f.span, f"({f.category}): a judgement call the key scores neither way"))
            continue
        reason = ("too wide to match anything" if f.last - f.first + 1 > MAX_SPAN else
                  "this code is correct (a decoy)" if (reveal and i in verdict.decoy_hits) else
                  _other_category(f, verdict, exercise) or "matches no keyed flaw")
        rows.append(Row("false alarm", f.span, f"({f.category}): {reason}"))
    rows.extend(Row("ignored", "", p) for p in verdict.problems)
    if verdict.missed:
        if reveal:
            for flaw in verdict.missed:
                cats = ", ".join(sorted(flaw.categories)) + (f", {flaw.severity}" if flaw.severity else "")
                where = ", ".join(f"{a}-{b}" for a, b in flaw.spans)
                rows.append(Row("missed", (f"{flaw.file} " if flaw.file else "") + f"lines {where}", f"({cats}) - {flaw.title}"))
        else:
            rows.append(Row("still to find", "", f"{len(verdict.missed)} flaw(s) still to find."))
            for flaw in verdict.missed:
                rows.append(Row("hint", "", f"one of them is found by {question_for(flaw.categories)}", tier=1))
                rows.append(Row("hint", "", f"look again at {region(flaw, snippet)}", tier=2))
    if not n:
        rows.append(Row("score", text=f"no keyed flaw, so {'any finding is a false alarm' if verdict.false_alarms else 'no findings is right'}"
                        f" = {percent(verdict.fraction)}"))
        return rows
    text = f"{len(verdict.matched)} of {n} flaws found ({len(verdict.matched) / n:.0%})"
    if verdict.false_alarms:
        text += (f", minus {FALSE_ALARM_COST / n:.0%} for each of {len(verdict.false_alarms)} false alarm(s) "
                 "(half of what a found flaw earns)")
    below = len(verdict.matched) / n - FALSE_ALARM_COST * len(verdict.false_alarms) / n < 0
    rows.append(Row("score", text=text + f" = {percent(verdict.fraction)}" + (" (never below 0)" if below else "")))
    return rows


# ---------------------------------------------------------------- a review of a whole change (module 08)

@dataclass(frozen=True)
class ReviewScore:
    """The parts of a review's score (module docstring): TPR - FPR, severity agreement and the verdict."""
    tpr: float
    fpr: float
    negatives: int                   # negative cases in the key: decoys and flaw-free files
    flagged_negatives: list[str]     # which of them some false alarm fell on ("decoy 2", "file x.py")
    stray: int                       # false alarms on neither (each one a negative case of its own)
    severity: float                  # 0..1: agreement over all keyed flaws
    verdict_ok: bool
    fraction: float


def _negative_case(f: Finding, exercise: FindingsExercise) -> str | None:
    """The negative case a false alarm falls on: a decoy it touches, else a flaw-free file it is in, else None."""
    for n, decoy in enumerate(exercise.decoys, start=1):
        if _on_span(f, decoy):
            return f"decoy {n}"
    return f"file {f.file}" if f.file in exercise.flaw_free_files else None


def _severity_agreement(given: str | None, keyed: str) -> float:
    if given not in SEVERITIES or keyed not in SEVERITIES:
        return 0.0
    gap = abs(SEVERITIES.index(given) - SEVERITIES.index(keyed))
    return 1.0 if gap == 0 else 0.5 if gap == 1 else 0.0


def score_review(findings: Sequence[Finding], verdict: str, matched: FindingsVerdict,
                 exercise: FindingsExercise) -> ReviewScore:
    """TPR - FPR (OWASP Benchmark), severity agreement and the verdict, combined by REVIEW_WEIGHTS."""
    flaws = {flaw.id: flaw for flaw in exercise.flaws}
    tpr = len(matched.matched) / max(1, len(flaws))
    negatives = len(exercise.decoys) + len(exercise.flaw_free_files)
    flagged: list[str] = []
    stray = 0
    for i in matched.false_alarms:
        case = _negative_case(findings[i], exercise)
        if case is None:
            stray += 1
        elif case not in flagged:
            flagged.append(case)
    denominator = negatives + stray
    fpr = (len(flagged) + stray) / denominator if denominator else 0.0
    severity = sum(_severity_agreement(findings[i].severity, flaws[flaw_id].severity)
                   for i, flaw_id in matched.matched.items()) / max(1, len(flaws))
    verdict_ok = verdict == exercise.verdict and bool(matched.matched)
    detection = min(1.0, max(0.0, tpr - fpr))
    fraction = detection * (REVIEW_WEIGHTS["detection"] + REVIEW_WEIGHTS["severity"] * severity
                            + REVIEW_WEIGHTS["verdict"] * verdict_ok)
    fraction = round(fraction, 9)   # weights that sum to 1 give 0.9999999999999999 for a perfect review
    return ReviewScore(tpr, fpr, negatives, flagged, stray, severity, verdict_ok, min(1.0, max(0.0, fraction)))


def review_feedback(findings: Sequence[Finding], verdict: str, matched: FindingsVerdict, score: ReviewScore,
                    exercise: FindingsExercise, *, reveal: bool, counts_only: bool = False) -> str:
    """Staged like `feedback`: before the reveal, what was found and counts; never where a missed flaw is, nor
    which files hold no flaw (that would tell where the flaws are)."""
    n = len(exercise.flaws)
    lines = [f"Review: {len(matched.matched)} of {n} keyed flaws found, {len(matched.false_alarms)} false alarm(s); "
             f"verdict {verdict!r}."]

    def rated(f: Finding, flaw: Flaw) -> str:
        return ("same severity" if _severity_agreement(f.severity, flaw.severity) == 1 else
                f"you said {f.severity or 'no severity'}, the key says {flaw.severity}")
    lines += _item_lines(findings, matched, exercise, reveal=reveal, found_note=rated, counts_only=counts_only)
    if reveal and exercise.flaw_free_files:
        lines.append(f"  files with no flaw: {', '.join(exercise.flaw_free_files)}")
    if not score.verdict_ok:
        lines.append("  verdict: not credited" + ("" if matched.matched else " (it counts once a review finds a flaw)")
                     + (f"; the right verdict was {exercise.verdict!r}" if reveal else "") + ".")
    weights = REVIEW_WEIGHTS
    lines.append(f"Detection: TPR {len(matched.matched)}/{n} = {score.tpr:.2f}; FPR "
                 f"{len(score.flagged_negatives) + score.stray}/{score.negatives + score.stray} = {score.fpr:.2f} "
                 f"({len(score.flagged_negatives)} of {score.negatives} negative cases flagged, "
                 f"{score.stray} other false alarm(s)).")
    lines.append(f"Score: clamp(TPR - FPR) {max(0.0, min(1.0, score.tpr - score.fpr)):.2f} x ({weights['detection']} "
                 f"+ {weights['severity']} x severity {score.severity:.2f} + {weights['verdict']} x verdict "
                 f"{int(score.verdict_ok)}) = {score.fraction:.2f} of the points.")
    return "\n".join(lines)
