"""The scenario's fixtures, set up and torn down per test without pytest: what the implementation's process serves.

Why: the process that holds the implementation under test (course.sandboxed.host) used to run a pytest session
only to hand out fixtures. That cost a session per run and, worse, put pytest into the process of a learner's fix:
a fix could behave only when pytest is loaded (hostile corpus `c10_test_detector`). Here pytest is never
imported. A scenario's fixtures plugin still says `import pytest` and `@pytest.fixture` (the same file is a pytest
plugin wherever a whole run is one pytest process); while it is imported, `pytest` is a stand-in (`STAND_IN`)
that only marks fixtures, and it is gone from sys.modules before any implementation is imported.

What is kept of pytest's fixture model (everything the scenarios use, and nothing else: a plugin that needs more
fails to load, which is a grader fault, never a silent difference): fixtures by name with dependencies by
parameter name, `name=`, generator fixtures whose code after `yield` is their teardown, `autouse=True`,
`scope="function"` (set up again for each test) and `scope="session"` (once per process, torn down at its end),
the built-in `tmp_path` (a fresh empty folder per test), a fixture's error cached for its scope as pytest does,
teardown in the reverse order of setup, and the plugin's `pytest_configure` / `pytest_unconfigure` hooks.
"""
from __future__ import annotations

from dataclasses import dataclass
import importlib
import inspect
from pathlib import Path
import shutil
import sys
import tempfile
import threading
import types
from typing import Any, Callable

MARK = "_course_fixture"       # set on a fixture function by the stand-in's `fixture`: (name, scope, autouse)
SCOPES = ("session", "function")
BUILTINS = ("tmp_path",)


def fixture(function: Callable | None = None, *, scope: str = "function", autouse: bool = False,
            name: str | None = None, params: Any = None, ids: Any = None) -> Any:
    """`pytest.fixture` as far as the scenarios use it: marks the function, which stays an ordinary function."""
    if params is not None or ids is not None:
        raise TypeError("parametrized fixtures are not served by the judge's host (course.sandboxed.resolver)")
    if scope not in SCOPES:
        raise TypeError(f"fixture scope {scope!r} is not served by the judge's host (only {SCOPES})")

    def mark(fn: Callable) -> Callable:
        setattr(fn, MARK, (name or fn.__name__, scope, bool(autouse)))
        return fn
    return mark(function) if function is not None else mark


class _Config:
    """Stands for pytest.Config in a plugin's hooks (`pytest_configure(config)`): the scenarios never read it."""


def _stand_in() -> types.ModuleType:
    module = types.ModuleType("pytest", "Stand-in for pytest while a scenario's fixtures plugin is imported.")
    module.fixture = fixture   # type: ignore[attr-defined]
    module.Config = _Config    # type: ignore[attr-defined]
    return module


def load_plugin(name: str) -> types.ModuleType:
    """Import the fixtures plugin `name` with the stand-in as `pytest`; afterwards no `pytest` is in sys.modules
    (the plugin keeps its own reference to the stand-in). Raises if pytest itself is already loaded."""
    if "pytest" in sys.modules or "_pytest" in sys.modules:
        raise RuntimeError("pytest is loaded in the implementation's process (it must not be: corpus c10)")
    stand_in = sys.modules["pytest"] = _stand_in()
    try:
        plugin = importlib.import_module(name)
    finally:
        if sys.modules.get("pytest") is stand_in:
            del sys.modules["pytest"]
    if "pytest" in sys.modules or "_pytest" in sys.modules:
        raise RuntimeError(f"the fixtures plugin {name} loads pytest itself (the implementation's process must not)")
    return plugin


@dataclass(frozen=True)
class Spec:
    name: str
    function: Callable[..., Any]
    scope: str
    autouse: bool
    params: tuple[str, ...]   # the fixtures it depends on, by parameter name


def _params(function: Callable[..., Any]) -> tuple[str, ...]:
    """Parameters pytest would fill (positional or keyword-only, without a default), in order."""
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return tuple(p.name for p in inspect.signature(function).parameters.values()
                 if p.kind in kinds and p.default is inspect.Parameter.empty)


def specs(plugin: types.ModuleType) -> dict[str, Spec]:
    """The plugin's fixtures by name, in definition order (a later definition of a name replaces an earlier one).

    Raises LookupError for a dependency no fixture provides, ValueError for a session fixture that depends on a
    function one (pytest's ScopeMismatch): a scenario bug must stop the run, never change it."""
    found: dict[str, Spec] = {}
    for value in vars(plugin).values():
        mark = getattr(value, MARK, None) if callable(value) else None
        if isinstance(mark, tuple) and len(mark) == 3:
            name, scope, autouse = mark
            found.pop(name, None)
            found[name] = Spec(name, value, scope, autouse, _params(value))
    for spec in found.values():
        for dep in spec.params:
            if dep not in found and dep not in BUILTINS:
                raise LookupError(f"fixture {spec.name!r} needs {dep!r}, which no fixture provides")
            if spec.scope == "session" and (dep in BUILTINS or found[dep].scope != "session"):
                raise ValueError(f"session fixture {spec.name!r} depends on function fixture {dep!r}")
    return found


@dataclass
class _Done:
    value: Any = None
    error: BaseException | None = None


class Resolver:
    """Fixture values for one test at a time (begin, value, end), and for the whole process (close)."""

    def __init__(self, plugin: types.ModuleType, data_dir: Path | None = None) -> None:
        """`data_dir`: where tmp_path folders go (the system's temporary folder when None). The host gives its
        working folder: a fixture's database under /tmp/judge-*/test3/ told a fix it was judged (red team)."""
        self.plugin = plugin
        self._data_dir = data_dir
        self.specs = specs(plugin)
        self._cache: dict[str, dict[str, _Done]] = {scope: {} for scope in SCOPES}
        self._teardowns: dict[str, list[tuple[str, Callable[[], None]]]] = {scope: [] for scope in SCOPES}
        self._lock = threading.RLock()
        self._base: Path | None = None
        self._tests = 0
        self._active: set[str] = set()
        self._closed = False

    def configure(self) -> None:
        """The plugin's pytest_configure hook, if any (once, before the first test)."""
        hook = getattr(self.plugin, "pytest_configure", None)
        if callable(hook):
            hook(_Config())

    def begin(self) -> None:
        """A test starts: its autouse fixtures, session-scoped ones first (as pytest orders them)."""
        self._tests += 1
        for scope in SCOPES:
            for spec in self.specs.values():
                if spec.autouse and spec.scope == scope:
                    self.value(spec.name)

    def value(self, name: str) -> Any:
        """The value of fixture `name` for the running test (set up on first request, with its dependencies)."""
        with self._lock:
            if name == "tmp_path":
                return self._tmp_path()
            spec = self.specs[name]
            done = self._cache[spec.scope].get(name)
            if done is None:
                if name in self._active:
                    raise RecursionError(f"fixture {name!r} depends on itself")
                self._active.add(name)
                try:
                    done = self._cache[spec.scope][name] = self._set_up(spec)
                finally:
                    self._active.discard(name)
            if done.error is not None:
                raise done.error
            return done.value

    def _set_up(self, spec: Spec) -> _Done:
        try:
            kwargs = {dep: self.value(dep) for dep in spec.params}
            result = spec.function(**kwargs)
            if inspect.isgenerator(result):
                value = next(result)
                self._teardowns[spec.scope].append((spec.name, lambda gen=result: _finish(gen)))
                return _Done(value)
            return _Done(result)
        except Exception as exc:   # cached for the scope: asking again gives the same error, as in pytest
            return _Done(error=exc)

    def _tmp_path(self) -> Path:
        done = self._cache["function"].get("tmp_path")
        if done is None:
            if self._base is None:   # neutral names: no "judge", no test number, not under /tmp in a judged run
                self._base = Path(tempfile.mkdtemp(prefix="data-", dir=self._data_dir)).resolve()
            folder = Path(tempfile.mkdtemp(prefix="", dir=self._base))
            done = self._cache["function"]["tmp_path"] = _Done(folder)
            self._teardowns["function"].append(("tmp_path", lambda: shutil.rmtree(folder, ignore_errors=True)))
        return done.value

    def end(self, scope: str = "function") -> BaseException | None:
        """Tear down what `scope` set up, in the reverse order; the first teardown error (the rest still run)."""
        with self._lock:
            first: BaseException | None = None
            teardowns = self._teardowns[scope]
            while teardowns:
                _, teardown = teardowns.pop()
                try:
                    teardown()
                except Exception as exc:
                    first = first or exc
            self._cache[scope].clear()
            return first

    def close(self) -> BaseException | None:
        """The process is done: what is still set up torn down, then the plugin's pytest_unconfigure hook (once)."""
        error = self.end("function")
        error = self.end("session") or error
        if self._closed:
            return error
        self._closed = True
        hook = getattr(self.plugin, "pytest_unconfigure", None)
        if callable(hook):
            try:
                hook(_Config())
            except Exception as exc:
                error = error or exc
        if self._base is not None:
            shutil.rmtree(self._base, ignore_errors=True)
        return error


def _finish(gen: Any) -> None:
    """Run a generator fixture's teardown (the code after its yield)."""
    try:
        next(gen)
    except StopIteration:
        return
    raise RuntimeError("fixture function has more than one 'yield'")
