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
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any, Sequence

from course.answers import answer_body, is_unanswered
from course.judge.exercises import Flaw, FindingsExercise
from course.judge.pyast import literal_eval, parse
from course.judge.report import Row, percent, question_for, to_text
from course.taxonomy import BY_ID, nearest

MAX_SPAN = 8
FALSE_ALARM_COST = 0.5


@dataclass(frozen=True)
class Finding:
    first: int
    last: int
    category: str
    why: str
    confidence: float | None = None

    @property
    def span(self) -> str:
        return f"line {self.first}" if self.first == self.last else f"lines {self.first}-{self.last}"


class FindingsFormatError(ValueError):
    """The answer is not a list literal at all (a readable message for the learner)."""


def parse_findings(cell_source: str) -> tuple[list[Finding], list[str]]:
    """Valid findings and one readable problem per invalid entry. Raises FindingsFormatError if unusable."""
    body = answer_body(cell_source)
    if is_unanswered(body):
        raise FindingsFormatError("no findings yet: replace the placeholder with a list of findings")
    value = _literal(body)
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise FindingsFormatError(f"expected a list of findings, got a {type(value).__name__}")
    findings: list[Finding] = []
    problems: list[str] = []
    for i, item in enumerate(value, start=1):
        try:
            findings.append(_finding(item))
        except ValueError as exc:
            problems.append(f"finding {i}: {exc}")
    return findings, problems


def _literal(body: str) -> Any:
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


def _finding(item: Any) -> Finding:
    if not isinstance(item, dict):
        raise ValueError(f"expected a dict like {{'lines': (3, 4), 'category': ..., 'why': ...}}, got {item!r:.60}")
    unknown = set(item) - {"lines", "category", "why", "confidence"}
    if unknown:
        raise ValueError(f"unknown key(s) {sorted(unknown)}; use lines, category, why, confidence")
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
    return Finding(first, last, category, why.strip(), confidence)


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


def _touches(f: Finding, span: tuple[int, int]) -> bool:
    return f.first <= span[1] and span[0] <= f.last


def _eligible(f: Finding, flaw: Flaw, flaws: Sequence[Flaw]) -> bool:
    """Right category, narrow enough, and on the flaw's lines (or only in its tolerance, off every flaw's lines)."""
    if f.last - f.first + 1 > MAX_SPAN or f.category not in flaw.categories:
        return False
    if any(_touches(f, span) for span in flaw.spans):
        return True
    return bool(flaw.tolerance) and _touches(f, flaw.tolerance) and not any(
        _touches(f, span) for other in flaws for span in other.spans)


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
    false_alarms = [i for i in range(len(findings)) if i not in matched]
    decoy_hits = [i for i in false_alarms if any(_touches(findings[i], decoy) for decoy in exercise.decoys)]
    n = max(1, len(flaws))
    raw = len(matched) / n - FALSE_ALARM_COST * len(false_alarms) / n
    if not flaws:   # code with no keyed flaw (a flaw-free practice item): an empty list is right, any finding wrong
        raw = 0.0 if false_alarms else 1.0
    missed = [flaw for j, flaw in enumerate(flaws) if j not in owner]
    return FindingsVerdict(min(1.0, max(0.0, raw)), matched, false_alarms, decoy_hits, missed, list(problems))


def key_ambiguities(exercise: FindingsExercise) -> list[str]:
    """Lines where one finding could qualify for two flaws through their tolerances (a key to fix)."""
    problems = []
    flaws = list(exercise.flaws)
    cores = [span for f in flaws for span in f.spans]
    for a_i, a in enumerate(flaws):
        for b in flaws[a_i + 1:]:
            if not (a.categories & b.categories):
                continue
            lo = max((a.tolerance or a.lines)[0], (b.tolerance or b.lines)[0])
            hi = min((a.tolerance or a.lines)[1], (b.tolerance or b.lines)[1])
            free = [n for n in range(lo, hi + 1) if not any(c[0] <= n <= c[1] for c in cores)]
            if free:
                problems.append(f"{exercise.id}: lines {free[0]}-{free[-1]} qualify for both {a.id} and {b.id}")
    return problems


def feedback(findings: Sequence[Finding], verdict: FindingsVerdict, exercise: FindingsExercise, *, reveal: bool) -> str:
    """Staged feedback as text (course.judge.report renders the same rows as a table)."""
    return to_text(feedback_rows(findings, verdict, exercise, reveal=reveal))


def _other_category(f: Finding, verdict: FindingsVerdict, exercise: FindingsExercise) -> str | None:
    """Why an unmatched finding on a flaw's own lines did not count: another category, or a flaw found already."""
    flaws = [flaw for flaw in exercise.flaws if any(_touches(f, span) for span in flaw.spans)]
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
    where = f"lines {first}-{last}"
    if snippet:
        try:
            tree = parse(snippet)
        except SyntaxError:
            return where
        inside = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                  and n.lineno <= flaw.lines[0] <= (n.end_lineno or n.lineno)]
        if inside:
            where += f", in {max(inside, key=lambda n: n.lineno).name}"
    return where


def feedback_rows(findings: Sequence[Finding], verdict: FindingsVerdict, exercise: FindingsExercise, *,
                  reveal: bool, snippet: str | None = None) -> list[Row]:
    """Before review: what was found, why each false alarm did not count, how many flaws are left and the review
    question that finds each (a hint, tier 1), then where to look (tier 2). With reveal: where the missed flaws are."""
    n = len(exercise.flaws)
    rows = [Row("note", text=f"Findings: {len(verdict.matched)} of {n} keyed flaws found, "
                f"{len(verdict.false_alarms)} false alarm(s).")]
    titles = {flaw.id: flaw.title for flaw in exercise.flaws}
    for i, f in enumerate(findings):
        if i in verdict.matched:
            rows.append(Row("found", f.span, f"({f.category}) - {titles[verdict.matched[i]]}"))
            continue
        reason = ("too wide to match anything" if f.last - f.first + 1 > MAX_SPAN else
                  "this code is correct (a decoy)" if (reveal and i in verdict.decoy_hits) else
                  _other_category(f, verdict, exercise) or "matches no keyed flaw")
        rows.append(Row("false alarm", f.span, f"({f.category}): {reason}"))
    rows.extend(Row("ignored", "", p) for p in verdict.problems)
    if verdict.missed:
        if reveal:
            for flaw in verdict.missed:
                cats = ", ".join(sorted(flaw.categories))
                where = ", ".join(f"{a}-{b}" for a, b in flaw.spans)
                rows.append(Row("missed", f"lines {where}", f"({cats}) - {flaw.title}"))
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
