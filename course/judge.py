"""The judge: scores a learner's answers against the keys, outside the learner's kernel (handbook 5.0).

One entry point per granularity, used by every caller (the nbgrader preprocessor, `python -m course
check`, the notebook's `score()` cells), so self-checks and instructor grading agree by construction:
- `judge_answer(exercise, cell_source)` one exercise, from the answer cell's text;
- `judge_notebook(nb, module)` every grade cell of a notebook, failing closed.
Learner code only ever runs in sandboxed subprocesses (course.testrun); findings are read with
`ast.literal_eval`. Nothing here executes the learner's code in this process.
"""
from __future__ import annotations

import ast
from concurrent.futures import ThreadPoolExecutor
import functools
import os
from dataclasses import dataclass, field
from typing import Any

from course import findings as findings_mod
from course import fix_policy
from course import scenarios
from course.answers import answer_body, is_unanswered
from course.exercises import Exercise, FindingsExercise, FixExercise, TestsExercise, load_module_key
from course.verdict_cache import RUNNER_VERSION, VerdictCache, default_path, digest, runtime_digest

TEST_REPS = 3                 # each learner test runs this many times per implementation, perturbed
FALSE_ALARM_PENALTY = 0.25    # share of a tests exercise lost per test that fails on a correct implementation
SCORE_SUFFIX = "_score"


@dataclass
class Verdict:
    exercise_id: str
    fraction: float                      # 0..1 of the grade cell's points
    feedback: str
    details: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- tests (wheats and chaffs)

def _test_segments(body: str) -> tuple[list[tuple[str, str]], str]:
    """[(name, source of that test function)] in order, and the rest of the file (its helpers)."""
    tree = ast.parse(body)
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
    """'pass' (passed every rep), 'fail' (failed every rep) or 'flaky'."""
    reps = max(1, int(record.get("reps", 1)))
    failures = int(record.get("failures", 0))
    if record.get("outcome") == "passed" and failures == 0:
        return "pass"
    if record.get("outcome") in {"missing", "error"} or failures >= reps:
        return "fail"
    return "flaky"


def judge_limits():
    """Sandbox limits for one judged run. COURSE_JUDGE_WALL_SECONDS lets an instructor trade patience for speed."""
    from course.sandbox import Limits
    wall = float(os.environ.get("COURSE_JUDGE_WALL_SECONDS", "15"))
    return Limits(wall_seconds=wall, cpu_seconds=max(1, int(wall)), memory_mb=1024)


def _suite_records(body: str, impl_sources: list[str], scenario: scenarios.Scenario, cache: VerdictCache | None,
                   reps: int) -> tuple[list[dict[str, dict[str, Any]]], list[str | None]]:
    """Per implementation: {test name: record}, and the suite-level problem if the run failed as a whole."""
    from course.testrun import run_suites  # imported late: the runner pulls in subprocess machinery

    tests, rest = _test_segments(body)
    keys = [[digest(RUNNER_VERSION, runtime_digest(), str(reps), scenario.name, impl, rest, src) for _, src in tests]
            for impl in impl_sources]
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
        results = run_suites(body, [impl_sources[i] for i in todo], scenario, reps=reps, limits=judge_limits(),
                             sourceless=True)
        for i, suite in zip(todo, results):
            problems[i] = suite.problem
            for name, _ in tests:
                if name in records[i]:
                    continue   # first verdict wins
                r = suite.results.get(name)
                record = ({"outcome": r.outcome, "failures": r.failures, "reps": r.reps, "message": r.message}
                          if r else {"outcome": "missing", "failures": reps, "reps": reps, "message": suite.problem or ""})
                records[i][name] = record
                if cache and suite.problem is None:
                    cache.put(keys[i][[n for n, _ in tests].index(name)], record)
    return records, problems


def judge_tests(ex: TestsExercise, cell_source: str, *, reveal: bool = False, cache: VerdictCache | None = None,
                reps: int = TEST_REPS) -> Verdict:
    body = answer_body(cell_source)
    if is_unanswered(body):
        return Verdict(ex.id, 0.0, "No tests yet: write test functions in the answer cell.")
    try:
        tests, _ = _test_segments(body)
    except SyntaxError as exc:
        return Verdict(ex.id, 0.0, f"Your tests do not compile (line {exc.lineno}): {exc.msg}. Nothing could run.")
    if not tests:
        return Verdict(ex.id, 0.0, "No test functions found: name them test_something, at the top level of the cell.")
    scenario = scenarios.get(ex.scenario)
    wheats = [(impl, (ex.key_dir / impl.path).read_text()) for impl in ex.wheats]
    chaffs = [(impl, (ex.key_dir / impl.path).read_text()) for impl in ex.chaffs]
    names = [n for n, _ in tests]
    lines = [f"Your tests: {len(names)} ({', '.join(names)}), each run {reps} times against "
             f"{len(wheats)} correct and {len(chaffs)} broken implementations."]
    # Wheats first: a suite that cannot run on correct code (hangs, crashes) is not run on the chaffs.
    wheat_records, problems = _suite_records(body, [s for _, s in wheats], scenario, cache, reps)
    wheat_problem = next((p for p in problems if p), None)
    if wheat_problem:
        lines.append(f"Your tests could not run on a correct implementation: {wheat_problem}")
        return Verdict(ex.id, 0.0, "\n".join(lines), {"problem": wheat_problem})
    chaff_records, _ = _suite_records(body, [s for _, s in chaffs], scenario, cache, reps)

    false_alarms: dict[str, str] = {}
    for rec in wheat_records:
        for name in names:
            if name not in false_alarms and _outcome_class(rec[name]) != "pass":
                false_alarms[name] = rec[name].get("message") or rec[name]["outcome"]
    valid = [n for n in names if n not in false_alarms]

    caught: dict[str, str] = {}      # flaw id -> first test that caught it
    flaky: dict[str, list[str]] = {}
    for (impl, _), rec in zip(chaffs, chaff_records):
        for name in valid:
            cls = _outcome_class(rec[name])
            if cls == "fail" and impl.flaw not in caught:
                caught[impl.flaw] = name
            elif cls == "flaky":
                flaky.setdefault(name, []).append(impl.flaw)
    catching = set(caught.values())
    idle = [n for n in valid if n not in catching and n not in flaky
            and all(_outcome_class(rec[n]) == "pass" for rec in chaff_records)]

    for name, message in false_alarms.items():
        lines.append(f"  false alarm: {name} fails on a correct implementation ({_short(message)}). "
                     f"It is dropped and costs {FALSE_ALARM_PENALTY:.2f} of the points. Is it testing more than the spec promises?")
    for flaw, name in caught.items():
        lines.append(f"  caught: {ex.flaw_titles.get(flaw, flaw)} (by {name})")
    for name, flaws in flaky.items():
        if any(f not in caught for f in flaws):
            lines.append(f"  flaky: {name} caught a flaw in some runs but not all, so it earns nothing. "
                         "Graded tests must be deterministic: force the interleaving with the fixtures instead of hoping for it.")
    for name in idle:
        lines.append(f"  caught nothing: {name} passes on every implementation. Does it assert the behaviour that matters?")
    missed = [impl.flaw for impl, _ in chaffs if impl.flaw not in caught]
    if missed:
        if reveal:
            lines.extend(f"  not caught: {ex.flaw_titles.get(f, f)}" for f in missed)
        else:
            lines.append(f"  {len(missed)} broken implementation(s) still pass all your tests.")
    n = max(1, len(chaffs))
    fraction = max(0.0, min(1.0, len(caught) / n - FALSE_ALARM_PENALTY * len(false_alarms)))
    lines.append(f"Score: {len(caught)}/{n} caught - {FALSE_ALARM_PENALTY} x {len(false_alarms)} false alarm(s), "
                 f"clamped = {fraction:.2f} of the points.")
    return Verdict(ex.id, fraction, "\n".join(lines),
                   {"caught": caught, "false_alarms": sorted(false_alarms), "flaky": sorted(flaky), "missed": missed})


# ---------------------------------------------------------------- findings

def judge_findings(ex: FindingsExercise, cell_source: str, *, reveal: bool = False, **_: Any) -> Verdict:
    try:
        found, problems = findings_mod.parse_findings(cell_source)
    except findings_mod.FindingsFormatError as exc:
        return Verdict(ex.id, 0.0, f"Findings not graded: {exc}.")
    verdict = findings_mod.match(found, ex, problems)
    return Verdict(ex.id, verdict.fraction, findings_mod.feedback(found, verdict, ex, reveal=reveal),
                   {"matched": sorted(verdict.matched.values()), "false_alarms": len(verdict.false_alarms),
                    "missed": [f.id for f in verdict.missed]})


# ---------------------------------------------------------------- fixes

def _hidden_passes(ex: FixExercise, scenario: scenarios.Scenario, module_source: str,
                   cache: VerdictCache | None) -> dict[str, Any]:
    """{"problem": ..., "passed": [hidden test names passed]} for one module source (cached)."""
    hidden = (ex.key_dir / ex.hidden_tests).read_text()
    key = digest(RUNNER_VERSION, runtime_digest(), "fix", scenario.name, hidden, module_source)
    record = cache.get(key) if cache else None
    if record is None:
        record = _run_hidden(hidden, module_source, scenario)
        if cache and record["problem"] is None:
            cache.put(key, record)
    return record


def _run_hidden(hidden: str, module_source: str, scenario: scenarios.Scenario) -> dict[str, Any]:
    from course.testrun import run_suite
    suite = run_suite(hidden, module_source, scenario, reps=1, limits=judge_limits())
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
        ast.parse(body)
    except SyntaxError as exc:
        return Verdict(ex.id, 0.0, f"Your fix does not compile (line {exc.lineno}): {exc.msg}.")
    banned = fix_policy.violations(body, frozenset(ex.allowed_imports))
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
    lines = ["Your fix, checked by hidden tests (one per property):"]
    if record["problem"] and not passed:
        lines.append(f"  the hidden tests could not run your module: {_short(record['problem'])}")
    for name in credited:
        lines.append(f"  {'fixed    ' if name in passed else 'not fixed'}  {ex.properties[name]}")
    for name in gates:
        if name not in passed:
            lines.append(f"  broken   {ex.properties[name]} (this worked in the assistant's code)")
    got = sum(1 for n in credited if n in passed)
    kept = sum(1 for n in gates if n in passed)
    fraction = (got / max(1, len(credited))) * (kept / len(gates) if gates else 1.0)
    lines.append(f"Score: {got}/{len(credited)} flaws fixed" + (f", {kept}/{len(gates)} working behaviours kept" if gates else "")
                 + f" = {fraction:.2f} of the points.")
    return Verdict(ex.id, fraction, "\n".join(lines), {"passed": sorted(passed & set(ex.properties)), "gates": gates})


# ---------------------------------------------------------------- dispatch

_JUDGES = {"tests": judge_tests, "findings": judge_findings, "fix": judge_fix}


def judge_answer(exercise: Exercise, cell_source: str, *, reveal: bool = False, cache: VerdictCache | None = None) -> Verdict:
    """Judge one answer. Never raises for anything a learner can write: problems become feedback and 0."""
    try:
        return _JUDGES[exercise.kind](exercise, cell_source, reveal=reveal, cache=cache)
    except Exception as exc:  # a judge bug must not give points or stop a batch: fail closed, say so
        return Verdict(exercise.id, 0.0, f"Not graded: the judge hit an internal error ({type(exc).__name__}: "
                       f"{_short(str(exc))}). Please tell your instructor.", {"internal_error": repr(exc)})


def grade_cells(nb: Any) -> list[Any]:
    return [c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade")
            and not c["metadata"]["nbgrader"].get("solution")]


def judge_notebook(nb: Any, module: str, *, reveal: bool = False, cache: VerdictCache | None | str = "default") -> dict[str, Verdict]:
    """A verdict for EVERY grade cell of `nb`, by grade id. Anything the judge cannot score gets 0 with a reason."""
    if cache == "default":
        cache = VerdictCache(default_path())
    try:
        exercises = load_module_key(module)
    except Exception as exc:
        exercises = {}
        key_problem = f"the keys for module {module!r} could not be loaded ({type(exc).__name__}: {_short(str(exc))})"
    else:
        key_problem = None if exercises else f"no keys found for module {module!r}"
    answers: dict[str, str] = {}
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution") and not meta.get("grade") and meta.get("grade_id") not in answers:
            answers[meta["grade_id"]] = cell.get("source", "")
    verdicts: dict[str, Verdict] = {}
    jobs: dict[str, tuple[Exercise, str]] = {}
    for cell in grade_cells(nb):
        grade_id = cell["metadata"]["nbgrader"]["grade_id"]
        exercise_id = grade_id[: -len(SCORE_SUFFIX)] if grade_id.endswith(SCORE_SUFFIX) else grade_id
        if key_problem:
            verdicts[grade_id] = Verdict(exercise_id, 0.0, f"Not graded: {key_problem}. Please tell your instructor.")
        elif exercise_id not in exercises:
            verdicts[grade_id] = Verdict(exercise_id, 0.0, f"Not graded: no key for {exercise_id!r}. Please tell your instructor.")
        elif exercise_id not in answers:
            verdicts[grade_id] = Verdict(exercise_id, 0.0, f"0 points: the answer cell {exercise_id!r} is missing from the notebook.")
        else:
            jobs[grade_id] = (exercises[exercise_id], answers[exercise_id])
    # Exercises are judged concurrently: each is a few sandboxed processes, and this keeps every core busy.
    with ThreadPoolExecutor(max_workers=max(1, len(jobs))) as pool:
        futures = {gid: pool.submit(judge_answer, ex, src, reveal=reveal, cache=cache) for gid, (ex, src) in jobs.items()}
        for gid, future in futures.items():
            verdicts[gid] = future.result()
    return verdicts


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
