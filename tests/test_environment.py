"""environment.yml and pyproject.toml pin the same packages at the same versions."""
import re
import tomllib

from course.paths import REPO_ROOT


def pins(lines):
    return dict(re.match(r"^\s*([A-Za-z0-9_.\-]+)==([^\s;]+)", line).groups() for line in lines
                if re.match(r"^\s*[A-Za-z0-9_.\-]+==", line))


def test_conda_and_pip_pins_agree():
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    from_pyproject = pins(project["dependencies"])
    env_lines = [l.strip().lstrip("-").strip() for l in (REPO_ROOT / "environment.yml").read_text().splitlines()]
    from_conda = pins(env_lines)
    assert from_pyproject, "pyproject.toml pins nothing"
    assert from_conda == from_pyproject


def test_required_packages_are_pinned():
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    names = {n.lower() for n in pins(project["dependencies"])}
    assert {"jupyterlab", "ipywidgets", "nbgrader", "pandas", "matplotlib", "pytest", "nbval"} <= names


def test_importing_nbformat_builds_no_grammars():
    """Every nbgrader command, notebook kernel and `course check` imports nbformat, hence jsonschema: with the
    rfc3987-syntax package installed (newer jsonschema's format-nongpl extra; 4.26.0 measured) that import compiles 39 lark
    grammars, 2 s of CPU per process. The pin keeps it out; counted by module, not timed."""
    import subprocess
    import sys
    probe = "import sys, nbformat; print(sorted(m for m in ('rfc3987_syntax', 'lark') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", f"importing nbformat loaded {out.strip()}: check the jsonschema pin"
