"""The judge: scores a learner's answers against the keys, outside the learner's kernel (handbook 5.0).

One entry point per granularity, used by every caller (the nbgrader preprocessor, `python -m course
check`, the notebook's `score()` cells), so self-checks and instructor grading agree by construction:
- `judge_answer(exercise, cell_source)` one exercise, from the answer cell's text;
- `judge_notebook(nb, module)` every grade cell of a notebook, failing closed.
Learner code only ever runs in sandboxed subprocesses (course.judge.testrun); findings are read with
`ast.literal_eval`. Nothing here executes the learner's code in this process.
"""
from __future__ import annotations

import ast
from concurrent.futures import ThreadPoolExecutor
import functools
import os
import textwrap
from dataclasses import dataclass, field
from typing import Any, Collection

from course.judge import findings as findings_mod
from course.judge import code_policy
from course.judge import report
from course import scenarios
from course.answers import answer_body, is_unanswered
from course.judge.pyast import parse
from course.judge.reading import notebook_answers
from course.judge.exercises import (Exercise, FindingsExercise, FixExercise, TestsExercise, TriageExercise,
                                    chaff_categories,
                                    load_module_key)
from course.judge.verdict_cache import RUNNER_VERSION, VerdictCache, default_path, digest, runtime_digest

TEST_REPS = 3                 # each learner test runs this many times per implementation, perturbed
CONFIRM_REPS = 8              # and every catch must hold in this many more runs (chance: 1 in 2**11)
FALSE_ALARM_PENALTY = 0.25    # share of a tests exercise lost per test that fails on a correct implementation
SCORE_SUFFIX = "_score"
# The largest answer cell the judge reads. Answers are parsed and compiled in the grading process, so one
# submission's size must not decide how long everyone's grading takes; the longest model answer in
# solutions/ is under 3 kB (a whole module with its fix), so 200 kB leaves a learner seventy times that.
MAX_ANSWER_BYTES = 200_000
# Hidden fix tests import the learner's module into their pytest process. pytest's log capture (handlers on
# the root logger) and its warnings filters are visible from there and told a fix "this is a test" (a fix that
# behaved only then earned full marks in every module); hidden tests use neither, so those runs go without.
HIDDEN_RUN_INI = "[pytest]\naddopts = -p no:logging -p no:warnings\n"


@dataclass
class Verdict:
    exercise_id: str
    fraction: float                      # 0..1 of the grade cell's points
    feedback: str
    details: dict[str, Any] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)   # the feedback as rows (course.judge.report)


class GraderFault(RuntimeError):
    """A sandboxed run failed on the grader's side (course.judge.testrun SuiteResult.grader_fault: the runner, the
    course runtime or the scenario's fixtures did not load). Judging stops: the answer is not graded, and the
    learner is not blamed for it (judge_answer turns it into grader_error)."""


def grader_error(exercise_id: str, why: str, detail: str | None = None) -> Verdict:
    """0 points and "not graded: grader error, tell your instructor" for a fault on the grader's side.

    `details["internal_error"]` marks it: the Judge records the cell as not judged, and FlagNeedsAttention
    flags it for a grader in the gradebook."""
    return Verdict(exercise_id, 0.0, f"Not graded: grader error ({_short(why)}). Please tell your instructor: "
                   "this is not a problem with your answer.", {"internal_error": detail or why})


def _no_grader_fault(suites: list[Any]) -> None:
    for suite in suites:
        if suite.grader_fault:
            raise GraderFault(suite.grader_fault)


# ---------------------------------------------------------------- tests (wheats and chaffs)

def _test_segments(body: str) -> tuple[list[tuple[str, str]], str]:
    """[(name, source of that test function)] in order, and the rest of the file (its helpers)."""
    tree = parse(body)
    lines = body.splitlines(keepends=True)
    tests: list[tuple[str, str]] = []
    keep = [True] * len(lines)
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            start = min([node.lineno] + [d.lineno for d in node.decorator_list]) - 1
            end = node.end_lineno or node.lineno
            tests.append((node.name, "".join(lines[start:end])))
            for i in range(start, end):
                keep[i] = False
    rest = "".join(line for line, k in zip(lines, keep) if k)
    return tests, rest


def _outcome_class(record: dict[str, Any]) -> str:
    """'pass' (passed every run), 'fail' (failed every run) or 'flaky' (mixed)."""
    reps = max(1, int(record.get("reps", 1)))
    failures = int(record.get("failures", 0))
    if record.get("outcome") == "passed" and failures == 0:
        return "pass"
    if record.get("outcome") != "passed" and failures >= reps:
        return "fail"
    return "flaky"


def _confirmed(record: dict[str, Any]) -> bool:
    """Did a test that failed every run fail each of its CONFIRM_REPS confirmation runs too?"""
    return int(record.get("confirm_reps", 0)) == CONFIRM_REPS and int(record.get("confirm_failures", 0)) == CONFIRM_REPS


WALL_PER_CPU_SECOND = 6   # the wall clock's seconds per second of a run's CPU budget (judge_limits)


def judge_limits():
    """Limits for one judged run. CPU time decides (it barely depends on how busy the machine is);
    the wall clock is only a generous backstop for code that sleeps. COURSE_JUDGE_CPU_SECONDS tunes it.

    Generous: a split run's two processes take turns, so its wall time holds both CPU budgets (the tests' one and the
    implementation's, twice that: testrun.host_limits), and on a busy machine each gets about half a core or less.
    At 2 x CPU + 5 s it was not: module 01's false-alarm control, an honest suite, on its heaviest run (about 4 s of
    CPU in the implementation's process) was reported timed out at 13 s (CPU 4 s) at a load of 7 on two cores.
    A bad COURSE_JUDGE_SANDBOXES (course.judge.testrun.sandbox_cap) is reported here too, before anything runs."""
    from course.judge.sandbox import Limits
    from course.judge.testrun import sandbox_cap

    sandbox_cap()
    raw = os.environ.get("COURSE_JUDGE_CPU_SECONDS", "10")
    try:
        cpu = max(1, int(float(raw)))
    except ValueError:
        raise ValueError(f"COURSE_JUDGE_CPU_SECONDS must be a number of seconds, not {raw!r}") from None
    return Limits(wall_seconds=WALL_PER_CPU_SECOND * cpu + 5, cpu_seconds=cpu, memory_mb=1024)


def _suite_records(body: str, impl_sources: list[str], scenario: scenarios.Scenario, cache: VerdictCache | None,
                   reps: int, confirm: int = 0) -> tuple[list[dict[str, dict[str, Any]]], list[str | None]]:
    """Per implementation: {test name: record}, and the suite-level problem if the run did not finish.

    With `confirm`, a test that failed every one of its `reps` runs runs `confirm` times more in the same run
    (testrun.run_suite): the confirmation a catch needs."""
    from course.judge.testrun import run_suites  # imported late: the runner pulls in subprocess machinery

    tests, _ = _test_segments(body)
    # Keyed on the WHOLE answer, not one test: sibling tests share a process and can change what a test
    # sees, so a verdict is only reusable for exactly the same file (no cross-learner poisoning).
    support = _support_parts(scenario)
    runs = f"{reps}+{confirm}" if confirm else str(reps)
    keys = [[digest(RUNNER_VERSION, runtime_digest(), runs, scenario.name, impl, body, name, *support)
             for name, _ in tests] for impl in impl_sources]
    records: list[dict[str, dict[str, Any]]] = [{} for _ in impl_sources]
    problems: list[str | None] = [None] * len(impl_sources)
    todo: list[int] = []
    for i, impl_keys in enumerate(keys):
        for (name, _), key in zip(tests, impl_keys):
            hit = cache.get(key) if cache else None
            if hit is not None:
                records[i][name] = hit
        if len(records[i]) < len(tests):
            todo.append(i)
    if todo:
        # split: the learner's tests run in a process apart from the implementation and the fixtures, reaching
        # them through proxies (course.sandboxed.bridge): nothing but behaviour tells the versions apart
        results = run_suites(body, [impl_sources[i] for i in todo], scenario, reps=reps, limits=judge_limits(),
                             sourceless=True, split=True, confirm=confirm)
        _no_grader_fault(results)
        for i, suite in zip(todo, results):
            problems[i] = suite.problem
            for name, _ in tests:
                if name in records[i]:
                    continue   # first verdict wins
                r = suite.results.get(name)
                record = ({"outcome": r.outcome, "failures": r.failures, "reps": r.reps, "message": r.message,
                           "confirm_reps": r.confirm_reps, "confirm_failures": r.confirm_failures}
                          if r else {"outcome": "missing", "failures": reps, "reps": reps, "message": suite.problem or ""})
                records[i][name] = record
                if cache and suite.problem is None:
                    cache.put(keys[i][[n for n, _ in tests].index(name)], record)
    return records, problems


def _support_parts(scenario: scenarios.Scenario) -> list[str]:
    """The scenario's support package as cache-key parts (none without one): verdicts depend on it too."""
    return [f"{path}\n{text}" for path, text in sorted(scenario.support_files().items())]


def chaff_questions(ex: TestsExercise) -> dict[str, str]:
    """Per chaff flaw, the review question that finds it (from its categories: course.taxonomy)."""
    return {flaw: report.question_for(cats) for flaw, cats in chaff_categories(ex).items()}


def _asserts(test_source: str, helpers: str) -> bool:
    """Whether a test can fail on behaviour at all: an assert, pytest.raises/fail, or a call of a helper of the file
    (which may assert). Read from the syntax tree only; a test that can fail but never does is not told it asserts
    nothing."""
    helper_names = {n.name for n in parse(helpers).body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    for node in ast.walk(parse(textwrap.dedent(test_source))):
        if isinstance(node, (ast.Assert, ast.Raise)):
            return True
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in {"raises", "fail", "warns", "deprecated_call"} or name in helper_names or name.startswith("assert"):
                return True
    return False


def policy_problems_in_tests(body: str, scenario: scenarios.Scenario) -> list[str]:
    """Why these tests may not run (tests reach the implementation through fixtures and test behaviour)."""
    return code_policy.violations(body, code_policy.TESTS, forbidden_imports=frozenset({scenario.import_name}))


def judge_tests(ex: TestsExercise, cell_source: str, *, reveal: bool = False, cache: VerdictCache | None = None,
                reps: int = TEST_REPS, **_: Any) -> Verdict:
    """Wheats and chaffs (handbook 5.1).

    A test that fails on a correct implementation is a false alarm: dropped, named, penalised.
    A broken implementation counts as caught when some valid test fails on it in every one of its
    `reps` perturbed runs and again in CONFIRM_REPS more; if any valid test gives mixed results on
    it, or its run does not finish, it earns nothing (chance must never earn credit).
    """
    body = answer_body(cell_source)
    if is_unanswered(body):
        return Verdict(ex.id, 0.0, "No tests yet: write test functions in the answer cell.")
    try:
        tests, rest = _test_segments(body)
    except SyntaxError as exc:
        return Verdict(ex.id, 0.0, f"Your tests do not compile (line {exc.lineno}): {exc.msg}. Nothing could run.")
    if not tests:
        return Verdict(ex.id, 0.0, "No test functions found: name them test_something, at the top level of the cell.")
    scenario = scenarios.get(ex.scenario)
    banned = policy_problems_in_tests(body, scenario)
    if banned:
        return Verdict(ex.id, 0.0, "Your tests were not run: tests here get the implementation from the fixtures and "
                       "check its behaviour, without importing it, reading files or inspecting code. Found: "
                       + "; ".join(banned[:5]) + ".", {"policy": banned})
    wheats = [(impl, (ex.key_dir / impl.path).read_text()) for impl in ex.wheats]
    chaffs = [(impl, (ex.key_dir / impl.path).read_text()) for impl in ex.chaffs]
    names = [n for n, _ in tests]
    lines = [f"Your tests: {len(names)} ({', '.join(names)}), each run {reps} times against "
             f"{len(wheats)} correct and {len(chaffs)} broken implementations (and {CONFIRM_REPS} more times for every catch)."]
    # Wheats and chaffs in one batch, whose runs start in a shuffled order (testrun.run_suites): correct
    # implementations that always ran first and together were a clock side channel (handbook 5.5).
    # Every test that fails all its `reps` runs runs CONFIRM_REPS more in the same run, on every implementation alike
    # (what a catch needs; correct and broken runs stay the same shape).
    records, problems = _suite_records(body, [s for _, s in (*wheats, *chaffs)], scenario, cache, reps, CONFIRM_REPS)
    wheat_records, chaff_records = records[:len(wheats)], records[len(wheats):]
    chaff_problems = problems[len(wheats):]
    wheat_problem = next((p for p in problems[:len(wheats)] if p), None)
    if wheat_problem:   # a suite that cannot run on correct code (hangs, crashes) earns nothing on the chaffs
        # in the judge's words: what that run printed came from a process talking to a correct version
        from course.judge.testrun import judge_words
        lines.append(f"Your tests could not run on a correct implementation: {judge_words(wheat_problem)}.")
        return Verdict(ex.id, 0.0, "\n".join(lines), {"problem": wheat_problem})

    # test -> the spec freedom of the correct version it failed on. Only that is kept of a false alarm: its message
    # was computed by a test holding a correct version (a spy it was handed records that version's SQL), so any
    # text of it, in any encoding, is a channel from the key. Feedback says it in the judge's words (PROTOCOL.md).
    false_alarms: dict[str, str] = {}
    for (wheat, _), rec in zip(wheats, wheat_records):
        for name in names:
            if name not in false_alarms and _outcome_class(rec[name]) != "pass":
                false_alarms[name] = wheat.freedom
    valid = [n for n in names if n not in false_alarms]

    flaky: dict[str, list[str]] = {}        # test -> flaws it gave mixed results on
    undetermined: list[str] = []            # flaws whose runs did not finish
    candidates: dict[int, list[str]] = {}   # chaff index -> valid tests that failed every run
    for index, ((impl, _), rec, problem) in enumerate(zip(chaffs, chaff_records, chaff_problems)):
        if problem:
            undetermined.append(impl.flaw)
            continue
        classes = {n: _outcome_class(rec[n]) for n in valid}
        shaky = [n for n, c in classes.items() if c == "flaky"]
        for n in shaky:
            flaky.setdefault(n, []).append(impl.flaw)
        failing = [n for n, c in classes.items() if c == "fail"]
        if failing and not shaky:
            candidates[index] = failing

    caught: dict[str, str] = {}             # flaw id -> first test that caught it
    for index, failing in candidates.items():
        rec = chaff_records[index]
        shaky = [n for n in failing if not _confirmed(rec[n])]
        for n in shaky:
            flaky.setdefault(n, []).append(chaffs[index][0].flaw)
        if not shaky:
            caught[chaffs[index][0].flaw] = failing[0]

    catching = set(caught.values())
    idle = [n for n in valid if n not in catching and n not in flaky
            and all(_outcome_class(rec[n]) == "pass" for rec, p in zip(chaff_records, chaff_problems) if not p)]
    missed = [impl.flaw for impl, _ in chaffs if impl.flaw not in caught]
    n = max(1, len(chaffs))
    fraction = max(0.0, min(1.0, len(caught) / n - FALSE_ALARM_PENALTY * len(false_alarms)))
    rules = {impl.flaw: impl.rule for impl, _ in chaffs}
    questions = chaff_questions(ex)
    rows = report.tests_rows(report.TestsOutcome(
        names, reps, CONFIRM_REPS, len(wheats), false_alarms,
        {f: (t, rules.get(f, "")) for f, t in caught.items()}, list(flaky), len(undetermined),
        {t: _asserts(dict(tests)[t], rest) for t in idle},
        [(ex.flaw_titles.get(f, f), rules.get(f, ""), questions.get(f, report.question_for(()))) for f in missed],
        len(chaffs), FALSE_ALARM_PENALTY, fraction), reveal=reveal)
    return Verdict(ex.id, fraction, report.to_text(rows),
                   {"caught": caught, "false_alarms": sorted(false_alarms), "flaky": sorted(flaky),
                    "undetermined": undetermined, "missed": missed}, report.rows_data(rows))


# ---------------------------------------------------------------- findings

def judge_findings(ex: FindingsExercise, cell_source: str, *, reveal: bool = False, counts_only: bool = False,
                   **_: Any) -> Verdict:
    """`counts_only`: staged feedback says no finding's verdict, only counts (the service's budget, findings.py)."""
    if ex.files:
        return _judge_review(ex, cell_source, reveal=reveal, counts_only=counts_only)
    try:
        found, problems = findings_mod.parse_findings(cell_source)
    except findings_mod.FindingsFormatError as exc:
        return Verdict(ex.id, 0.0, f"Findings not graded: {exc}.")
    verdict = findings_mod.match(found, ex, problems)
    rows = findings_mod.feedback_rows(found, verdict, ex, reveal=reveal, snippet=_snippet(ex.scenario),
                                      counts_only=counts_only)
    return Verdict(ex.id, verdict.fraction, report.to_text(rows),
                   {"matched": sorted(verdict.matched.values()), "false_alarms": len(verdict.false_alarms),
                    "missed": [f.id for f in verdict.missed]}, report.rows_data(rows))


def _snippet(scenario_name: str) -> str | None:
    """The assistant's code a findings exercise is about (public), for the region hints; None when it has none."""
    try:
        return scenarios.get(scenario_name).snippet_path().read_text()
    except (KeyError, OSError, ImportError):
        return None


def _judge_review(ex: FindingsExercise, cell_source: str, *, reveal: bool, counts_only: bool = False) -> Verdict:
    """A review of a whole change (module 08): findings across files and a verdict (course.judge.findings)."""
    try:
        verdict, found, problems = findings_mod.parse_review(cell_source, ex.files)
    except findings_mod.FindingsFormatError as exc:
        return Verdict(ex.id, 0.0, f"Review not graded: {exc}.")
    matched = findings_mod.match(found, ex, problems)
    score = findings_mod.score_review(found, verdict, matched, ex)
    return Verdict(ex.id, score.fraction, findings_mod.review_feedback(found, verdict, matched, score, ex, reveal=reveal,
                                                                       counts_only=counts_only),
                   {"matched": sorted(matched.matched.values()), "false_alarms": len(matched.false_alarms),
                    "missed": [f.id for f in matched.missed], "tpr": score.tpr, "fpr": score.fpr,
                    "flagged_negatives": score.flagged_negatives, "severity": score.severity,
                    "false_alarm_files": sorted({found[i].file for i in matched.false_alarms}),
                    "verdict": verdict, "verdict_ok": score.verdict_ok})


# ---------------------------------------------------------------- fixes

def _hidden_passes(ex: FixExercise, scenario: scenarios.Scenario, module_source: str,
                   cache: VerdictCache | None) -> dict[str, Any]:
    """{"problem": ..., "passed": [hidden test names passed]} for one module source (cached)."""
    hidden = (ex.key_dir / ex.hidden_tests).read_text()
    key = digest(RUNNER_VERSION, runtime_digest(), "fix", HIDDEN_RUN_INI, scenario.name, hidden, module_source,
                 *_support_parts(scenario))
    record = cache.get(key) if cache else None
    if record is None:
        record = _run_hidden(hidden, module_source, scenario)
        if cache and record["problem"] is None:
            cache.put(key, record)
    return record


def _run_hidden(hidden: str, module_source: str, scenario: scenarios.Scenario) -> dict[str, Any]:
    from course.judge.testrun import run_suite
    # split: the hidden tests and the recorder run in a process of their own (trusted); the learner's fix runs
    # beside the scenario's fixtures in the other, under the audit hook (guard_host), reached through proxies.
    # A fix can then neither read the hidden tests nor write their outcomes (issue 13, classes 2 and 4).
    suite = run_suite(hidden, module_source, scenario, reps=1, limits=judge_limits(),
                      extra_files={"pytest.ini": HIDDEN_RUN_INI}, split=True, guard_host=True)
    _no_grader_fault([suite])
    return {"problem": suite.problem,
            "passed": [n for n, r in suite.results.items() if r.outcome == "passed" and r.failures == 0]}


@functools.lru_cache(maxsize=64)
def _baseline(hidden: str, snippet: str, scenario_name: str) -> frozenset[str]:
    """Hidden tests the assistant's own snippet passes: the same for every learner, so computed once per process."""
    record = _run_hidden(hidden, snippet, scenarios.get(scenario_name))
    if record["problem"] and not record["passed"]:
        raise RuntimeError(f"the hidden tests cannot run on the assistant's snippet: {record['problem']}")
    return frozenset(record["passed"])


def judge_fix(ex: FixExercise, cell_source: str, *, cache: VerdictCache | None = None, **_: Any) -> Verdict:
    """Hidden tests, one property each. Properties the assistant's snippet already has are regression
    gates (they earn nothing, but each one broken scales the score down); the others earn the points,
    so pasting the snippet back unchanged scores 0."""
    body = answer_body(cell_source)
    if is_unanswered(body):
        return Verdict(ex.id, 0.0, "No fix yet: paste the whole module into the answer cell and repair it.")
    try:
        parse(body)
    except SyntaxError as exc:
        return Verdict(ex.id, 0.0, f"Your fix does not compile (line {exc.lineno}): {exc.msg}.")
    banned = code_policy.violations(body, code_policy.FIX, frozenset(ex.allowed_imports))
    if banned:
        return Verdict(ex.id, 0.0, "Your fix was not run: a fix here may use only ordinary standard-library code, "
                       "without dynamic code or introspection. Found: " + "; ".join(banned[:5]) + ".",
                       {"policy": banned})
    scenario = scenarios.get(ex.scenario)
    with ThreadPoolExecutor(max_workers=2) as pool:
        learner = pool.submit(_hidden_passes, ex, scenario, body, cache)
        baseline = set(_baseline((ex.key_dir / ex.hidden_tests).read_text(), scenario.snippet_path().read_text(), scenario.name))
        record = learner.result()
    passed = set(record["passed"])
    gates = [n for n in ex.properties if n in baseline]
    credited = [n for n in ex.properties if n not in baseline]
    rows = [report.Row("note", text="Your fix, checked by hidden tests (one per property):")]
    if record["problem"] and not passed:
        from course.judge.testrun import judge_words   # in the judge's words: the hidden tests' process printed it
        rows.append(report.Row("not run", "", f"the hidden tests could not run your module: {judge_words(record['problem'])}"))
    for name in credited:
        rows.append(report.Row("fixed" if name in passed else "not fixed", "", ex.properties[name]))
    for name in gates:
        if name not in passed:
            rows.append(report.Row("broken", "", f"{ex.properties[name]} (this worked in the assistant's code)"))
    got = sum(1 for n in credited if n in passed)
    kept = sum(1 for n in gates if n in passed)
    fraction = (got / max(1, len(credited))) * (kept / len(gates) if gates else 1.0)
    rows.append(report.Row("score", text=f"{got}/{len(credited)} flaws fixed" + (
        f", {kept}/{len(gates)} working behaviours kept (each one broken scales the score down)" if gates else "")
        + f" = {report.percent(fraction)}"))
    return Verdict(ex.id, fraction, report.to_text(rows), {"passed": sorted(passed & set(ex.properties)), "gates": gates},
                   report.rows_data(rows))


# ---------------------------------------------------------------- triage of an AI reviewer (module 08)

def answer_bytes(cell_source: str) -> int:
    """An answer cell's size as the judge counts it against MAX_ANSWER_BYTES (lone surrogates included)."""
    return len(cell_source.encode("utf-8", "surrogatepass"))


def judge_triage(ex: TriageExercise, cell_source: str, *, reveal: bool = False,
                 context: dict[str, str] | None = None, **_: Any) -> Verdict:
    """`context` holds the learner's own review cell (by exercise id), which the feedback compares with the AI's."""
    from course.judge import triage
    review = load_module_key(scenarios.get(ex.scenario).module)[ex.review]
    review_source = (context or {}).get(ex.review)
    if review_source is not None and answer_bytes(review_source) > MAX_ANSWER_BYTES:
        review_source = None   # not read: the review's own grade says it is too large to grade (one reading)
    fraction, text, details = triage.judge_triage(ex, cell_source, review, review_source, reveal=reveal)
    return Verdict(ex.id, fraction, text, details)


# ---------------------------------------------------------------- dispatch

_JUDGES = {"tests": judge_tests, "findings": judge_findings, "fix": judge_fix, "triage": judge_triage}


def judge_answer(exercise: Exercise, cell_source: str, *, reveal: bool = False, cache: VerdictCache | None = None,
                 context: dict[str, str] | None = None, counts_only: bool = False) -> Verdict:
    """Judge one answer. Never raises for anything a learner can write: problems become feedback and 0.

    `context`: the notebook's other answers by exercise id, for an exercise whose feedback reads one (a triage).
    `counts_only`: a findings answer's staged feedback shows counts, no finding's verdict (the service's budget)."""
    try:
        size = answer_bytes(cell_source)
        if size > MAX_ANSWER_BYTES:
            return Verdict(exercise.id, 0.0, f"Not graded: this answer cell is {size // 1000} kB; the judge reads answers "
                           f"of up to {MAX_ANSWER_BYTES // 1000} kB (a whole module with its fix is a few kB). "
                           "Shorten it and submit again.", {"too_large": size})
        if exercise.kind == "triage":
            return judge_triage(exercise, cell_source, reveal=reveal, context=context)
        return _JUDGES[exercise.kind](exercise, cell_source, reveal=reveal, cache=cache, counts_only=counts_only)
    except GraderFault as exc:   # the grader's side of a run did not load: not the learner's failure
        return grader_error(exercise.id, str(exc))
    except Exception as exc:  # a judge bug must not give points or stop a batch: fail closed, say so
        return grader_error(exercise.id, f"the judge hit an internal error: {type(exc).__name__}: {exc}", repr(exc))


def grade_cells(nb: Any) -> list[Any]:
    """Every cell flagged as a grade cell: the Judge clears and scores them all (after autograde's sanitize
    step, course.judge.reading, each grade id is one cell)."""
    return [c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade")
            and not c["metadata"]["nbgrader"].get("solution")]


def judge_notebook(nb: Any, module: str, *, reveal: bool = False, cache: VerdictCache | None | str = "default",
                   only: Collection[str] | None = None) -> dict[str, Verdict]:
    """A verdict for EVERY grade cell of `nb` (or for the grade ids in `only`), by grade id. Anything the judge cannot
    score gets 0 with a reason. Each grade cell's verdict depends on the notebook's answers alone, never on another
    cell's verdict, so verdicts judged apart (a cohort's jobs, one per grade cell) merge into the same dict."""
    if cache == "default":
        cache = VerdictCache(default_path())
    try:
        exercises = load_module_key(module)
    except Exception as exc:
        exercises = {}
        key_problem = f"the keys for module {module!r} could not be loaded ({type(exc).__name__}: {_short(str(exc))})"
    else:
        key_problem = None if exercises else f"no keys found for module {module!r}"
    grade_ids, answers = notebook_answers(nb)
    verdicts: dict[str, Verdict] = {}
    jobs: dict[str, tuple[Exercise, str]] = {}
    for grade_id in grade_ids:
        if only is not None and grade_id not in only:
            continue
        exercise_id = grade_id[: -len(SCORE_SUFFIX)] if grade_id.endswith(SCORE_SUFFIX) else grade_id
        if key_problem:
            verdicts[grade_id] = grader_error(exercise_id, key_problem)
        elif exercise_id not in exercises:
            verdicts[grade_id] = grader_error(exercise_id, f"no key for {exercise_id!r}")
        elif exercise_id not in answers:
            verdicts[grade_id] = Verdict(exercise_id, 0.0, f"0 points: the answer cell {exercise_id!r} is missing from the notebook.")
        else:
            jobs[grade_id] = (exercises[exercise_id], answers[exercise_id])
    # Exercises are judged concurrently: each is a few sandboxed processes, and this keeps every core busy.
    with ThreadPoolExecutor(max_workers=max(1, len(jobs))) as pool:
        futures = {gid: pool.submit(judge_answer, ex, src, reveal=reveal, cache=cache, context=answers)
                   for gid, (ex, src) in jobs.items()}
        for gid, future in futures.items():
            verdicts[gid] = future.result()
    return verdicts


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
