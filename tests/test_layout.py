"""The layout holds the trust line: what runs in a sandbox beside learner code never imports the trusted side.

The sandbox side is every module a sandboxed run can load: the runner's in-sandbox package (course.sandboxed),
the kits, each scenario's fixtures and assistant tests, and the key files the runner copies into a run (wheats,
chaffs, reference tests, hidden fix tests: everything in grading/keys but the key.py the judge reads). The
trusted side is every other package of course/ (course.paths.trusted_packages: judge, nbgrader, cohort, notebook,
authoring, ...), which the sandbox also hides (tests/test_sandbox.py). The graph is read from the syntax tree, so
an import inside a function counts too: it would run in the sandbox just the same.
"""
from __future__ import annotations

import ast
from pathlib import Path

from course import paths, scenarios

TOP_LEVEL_BUDGET = 10   # issue 12: course/*.py is entry points and a few shared one-job modules


def module_name(path: Path, root: Path) -> str | None:
    """The dotted name of a source file of the `course` package under `root`, or None outside any package."""
    rel = path.relative_to(root).with_suffix("")
    parts = list(rel.parts)
    folder = root
    for part in parts[:-1]:
        folder = folder / part
        if not (folder / "__init__.py").is_file():
            return None     # data folders (practice items, templates) are not modules
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def course_modules(root: Path) -> dict[str, Path]:
    """Every module of the `course` package under `root` (the folder holding course/), by dotted name."""
    found = {}
    for path in sorted((root / "course").rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        name = module_name(path, root)
        if name:
            found[name] = path
    return found


def imported(path: Path, own_name: str, known: dict[str, Path]) -> set[str]:
    """The course modules a file imports (with their parent packages), read from its syntax tree."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = own_name if path.name == "__init__.py" else own_name.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    result = set()
    for name in names:
        parts = name.split(".")
        for i in range(1, len(parts) + 1):
            prefix = ".".join(parts[:i])
            if prefix in known:
                result.add(prefix)
    return result


def sandbox_closure(root: Path, entry_files: list[Path]) -> dict[str, str]:
    """Every course module a sandboxed run can load from `entry_files`, mapped to a module that imports it."""
    known = course_modules(root)
    by_path = {p.resolve(): n for n, p in known.items()}
    reached: dict[str, str] = {}
    todo: list[tuple[str, Path]] = []
    for path in entry_files:
        name = by_path.get(path.resolve(), str(path))
        if name in known:
            reached[name] = "(where a sandboxed run starts)"
        todo.append((name, path))
    seen_files = set()
    while todo:
        name, path = todo.pop()
        if path in seen_files:
            continue
        seen_files.add(path)
        for target in imported(path, name if name in known else "", known):
            if target not in reached:
                reached[target] = name
                todo.append((target, known[target]))
    return reached


def sandbox_entry_files(root: Path, keys: Path) -> list[Path]:
    """What a sandboxed run starts from: the in-sandbox package, the kits, scenario fixtures and assistant
    tests, and every key file the runner copies into a run."""
    course = root / "course"
    files = [p for pkg in ("sandboxed", "kits") for p in sorted((course / pkg).rglob("*.py"))]
    for scenario in sorted((course / "scenarios").iterdir()):
        files += [scenario / f for f in ("__init__.py", "fixtures.py", "assistant_tests.py") if (scenario / f).is_file()]
    files += [p for p in sorted(keys.rglob("*.py")) if p.name != "key.py"]
    return [f for f in files if "__pycache__" not in f.parts]


def trusted_names(root: Path) -> set[str]:
    trusted_dirs = {p.name for p in paths.trusted_packages(root / "course")}
    return {n for n in course_modules(root) if n.count(".") >= 1 and n.split(".")[1] in trusted_dirs}


def violations(root: Path, keys: Path) -> list[str]:
    closure = sandbox_closure(root, sandbox_entry_files(root, keys))
    trusted = trusted_names(root)
    return sorted(f"{closure[name]} imports {name}" for name in closure if name in trusted)


def test_the_sandbox_side_imports_nothing_trusted():
    found = violations(paths.REPO_ROOT, paths.GRADING_DIR / "keys")
    assert found == [], "the sandbox side reaches trusted code:\n" + "\n".join(found)


def test_the_closure_covers_what_runs_in_a_sandbox():
    """The check is about something: every scenario's fixtures, the recorder and the kits are in the closure."""
    closure = sandbox_closure(paths.REPO_ROOT, sandbox_entry_files(paths.REPO_ROOT, paths.GRADING_DIR / "keys"))
    for scenario in scenarios.all_scenarios().values():
        assert scenario.fixtures in closure, scenario.name
    assert {"course.sandboxed", "course.kits.race", "course.paths"} <= set(closure)
    assert trusted_names(paths.REPO_ROOT) >= {"course.judge.engine", "course.nbgrader.judge", "course.notebook"}


def test_a_planted_import_of_the_judge_is_found(tmp_path: Path):
    """A fixture that reaches the judge, even from inside a function, is reported with who imports it."""
    course = tmp_path / "course"
    for folder, files in {
        "": {"__init__.py": "", "paths.py": ""},
        "judge": {"__init__.py": "", "engine.py": "SECRET = 1\n"},
        "sandboxed": {"__init__.py": "", "plumbing.py": "from course import paths\n"},
        "kits": {"__init__.py": ""},
        "scenarios": {"__init__.py": ""},
        "scenarios/shop": {"__init__.py": "", "fixtures.py":
                           "from course.sandboxed import plumbing\ndef helper():\n    from ..judge import engine\n"},
    }.items():
        (course / folder).mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (course / folder / name).write_text(text)
    keys = tmp_path / "keys"
    keys.mkdir()
    assert violations(tmp_path, keys) == []   # `..judge` from course.scenarios.shop is course.scenarios.judge
    (course / "scenarios" / "shop" / "fixtures.py").write_text("def helper():\n    from ...judge import engine\n")
    assert violations(tmp_path, keys) == ["course.scenarios.shop.fixtures imports course.judge",
                                          "course.scenarios.shop.fixtures imports course.judge.engine"]
    (course / "scenarios" / "shop" / "fixtures.py").write_text(
        "from course.sandboxed import plumbing\ndef helper():\n    from course.judge.engine import SECRET\n")
    assert violations(tmp_path, keys) == ["course.scenarios.shop.fixtures imports course.judge",
                                          "course.scenarios.shop.fixtures imports course.judge.engine"]
    (course / "scenarios" / "shop" / "fixtures.py").write_text("")
    (keys / "m" / "s").mkdir(parents=True)
    (keys / "m" / "s" / "test_fix_hidden.py").write_text("import course.judge.engine\n")
    (keys / "m" / "s" / "key.py").write_text("import course.judge.engine\n")   # the judge reads key.py: allowed
    assert violations(tmp_path, keys) == [f"{keys / 'm' / 's' / 'test_fix_hidden.py'} imports course.judge",
                                          f"{keys / 'm' / 's' / 'test_fix_hidden.py'} imports course.judge.engine"]


def test_top_level_holds_only_entry_points_and_shared_modules():
    top = sorted(p.name for p in paths.PACKAGE_DIR.glob("*.py"))
    assert len(top) <= TOP_LEVEL_BUDGET, top
    assert {"__init__.py", "__main__.py", "paths.py", "taxonomy.py"} <= set(top)
    init = ast.parse((paths.PACKAGE_DIR / "__init__.py").read_text())
    assert not any(isinstance(n, (ast.Import, ast.ImportFrom)) for n in ast.walk(init)), \
        "course/__init__.py runs on every import of the runtime, in a sandbox too: it must import nothing"
