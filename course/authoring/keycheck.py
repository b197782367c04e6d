"""`python -m course check-keys [MODULE ...]`: does a module's key agree with its snippets and notebook?

Fast and static (nothing is run): what a course author breaks most often, each problem one line that says
where and what to do. tests/test_module_keys.py runs it on every module; the slow half of that file then
judges the solution notebook (every point) and the release (none) with real sandboxed runs.
"""
from __future__ import annotations

import ast
from pathlib import Path

import nbformat

from course import paths, scenarios, taxonomy
from course.authoring.scaffold import PLACEHOLDER
from course.judge.engine import SCORE_SUFFIX
from course.judge.exercises import (FindingsExercise, FixExercise, TestsExercise, TriageExercise, chaff_categories,
                                    load_module_key)


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(paths.REPO_ROOT))
    except ValueError:
        return str(path)


def placeholders(path: Path) -> list[str]:
    """`path:line: text` for every line of a file still holding the scaffold's placeholder."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if PLACEHOLDER in line:
            found.append(f"{_rel(path)}:{number}: still to fill in: {line.strip().lstrip('#').strip()[:160]}")
    return found


def _files_of(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts) if folder.is_dir() else []


def _notebook_problems(module: str, notebook: Path, key: dict) -> list[str]:
    nb = nbformat.read(str(notebook), as_version=4)
    problems = []
    answers: dict[str, list[str]] = {}
    scores: dict[str, list[float]] = {}
    for number, cell in enumerate(nb.cells, 1):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if PLACEHOLDER in cell.source:
            first = next(line for line in cell.source.splitlines() if PLACEHOLDER in line)
            problems.append(f"{_rel(notebook)}: cell {number}: still to fill in: {first.strip()[:160]}")
        if meta.get("solution") and not meta.get("grade"):
            answers.setdefault(meta.get("grade_id", ""), []).append(cell.source)
        elif meta.get("grade") and not meta.get("solution"):
            scores.setdefault(meta.get("grade_id", ""), []).append(float(meta.get("points", 0)))
            exercise = meta.get("grade_id", "")[: -len(SCORE_SUFFIX)]
            if cell.source.strip() != f'score("{exercise}")':
                problems.append(f"{_rel(notebook)}: grade cell {meta.get('grade_id')!r} must be exactly "
                                f'score("{exercise}")')
    for exercise_id, exercise in key.items():
        sources = answers.pop(exercise_id, [])
        if len(sources) != 1:
            problems.append(f"{_rel(notebook)}: exercise {exercise_id!r} needs one answer cell (found {len(sources)}): "
                            f"an unlocked nbgrader solution cell with grade_id {exercise_id!r}")
        elif sources[0].splitlines()[:1] != [f"%%{exercise.kind} {exercise.scenario}"]:
            problems.append(f"{_rel(notebook)}: answer cell {exercise_id!r} must start with "
                            f"'%%{exercise.kind} {exercise.scenario}'")
        points = scores.pop(f"{exercise_id}{SCORE_SUFFIX}", [])
        if len(points) != 1 or points[0] <= 0:
            problems.append(f"{_rel(notebook)}: exercise {exercise_id!r} needs one locked grade cell "
                            f'{exercise_id}{SCORE_SUFFIX} with points > 0 and source score("{exercise_id}")')
    problems += [f"{_rel(notebook)}: answer cell {gid!r} has no exercise in grading/keys/{module}" for gid in answers]
    problems += [f"{_rel(notebook)}: grade cell {gid!r} has no exercise in grading/keys/{module}" for gid in scores]
    return problems


def _exercise_problems(module: str, exercise, registered: dict) -> list[str]:
    where = f"grading/keys/{module}/{exercise.key_dir.name}/key.py: {exercise.id}"
    scenario = registered.get(exercise.scenario)
    if scenario is None:
        return [f"{where}: scenario {exercise.scenario!r} is not a package under course/scenarios/ with a SCENARIO"]
    problems = []
    if scenario.module != module:
        problems.append(f"{where}: scenario {scenario.name!r} belongs to module {scenario.module!r}")
    snippet = paths.SOLUTIONS_DIR / module / scenario.snippet
    if not snippet.is_file():
        return problems + [f"{where}: the snippet {_rel(snippet)} does not exist"]
    lines = len(snippet.read_text(encoding="utf-8").splitlines())
    files: list[str] = []
    if isinstance(exercise, TestsExercise):
        files = [impl.path for impl in (*exercise.wheats, *exercise.chaffs)]
        if len(exercise.wheats) < 2:
            problems.append(f"{where}: needs at least two wheats (correct versions that differ where the spec is free)")
        for chaff in exercise.chaffs:
            if not chaff.flaw or chaff.flaw not in exercise.flaw_titles:
                problems.append(f"{where}: chaff {chaff.path} needs a flaw id with a title in flaw_titles")
            if not chaff.rule.strip():   # tests feedback names the rule a caught chaff breaks, never its flaw
                problems.append(f"{where}: chaff {chaff.path} needs rule= (the spec rule it breaks, in the spec's words)")
        for wheat in exercise.wheats:    # a false alarm on it names the freedom it uses
            if not wheat.freedom.strip():
                problems.append(f"{where}: wheat {wheat.path} needs freedom= (the spec's freedom it uses, not its code)")
        unasked = [flaw for flaw, cats in chaff_categories(exercise).items() if not cats]
        if unasked:                      # a missed chaff's feedback names the review question of its categories
            problems.append(f"{where}: no categories for chaff flaw(s) {unasked}: key them in a findings exercise "
                            "of the scenario or in flaw_categories")
    elif isinstance(exercise, FindingsExercise):
        # (file, first, last): a review of several files (module 08) names each span's file; else the snippet
        spans = [(flaw.file, *s) for flaw in exercise.flaws for s in (*flaw.spans, *([flaw.tolerance] if flaw.tolerance else []))]
        spans += [d if len(d) == 3 else ("", *d) for d in exercise.decoys]
        if tuple(exercise.files) != tuple(scenario.files):
            problems.append(f"{where}: files {exercise.files} are not the scenario's files {scenario.files}")
        for file, first, last in spans:
            path = paths.SOLUTIONS_DIR / module / file if file else snippet
            if file and file not in exercise.files or not path.is_file():
                problems.append(f"{where}: {file or scenario.snippet} is not a file under review")
                continue
            size = lines if not file else len(path.read_text(encoding="utf-8").splitlines())
            if not 1 <= first <= last <= size:
                problems.append(f"{where}: lines ({first}, {last}) are not inside {file or scenario.snippet} (1-{size})")
        for flaw in exercise.flaws:
            unknown = sorted(c for c in flaw.categories if c not in taxonomy.BY_ID)
            if unknown or not flaw.categories:
                problems.append(f"{where}: flaw {flaw.id!r} categories {unknown or '(none)'} are not taxonomy ids")
    elif isinstance(exercise, TriageExercise):
        from course.judge.triage import ai_review
        try:
            ids = [c["id"] for c in ai_review(exercise.scenario).COMMENTS]
        except ImportError:
            ids = []
            problems.append(f"{where}: course/scenarios/{exercise.scenario}/ai_review.py (the comments) does not load")
        if [c.id for c in exercise.comments] != ids:
            problems.append(f"{where}: the key's comments {[c.id for c in exercise.comments]} are not ai_review's {ids}")
        if exercise.review not in load_module_key(module):
            problems.append(f"{where}: review {exercise.review!r} is not an exercise of {module}")
    elif isinstance(exercise, FixExercise):
        files = [exercise.hidden_tests, exercise.reference]
        hidden = exercise.key_dir / exercise.hidden_tests
        if hidden.is_file():
            tree = ast.parse(hidden.read_text(encoding="utf-8"))
            names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test")}
            missing = sorted(set(exercise.properties) - names)
            if missing or not exercise.properties:
                problems.append(f"{where}: properties name hidden tests that do not exist: {missing}" if missing
                                else f"{where}: properties is empty (one property per hidden test)")
    for file in files:
        if not (exercise.key_dir / file).is_file():
            problems.append(f"{where}: {file} does not exist in {_rel(exercise.key_dir)}")
    return problems


def check_module(module: str) -> list[str]:
    """Every problem with a module's keys, snippets, scenario packages and solution notebook ([] when sound)."""
    folder = paths.SOLUTIONS_DIR / module
    notebooks = sorted(folder.glob("*.ipynb")) if folder.is_dir() else []
    if len(notebooks) != 1:
        return [f"solutions/{module}/ must hold exactly one notebook (found {len(notebooks)})"]
    try:
        key = load_module_key(module)
    except Exception as exc:   # an author's key that does not load is this check's finding, not a crash
        return [f"grading/keys/{module}: a key.py does not load: {type(exc).__name__}: {exc}"]
    if not key:
        return [f"grading/keys/{module}: no exercises (each scenario folder needs a key.py with EXERCISES)"]
    registered = scenarios.all_scenarios()
    problems = []
    names = sorted({ex.scenario for ex in key.values()})
    for name in names:
        scenario = registered.get(name)
        package = paths.PACKAGE_DIR / "scenarios" / name
        files = _files_of(package) + _files_of(paths.module_keys_dir(module) / name)
        if scenario is not None:
            files.append(folder / scenario.snippet)
        for path in files:
            if path.suffix in {".py", ".txt", ".md"} and path.is_file():
                problems += placeholders(path)
    for exercise in key.values():
        problems += _exercise_problems(module, exercise, registered)
    problems += _notebook_problems(module, notebooks[0], key)
    return problems
