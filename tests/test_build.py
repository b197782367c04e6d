"""modules/ is exactly what nbgrader generates from solutions/, and carries no solution or key."""
import filecmp
import json
from pathlib import Path

import pytest

from course.authoring.build import generate_release, module_names, self_study_names
from course.judge.attempts import FILE_NAME
from course.paths import GRADING_DIR, LEARNER_DIR, MODULES_DIR, SOLUTIONS_DIR

MODULES = module_names()
BUILT = sorted(MODULES + self_study_names())   # modules/ also holds the self-study folders


def files(root: Path) -> set[str]:
    """The folder's files, without what working in it leaves behind (checkpoints, bytecode, the self-check
    attempts file course.judge.attempts writes beside a notebook, which git ignores too)."""
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()
            and ".ipynb_checkpoints" not in p.parts and "__pycache__" not in p.parts and p.name != FILE_NAME}


def normalised(path: Path) -> dict:
    return json.loads(path.read_text())


def test_there_are_modules():
    assert {"00-start-here", "01-concurrent-writes"} <= set(MODULES)
    # the learner's own folder (catalog, cheat sheet) may sit beside the modules in a clone that ran them
    assert sorted(p.name for p in MODULES_DIR.iterdir() if p.is_dir() and p != LEARNER_DIR) == BUILT


@pytest.mark.slow
@pytest.mark.parametrize("module", BUILT)
def test_modules_are_not_stale(module, tmp_path):
    fresh = generate_release(module, tmp_path)
    assert files(fresh) == files(MODULES_DIR / module), "run `make build`"
    for name in files(fresh):
        if name.endswith(".ipynb"):
            assert normalised(fresh / name) == normalised(MODULES_DIR / module / name), f"{name} is stale: run `make build`"
        else:
            assert filecmp.cmp(fresh / name, MODULES_DIR / module / name, shallow=False), f"{name} is stale"


@pytest.mark.parametrize("module", BUILT)
def test_solutions_and_modules_differ_only_in_notebooks(module):
    src, rel = SOLUTIONS_DIR / module, MODULES_DIR / module
    assert files(src) == files(rel)
    for name in files(src):
        if not name.endswith(".ipynb"):
            assert filecmp.cmp(src / name, rel / name, shallow=False), f"{name} differs between solutions/ and modules/"


@pytest.mark.parametrize("module", BUILT)
def test_release_notebooks_hold_no_outputs_solutions_or_hidden_tests(module):
    for nb_path in (MODULES_DIR / module).glob("*.ipynb"):
        nb = normalised(nb_path)
        for cell in nb["cells"]:
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            assert "BEGIN SOLUTION" not in source and "END SOLUTION" not in source, nb_path
            assert "BEGIN HIDDEN TESTS" not in source, nb_path
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None, nb_path


def test_no_key_material_ships_in_modules():
    key_texts = {p.read_bytes() for p in (GRADING_DIR / "keys").rglob("*.py")}
    for path in MODULES_DIR.rglob("*"):
        if path.is_file() and LEARNER_DIR not in path.parents:
            assert path.read_bytes() not in key_texts, f"{path} is a copy of a key file"
            assert path.suffix in {".ipynb", ".py", ".md", ".csv", ".txt", ".png"}, path


def test_build_never_removes_the_learners_folder(tmp_path, monkeypatch):
    """`make build` removes stale module folders, but not the learner's catalog beside them."""
    import course.authoring.build as build_module
    mine = tmp_path / LEARNER_DIR.name
    mine.mkdir()
    (mine / "catalog.csv").write_text("added,module,pattern,category,how_to_spot,example\n")
    (tmp_path / "99-gone").mkdir()
    monkeypatch.setattr(build_module, "generate_release", lambda name, dest: dest / name)
    build_module.build(dest=tmp_path)
    assert (mine / "catalog.csv").exists() and not (tmp_path / "99-gone").exists()
