"""`python -m course new-scenario MODULE NAME --kind tests|findings|fix|full`: a new scenario's three places.

A scenario lives in three places (README, "Layout"): the snippet beside the module's solution notebook
(solutions/MODULE/), its public package (course/scenarios/NAME/: metadata, the trusted fixtures, the
assistant's tests) and its key (grading/keys/MODULE/NAME/, or under COURSE_KEYS_DIR). This writes all three from the templates beside
this file, plus the answer and score cells in the solution notebook. Every file is a small worked example
(an average that divides by zero on an empty list) with `# FILL IN:` lines saying what to replace;
`python -m course check-keys MODULE` (course.authoring.keycheck) names every one still there.
"""
from __future__ import annotations

import keyword
from pathlib import Path
import string

import nbformat

from course import paths

TEMPLATES = Path(__file__).resolve().parent / "templates"
KINDS = {"tests": ("tests",), "findings": ("findings",), "fix": ("fix",), "full": ("tests", "findings", "fix")}
PLACEHOLDER = "FILL IN"
POINTS = {"tests": 2, "findings": 2, "fix": 2}

# key folder file -> template, per exercise kind
_KEY_FILES = {
    "tests": {"wheat_guarded.py": "wheat_guarded.py.tmpl", "wheat_integer.py": "wheat_integer.py.tmpl",
              "chaff_empty_list.py": "chaff_empty_list.py.tmpl"},
    "findings": {},
    "fix": {"fix.py": "fix.py.tmpl", "test_fix_hidden.py": "test_fix_hidden.py.tmpl"},
}
_SOLUTIONS = {
    "tests": ("def test_no_prices_average_to_zero({imp}):\n    assert {imp}.average_cents([]) == 0\n\n\n"
              "def test_average_of_two_prices({imp}):\n    assert {imp}.average_cents([100, 300]) == 200"),
    "findings": ('[\n    {{"lines": (8, 8), "category": "edge-case",\n'
                 '     "why": "no prices divides by zero; the spec says 0"}},\n]'),
}


class ScaffoldError(ValueError):
    """The scenario cannot be created as asked (the message says why and what to do)."""


def _plain_identifier(text: str) -> bool:
    """An ASCII identifier that is not a keyword: usable as a package, a module and a fixture name."""
    return text.isascii() and text.isidentifier() and not keyword.iskeyword(text)


def _render(template: str, values: dict[str, str]) -> str:
    return string.Template((TEMPLATES / template).read_text(encoding="utf-8")).substitute(values)


def _notebook(module: str) -> Path:
    folder = paths.SOLUTIONS_DIR / module
    notebooks = sorted(folder.glob("*.ipynb")) if folder.is_dir() else []
    if len(notebooks) != 1:
        raise ScaffoldError(f"solutions/{module}/ must hold exactly one notebook (found {len(notebooks)}); "
                            "a new module starts as solutions/NN-slug/NN-slug.ipynb")
    return notebooks[0]


def _cells(name: str, import_name: str, kinds: tuple[str, ...], fix_source: str) -> list:
    """The answer and score cells for each exercise, after one note that says where they belong."""
    note = nbformat.v4.new_markdown_cell(
        f"{PLACEHOLDER}: the answer and score cells of scenario `{name}`, added by `new-scenario`. Move each pair to "
        "its step of the module (handbook section 3), write the step's text around it, then delete this cell.",
        id=f"{name}_scaffold_note")
    note.metadata["nbgrader"] = {"grade": False, "grade_id": f"{name}_scaffold_note", "locked": True,
                                 "schema_version": 3, "solution": False, "task": False}
    cells = [note]
    for kind in kinds:
        exercise = f"{name}_{kind}"
        body = fix_source.rstrip() if kind == "fix" else _SOLUTIONS[kind].format(imp=import_name)
        answer = nbformat.v4.new_code_cell(f"%%{kind} {name}\n### BEGIN SOLUTION\n{body}\n### END SOLUTION",
                                           id=exercise)
        answer.metadata["nbgrader"] = {"grade": False, "grade_id": exercise, "locked": False,
                                       "schema_version": 3, "solution": True, "task": False}
        score = nbformat.v4.new_code_cell(f'score("{exercise}")', id=f"{exercise}_score")
        score.metadata["nbgrader"] = {"grade": True, "grade_id": f"{exercise}_score", "locked": True,
                                      "points": POINTS[kind], "schema_version": 3, "solution": False, "task": False}
        cells += [answer, score]
    return cells


def new_scenario(module: str, name: str, kind: str, *, snippet: str | None = None,
                 title: str = "") -> list[Path]:
    """Create the scenario's files and notebook cells; return every path written. Nothing is overwritten."""
    if kind not in KINDS:
        raise ScaffoldError(f"--kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if not _plain_identifier(name) or name.startswith("_") or name != name.lower():
        raise ScaffoldError(f"scenario name {name!r} must be a lowercase Python identifier, ASCII and not a "
                            "keyword (it prefixes grade ids and names a package)")
    notebook = _notebook(module)
    snippet = snippet or f"{name}.py"
    import_name = Path(snippet).stem
    if Path(snippet).name != snippet or Path(snippet).suffix != ".py" or not _plain_identifier(import_name):
        raise ScaffoldError(f"--snippet {snippet!r} must be a file name (no folder) ending in .py, whose stem is an "
                            "ASCII Python identifier and not a keyword (it is the import path and the fixture's name)")
    targets = {
        paths.SOLUTIONS_DIR / module / snippet: "snippet.py.tmpl",
        paths.PACKAGE_DIR / "scenarios" / name / "__init__.py": "scenario_init.py.tmpl",
        paths.PACKAGE_DIR / "scenarios" / name / "fixtures.py": "fixtures.py.tmpl",
        paths.PACKAGE_DIR / "scenarios" / name / "assistant_tests.py": "assistant_tests.py.tmpl",
    }
    key_dir = paths.module_keys_dir(module) / name
    kinds = KINDS[kind]
    for k in kinds:
        targets.update({key_dir / file: template for file, template in _KEY_FILES[k].items()})
    existing = [p for p in [*targets, key_dir / "key.py", paths.PACKAGE_DIR / "scenarios" / name] if p.exists()]
    if existing:
        raise ScaffoldError("already there (scenario names are global across modules): "
                            + ", ".join(str(p.relative_to(paths.REPO_ROOT)) for p in existing))
    values = {"name": name, "module": module, "snippet": snippet, "import_name": import_name,
              "title": title or f"{PLACEHOLDER}: a title for {name}",
              "facade": "".join(part.capitalize() for part in import_name.split("_")) or "Code"}
    written = []
    for path, template in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_render(template, values), encoding="utf-8")
        written.append(path)
    key = _render("key_header.py.tmpl", values) + "".join(_render(f"key_{k}.py.tmpl", values) for k in kinds) + "]\n"
    key_dir.mkdir(parents=True, exist_ok=True)
    (key_dir / "key.py").write_text(key, encoding="utf-8")
    written.append(key_dir / "key.py")
    fix_source = _render("fix.py.tmpl", values)
    nb = nbformat.read(str(notebook), as_version=4)
    nb.cells.extend(_cells(name, import_name, kinds, fix_source))
    nbformat.write(nb, str(notebook))
    written.append(notebook)
    return written
