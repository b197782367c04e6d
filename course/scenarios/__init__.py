"""Public metadata for each scenario: where the assistant's code lives and how tests reach it.

Nothing here is secret: learners' notebooks use it to run their own tests. Answer keys (wheats,
chaffs, flaws, hidden fix tests) live only under grading/keys/.

Each scenario is a subpackage `course/scenarios/<name>/` whose `__init__.py` defines `SCENARIO`,
with a `fixtures.py` pytest plugin (the trusted conftest) and an `assistant_tests.py` (the
assistant's own tests, revealed after the learner has written theirs).

A scenario whose code under review builds on a codebase of its own (module 04's `house` package)
names that package folder in `support`: it sits beside the snippet in the module folder, so learners
read it and their notebook imports it, and the runner copies it beside the implementation in every
sandboxed run (the sandbox hides the repository, so it cannot be imported from there).
"""
from __future__ import annotations

from dataclasses import dataclass
import importlib
from pathlib import Path
import pkgutil

from course.paths import MODULES_DIR, SOLUTIONS_DIR


@dataclass(frozen=True)
class Scenario:
    name: str            # short id, also the prefix of the notebook's grade ids: <name>_tests, ...
    module: str          # module folder, e.g. "01-concurrent-writes"
    snippet: str         # the assistant's code, a .py file in the module folder
    import_name: str     # the import path every implementation sits at (the snippet's module name)
    title: str = ""
    support: str = ""    # a package folder beside the snippet that every run needs (e.g. "house"), or ""
    files: tuple[str, ...] = ()   # a review of a whole change (module 08): the files under review, by path in
                                  # the module folder; findings then name one of them

    @property
    def fixtures(self) -> str:
        """Dotted name of the trusted pytest plugin that gives tests their fixtures."""
        return f"course.scenarios.{self.name}.fixtures"

    @property
    def assistant_tests(self) -> Path:
        return Path(__file__).resolve().parent / self.name / "assistant_tests.py"

    def snippet_path(self, module_dir: Path | None = None) -> Path:
        """The assistant's code: beside the notebook when running in modules/, else from solutions/."""
        for base in ([module_dir] if module_dir else []) + [MODULES_DIR / self.module, SOLUTIONS_DIR / self.module]:
            candidate = Path(base) / self.snippet
            if candidate.is_file():
                return candidate
        raise FileNotFoundError(f"{self.snippet} not found for scenario {self.name!r}")

    def support_files(self, module_dir: Path | None = None) -> dict[str, str]:
        """The support package's .py files by path relative to the run folder ({} without one).

        Read from the same module folder as the snippet, so the code under review and the codebase
        it builds on always come from one place."""
        if not self.support:
            return {}
        package = self.snippet_path(module_dir).parent / self.support
        files = {f"{self.support}/{p.relative_to(package).as_posix()}": p.read_text(encoding="utf-8")
                 for p in sorted(package.rglob("*.py")) if "__pycache__" not in p.parts}
        if not files:
            raise FileNotFoundError(f"support package {self.support!r} not found beside {self.snippet}")
        return files


def practice_item(name: str, module: str) -> Scenario:
    """A findings-only practice item (a cohort practice set's): its snippet is `<name>.py` in the module folder."""
    return Scenario(name=name, module=module, snippet=f"{name}.py", import_name=name, title=f"practice item: {name}.py")


def all_scenarios() -> dict[str, Scenario]:
    found: dict[str, Scenario] = {}
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.ispkg and not info.name.startswith("_"):   # _selftest and the like are not course content
            mod = importlib.import_module(f"course.scenarios.{info.name}")
            scenario = getattr(mod, "SCENARIO", None)
            if scenario is not None:
                found[scenario.name] = scenario
    return found


def get(name: str) -> Scenario:
    if name.startswith("_"):
        return importlib.import_module(f"course.scenarios.{name}").SCENARIO
    scenarios = all_scenarios()
    if name not in scenarios:
        raise KeyError(f"no scenario {name!r}; known: {', '.join(sorted(scenarios))}")
    return scenarios[name]
