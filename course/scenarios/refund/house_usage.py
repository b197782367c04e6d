"""How the code under test uses the house codebase: the evidence behind the fix's reuse checks and
its import-rule check.

The refund fixtures call `install()` in the test process before any implementation is imported, so
a fix's `from house.money import percent_of` binds the observed function. It observes behaviour,
not source text (implementations may be bytecode only), and only while the code under test runs
(`USAGE.watching()`, entered by the `refund_order` fixture):

- SQL: every statement on a connection from house.repository.connect is traced, marked with
  whether it ran inside a method of OrderRepository (or connect itself); a sqlite3.connect call
  made anywhere else is a raw connection, whose statements no repository ever sees.
- retries: for each payment-provider attempt, whether it ran inside house.retry.call_with_retry.
- money: every value a house.money function returned.
- imports: every import statement the implementation module executes, at its top or inside a
  function (each one calls builtins.__import__; the code policy refuses importlib and __import__
  in a fix), with what it bound.
"""
from __future__ import annotations

import builtins
from contextlib import contextmanager
from dataclasses import dataclass, field
import functools
import inspect
import sqlite3
from types import ModuleType
from typing import Any, Callable, Iterator


@dataclass(frozen=True)
class Import:
    module: str                 # as written: "sqlite3", "house.repository", ...
    names: tuple[str, ...]      # from-import names, () for a plain import
    sqlite3: bool               # it imported sqlite3, or bound something that belongs to it


@dataclass
class Usage:
    statements: list[tuple[str, bool]] = field(default_factory=list)   # (SQL, inside the repository)
    raw_connections: int = 0
    provider_attempts: list[bool] = field(default_factory=list)        # per attempt: inside call_with_retry
    money_results: list[Any] = field(default_factory=list)
    retry_calls: int = 0
    imports: list[Import] = field(default_factory=list)   # for the whole process: a module is imported once

    def reset(self) -> None:
        """Forget what the last test saw (imports stay: they happened once, when the module loaded)."""
        self.statements, self.raw_connections, self.provider_attempts = [], 0, []
        self.money_results, self.retry_calls = [], 0

    # ---- the observer's state
    _watching: int = 0
    _in_repository: int = 0
    _in_retry: int = 0
    import_name: str = ""

    @contextmanager
    def watching(self) -> Iterator[None]:
        """Record what happens inside this block (a call of the code under test)."""
        self._watching += 1
        try:
            yield
        finally:
            self._watching -= 1

    def provider_attempt(self) -> None:
        """Called by the fake provider on every attempt."""
        if self._watching:
            self.provider_attempts.append(self._in_retry > 0)

    # ---- the summaries the hidden tests assert on
    def sql_outside_repository(self) -> list[str]:
        return [sql for sql, inside in self.statements if not inside]

    def sqlite3_imports(self) -> list[Import]:
        return [i for i in self.imports if i.sqlite3]

    def summary(self, module: ModuleType) -> dict[str, Any]:
        """What the hidden tests assert on, as plain values: they run in another process than the code under
        test (course.sandboxed.host), so they get this copy, never the observer itself."""
        return {"raw_connections": self.raw_connections, "statements": len(self.statements),
                "sql_outside_repository": self.sql_outside_repository(),
                "provider_attempts": list(self.provider_attempts),
                "money_results": [r for r in self.money_results if type(r) is int],
                "imports": len(self.imports), "sqlite3_imports": [i.module for i in self.sqlite3_imports()],
                "sqlite3_in_namespace": sqlite3_in_namespace(module)}


USAGE = Usage()
_installed = False


def belongs_to_sqlite3(value: Any) -> bool:
    """The sqlite3 module itself, or a class or function defined by it (sqlite3.connect, sqlite3.Row, ...)."""
    if isinstance(value, ModuleType):
        return value.__name__.split(".")[0] in ("sqlite3", "_sqlite3")
    return getattr(value, "__module__", None) in ("sqlite3", "_sqlite3", "sqlite3.dbapi2")


def sqlite3_in_namespace(module: ModuleType) -> list[str]:
    """Names in a module's globals that are bound to sqlite3 or something of it."""
    return sorted(name for name, value in vars(module).items() if belongs_to_sqlite3(value))


def install(import_name: str) -> Usage:
    """Observe the house codebase (imported from the path) and the module `import_name`. Idempotent."""
    global _installed
    if _installed:
        return USAGE
    from house import money, repository, retry

    USAGE.import_name = import_name
    for name, value in list(vars(repository.OrderRepository).items()):
        if inspect.isfunction(value) and not name.startswith("_"):
            setattr(repository.OrderRepository, name, _counting("_in_repository", value))
    house_connect = _counting("_in_repository", repository.connect)

    @functools.wraps(repository.connect)
    def traced_connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = house_connect(*args, **kwargs)
        conn.set_trace_callback(_statement)
        return conn
    repository.connect = traced_connect

    raw_connect = sqlite3.connect

    @functools.wraps(raw_connect)
    def observed_connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        if USAGE._watching and not USAGE._in_repository:
            USAGE.raw_connections += 1
        return raw_connect(*args, **kwargs)
    sqlite3.connect = observed_connect

    retry.call_with_retry = _counting("_in_retry", retry.call_with_retry, on_call=_retry_called)
    for name, value in list(vars(money).items()):
        if inspect.isfunction(value) and value.__module__ == money.__name__ and not name.startswith("_"):
            setattr(money, name, _recording_result(value))

    real_import = builtins.__import__

    def observed_import(name: str, globals: dict | None = None, locals: Any = None,
                        fromlist: tuple = (), level: int = 0) -> Any:
        module = real_import(name, globals, locals, fromlist, level)
        if isinstance(globals, dict) and globals.get("__name__") == USAGE.import_name:
            names = tuple(n for n in (fromlist or ()) if isinstance(n, str))
            bound = [getattr(module, n, None) for n in names if n != "*"] or [module]
            touches = name.split(".")[0] in ("sqlite3", "_sqlite3") or any(belongs_to_sqlite3(b) for b in bound)
            USAGE.imports.append(Import(name, names, touches))
        return module
    builtins.__import__ = observed_import
    _installed = True
    return USAGE


def _statement(sql: str) -> None:
    if USAGE._watching:
        USAGE.statements.append((sql, USAGE._in_repository > 0))


def _retry_called() -> None:
    if USAGE._watching:
        USAGE.retry_calls += 1


def _counting(depth: str, function: Callable, on_call: Callable[[], None] | None = None) -> Callable:
    """`function`, keeping USAGE.<depth> above 0 while it runs."""
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if on_call is not None:
            on_call()
        setattr(USAGE, depth, getattr(USAGE, depth) + 1)
        try:
            return function(*args, **kwargs)
        finally:
            setattr(USAGE, depth, getattr(USAGE, depth) - 1)
    return wrapper


def _recording_result(function: Callable) -> Callable:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        if USAGE._watching:
            USAGE.money_results.append(result)
        return result
    return wrapper
