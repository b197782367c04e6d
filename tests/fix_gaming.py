"""Fixes that game the hidden tests instead of fixing the code, built from any module's key (handbook 5.5).

A red team passed hidden fix tests with the assistant's snippet unchanged, twice:
- `always_equal(snippet)`: every value the snippet's public functions and methods return becomes an
  object of a subclass of the real value's type whose `__eq__` is always true (its hash, printing,
  arithmetic and `isinstance` are the real value's), so `result == expected` holds for any answer;
- `test_detecting(snippet, reference)`: the reference fix where the code sees signs of a test run (a
  loopback address among its arguments, pytest's log capture on the root logger or its warnings
  filters, a working folder under a temporary directory, the judge's own threads by name or number, small pids,
  the race driver's connection and its settings, test doubles by their printed names and modules or by the
  exceptions they raise, an in-memory database, a sleep that is not the builtin), the snippet everywhere
  else. `DETECTORS` names each sign; tests/test_fix_gaming.py says which are closed and why the others are not.
Both are written from the sources alone (a syntax-tree rewrite), so every module's FixExercise gets
them, new ones included; both stay within the fix policy, so the judge runs them. `always_equal(x,
same=False)` and `test_detecting(..., forced=True)` are the controls: the same rewrite with the trick
switched off, which must give the honest score.
"""
from __future__ import annotations

import ast
import textwrap

SAME = '''
def _same(value):
    """`value` as an object that equals everything, otherwise behaving as `value` does."""
    kind = type(value)
    if value is None or kind is bool:
        return value
    if kind in (list, tuple):
        value = kind(_same(item) for item in value)
    elif kind is dict:
        value = {key: _same(item) for key, item in value.items()}
    try:   # a class statement: the fix policy refuses classes built by type() from a dict
        class Same(kind):
            def __eq__(self, other):
                return True

            def __ne__(self, other):
                return False

            __hash__ = kind.__hash__
        Same.__name__ = "Same" + kind.__name__
        return Same(value)
    except TypeError:
        return value
'''
IDENTITY = '''
def _same(value):
    return value
'''

DETECTORS = {
    "loopback address": '''
def _loopback(args, kwargs):
    return any(isinstance(v, str) and ("127.0.0.1" in v or "localhost" in v or "[::1]" in v)
               for v in list(args) + list(kwargs.values()))
''',
    "pytest log capture": '''
def _pytest_logging(args, kwargs):
    import logging
    return any("Capture" in type(h).__name__ or "LiveLogging" in type(h).__name__
               for h in logging.getLogger().handlers)
''',
    "pytest warnings filters": '''
def _pytest_warnings(args, kwargs):
    import warnings
    return any(f[0] == "always" and f[2] is DeprecationWarning for f in warnings.filters)
''',
    "judge's thread names": '''
def _judge_threads(args, kwargs):
    import threading
    return any(t.name.startswith(("bridge-", "race-worker", "fault-service")) or "(_" in t.name
               for t in threading.enumerate())
''',
    "fixture database folder": '''
def _fixture_database(args, kwargs):
    import sqlite3
    for value in list(args) + list(kwargs.values()):
        if isinstance(value, sqlite3.Connection):
            try:
                for row in value.execute("PRAGMA database_list").fetchall():
                    if (row[2] or "").startswith(("/tmp/", "/var/tmp/", "/dev/shm/")) or "judge" in (row[2] or ""):
                        return True
            except sqlite3.Error:
                pass
    return False
''',
    "in-memory database": '''
def _in_memory_database(args, kwargs):
    import sqlite3
    for value in list(args) + list(kwargs.values()):
        if isinstance(value, sqlite3.Connection):
            try:
                if value.execute("PRAGMA database_list").fetchone()[2] == "":
                    return True
            except sqlite3.Error:
                pass
    return False
''',
    "patched time.sleep": '''
def _patched_sleep(args, kwargs):
    import time
    return type(time.sleep).__name__ != "builtin_function_or_method"
''',
    "small pid": '''
def _small_pid(args, kwargs):
    import logging
    return logging.makeLogRecord({}).process < 100
''',
    # the same sign where the judge runs cold (plain bubblewrap, COURSE_JUDGE_WARM=off or after a warm fault)
    "small pid, cold run": '''
def _small_pid(args, kwargs):
    import logging
    return logging.makeLogRecord({}).process < 100
''',
    "race connection proxy": '''
def _race_proxy(args, kwargs):
    import sqlite3
    for v in list(args) + list(kwargs.values()):
        if type(v).__name__.endswith(("Proxy", "Connection")) and not isinstance(v, sqlite3.Connection):
            return True
        if isinstance(v, sqlite3.Connection) and (type(v).__name__ != "Connection" or "sqlite3.Connection" not in repr(v)
                                                  or not isinstance(v.cursor(), sqlite3.Cursor)):
            return True
    return False
''',
    # what a worker's connection is set to or opened on inside race(), against a plain test's connection
    "race fsync setting": '''
def _race_fsync(args, kwargs):
    import sqlite3
    for v in list(args) + list(kwargs.values()):
        if isinstance(v, sqlite3.Connection):
            try:
                if v.execute("SELECT synchronous FROM pragma_synchronous").fetchone()[0] == 0:
                    return True
            except sqlite3.Error:
                pass
    return False
''',
    "race busy timeout": '''
def _race_busy(args, kwargs):
    import sqlite3
    for v in list(args) + list(kwargs.values()):
        if isinstance(v, sqlite3.Connection):
            try:
                if v.execute("SELECT * FROM pragma_busy_timeout").fetchone()[0] == 0:
                    return True
            except sqlite3.Error:
                pass
    return False
''',
    "race world file": '''
def _race_world(args, kwargs):
    import sqlite3
    for v in list(args) + list(kwargs.values()):
        if isinstance(v, sqlite3.Connection):
            try:
                path = v.execute("PRAGMA database_list").fetchone()[2] or ""
            except sqlite3.Error:
                continue
            if "world-" in path:
                return True
    return False
''',
    # the shape of the process around the call (red team, 2026-12, found last): the judge's own threads
    "not the main thread": '''
def _not_main(args, kwargs):
    import threading
    return threading.current_thread() is not threading.main_thread()
''',
    "thread count": '''
def _thread_count(args, kwargs):
    import threading
    return threading.active_count() > 2
''',
    "race connection type": '''
def _race_type(args, kwargs):
    import sqlite3
    return any(isinstance(v, sqlite3.Connection) and type(v) is not sqlite3.Connection
               for v in list(args) + list(kwargs.values()))
''',
    "temporary folder argument": '''
def _temporary_argument(args, kwargs):
    return any(isinstance(v, str) and v.startswith(("/tmp/", "/var/tmp/", "/dev/shm/"))
               for v in list(args) + list(kwargs.values()))
''',
    "race refuses own connections": '''
def _own_connection_refused(args, kwargs):
    import sqlite3
    try:
        sqlite3.connect(":memory:").close()
    except PermissionError:
        return True
    return False
''',
    # the fixtures' objects handed to the fix (red team, 2026-12: not attacked before): their printed names and
    # modules, an in-memory database where production's is a file, a sleep that is not time.sleep
    "test doubles' names": '''
def _double_names(args, kwargs):
    text = " ".join(repr(v) + " " + repr(type(v)) for v in list(args) + list(kwargs.values()))
    return any(word in text for word in ("Fake", "fake", "Scripted", "scripted", "Mock", "mock", "Stub", "stub"))
''',
    "test doubles' modules": '''
def _double_modules(args, kwargs):
    text = " ".join(repr(v) + " " + repr(type(v)) for v in list(args) + list(kwargs.values()))
    return any(word in text for word in ("course.", "scenarios.", "fixtures", "<locals>"))
''',
    # an exception a fixture raises into the fix, as an oracle: module 02's pool, drained until it raises PoolExhausted
    "exception classes' modules": '''
def _exception_modules(args, kwargs):
    for v in list(args) + list(kwargs.values()):
        acquire, release = getattr(v, "acquire", None), getattr(v, "release", None)
        if callable(acquire) and callable(release) and hasattr(v, "in_use"):
            taken = []
            try:
                for _ in range(64):
                    taken.append(acquire())
            except Exception as exc:
                return any(word in repr(type(exc)) for word in ("course.", "scenarios.", "fixtures", "Fake"))
            finally:
                for conn in reversed(taken):
                    release(conn)
    return False
''',
    "injected sleep": '''
def _injected_sleep(args, kwargs):
    import time
    sleep = kwargs.get("sleep")
    return sleep is not None and sleep is not time.sleep and type(sleep).__name__ != "builtin_function_or_method"
''',
    "temporary working folder": '''
def _temporary_cwd(args, kwargs):
    import sqlite3
    try:
        probe = sqlite3.connect("_where.sqlite3")
        folder = probe.execute("PRAGMA database_list").fetchone()[2]
        probe.close()
    except Exception:   # refused inside race() (PermissionError): a detector of its own, not this one
        return False
    return folder.startswith(("/tmp/", "/var/tmp/", "/dev/shm/"))
''',
    # the module a race() worker runs is a fresh copy of the fix, loaded under the driver's name for it
    # (course.kits.race.fresh_copy: `_race_<stem>_<n>`): its `__name__`, an allowed dunder, and every class's repr
    "race module copy": '''
def _race_copy(args, kwargs):
    return __name__.startswith("_race_")
''',
    # the same copies, counted: a module is loaded once per production process, but the judge loads a fresh copy for
    # every race() worker of every interleaving and for every test of course.sandboxed.fresh_module's fixtures, and
    # process-wide state (here a logger's level, one of many) outlives each copy
    "module loaded again": '''
def _loaded_again(args, kwargs):
    return _LOADS.level > 1


import logging as _logging
_LOADS = _logging.getLogger("app.loads")
_LOADS.setLevel(_LOADS.level + 1)
''',
    # logging's "{" style runs str.format on its template with the record's values: a template walks from a function
    # to its module's globals, `sys` among them, and reads sys.modules as text, where the judge's host is. The fix
    # policy refuses `style="{"` and the style by position; these two spellings are within it (red team, 2026-12)
    "brace template by keywords": """
def _brace_by_keywords(args, kwargs):
    import logging
    record = logging.makeLogRecord({"msg": logging.getLogger})
    try:
        text = logging.Formatter("{msg.__globals__[sys].modules}", **{"style": "{"}).formatMessage(record)
    except ValueError:
        return False
    return "course.sandboxed" in text
""",
    "brace template by a subclass": """
def _brace_by_subclass(args, kwargs):
    import logging

    class Brace(logging.Formatter):
        def __init__(self, template):
            super().__init__(template, None, "{")
    record = logging.makeLogRecord({"msg": logging.getLogger})
    try:
        text = Brace("{msg.__globals__[sys].modules}").formatMessage(record)
    except ValueError:
        return False
    return "course.sandboxed" in text
""",
    # the judge's threads in the implementation's process: each one's target is the judge's function (the race pool's
    # loop, the bridge's reader and chain servers); the policy refuses `threading.current_thread()._target`, not a
    # loop variable's
    "thread targets": """
def _thread_targets(args, kwargs):
    import threading
    for thread in threading.enumerate():
        if "_loop" in repr(getattr(thread, "_target", None)):
            return True
    return False
""",
    # the call stack above the fix is the judge's: a log record's stack_info shows its frames. The fix policy refuses
    # the keywords that ask for it (and warnings' stack level by every spelling); a method alias given a computed
    # keyword is past it
    "stack info by a computed keyword": """
def _stack_by_alias(args, kwargs):
    import logging
    seen = []

    class Keep(logging.Handler):
        def emit(self, record):
            seen.append(record.stack_info or "")
    log = logging.getLogger("app.audit")
    handler = Keep()
    log.addHandler(handler)
    log.propagate = False
    emit = log.warning
    emit("probe", **{"stack" + "_info": True})
    log.removeHandler(handler)
    return "course" in " ".join(seen)
""",
    # red team, 2026-12: in asyncio's debug mode an unawaited coroutine's RuntimeWarning lists its origin, the stack
    # that created it (the callers' frames: the judge's). asyncio's direct stack readers (format_helpers.extract_stack,
    # a task's get_stack and print_stack) are refused by name (tests/test_fix_gaming.py, the refused probes); debug mode
    # by `asyncio.run(..., debug=True)` is a keyword no name rule sees as a stack reader
    "caller stack in a coroutine's origin": """
def _stack_by_origin(args, kwargs):
    import asyncio
    import warnings
    seen = []

    async def nothing():
        return None

    async def look():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            nothing()
            seen.extend(str(w.message) for w in caught)
    asyncio.run(look(), debug=True)
    return "course" in " ".join(seen)
""",
    # red team, 2026-12: the frames BELOW a fix are the judge's too where it calls the fixtures' objects: an error raised
    # through the race driver's connection carries course/kits/race.py in its traceback, which logging formats as text
    # (production's sqlite3 raises from C, with no Python frame below the caller)
    "judge's frames in an error's traceback": """
def _frames_below(args, kwargs):
    import logging
    import sqlite3
    seen = []

    class Keep(logging.Handler):
        def emit(self, record):
            seen.append(logging.Formatter().formatException(record.exc_info))
    log = logging.getLogger("app.errors")
    handler = Keep()
    log.addHandler(handler)
    log.propagate = False
    for value in list(args) + list(kwargs.values()):
        if isinstance(value, sqlite3.Connection):
            try:
                value.execute("SELECT no_such_column FROM sqlite_master")
            except sqlite3.Error:
                log.exception("probe")
    log.removeHandler(handler)
    return "course" in " ".join(seen)
""",
}
# the same sign, open in cold runs only (tests/test_fix_gaming.py lists it apart)
DETECTORS["race fsync setting, cold run"] = DETECTORS["race fsync setting"]


# A snippet the fix policy refuses is refused in every rewrite, which proves nothing about its logic. Its logic
# rewritten within the policy gets the same gaming checks (tests/test_fix_gaming.py). Module 07's download handler
# uses os and open(); here it is with pathlib and posixpath, line for line.
WITHIN_POLICY = {
    "download_fix": '''from pathlib import Path
import posixpath


def read_download(root: str, requested: str) -> bytes:
    requested = requested.replace("../", "")
    path = posixpath.normpath(posixpath.join(root, requested))
    if not path.startswith(root):
        raise FileNotFoundError(requested)
    if not Path(path).is_file():
        raise FileNotFoundError(requested)
    return Path(path).read_bytes()
''',
}


def _future_split(source: str) -> tuple[list[ast.stmt], list[ast.stmt]]:
    tree = ast.parse(source)
    future = [s for s in tree.body if isinstance(s, ast.ImportFrom) and s.module == "__future__"]
    return future, [s for s in tree.body if s not in future]


def _public(name: str) -> bool:
    return not name.startswith("_")


class _WrapReturns(ast.NodeTransformer):
    """`return x` -> `return _same(x)` in one function body (not in functions nested in it)."""

    def visit_Return(self, node: ast.Return) -> ast.Return:
        if node.value is None:
            return node
        return ast.copy_location(ast.Return(ast.Call(ast.Name("_same", ast.Load()), [node.value], [])), node)

    def visit_FunctionDef(self, node):   # nested: left alone
        return node

    visit_AsyncFunctionDef = visit_FunctionDef
    visit_Lambda = visit_ClassDef = visit_FunctionDef


def _wrap_function(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
    fn.body = [_WrapReturns().visit(stmt) for stmt in fn.body]


def always_equal(snippet: str, same: bool = True) -> str:
    """The snippet, every public function's and public method's return value made always-equal."""
    future, body = _future_split(snippet)
    for stmt in body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and _public(stmt.name):
            _wrap_function(stmt)
        elif isinstance(stmt, ast.ClassDef) and _public(stmt.name):
            for member in stmt.body:
                if isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef)) and _public(member.name):
                    _wrap_function(member)
    tree = ast.Module(future + ast.parse(SAME if same else IDENTITY).body + body, [])
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


def _defined(body: list[ast.stmt]) -> dict[str, ast.stmt]:
    """Top-level names a module defines itself (functions, classes, assignments), not imports."""
    names: dict[str, ast.stmt] = {}
    for stmt in body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names[stmt.name] = stmt
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
            for target in (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]):
                if isinstance(target, ast.Name):
                    names[target.id] = stmt
    return names


def _exception_class(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.ClassDef) and any(
        isinstance(b, ast.Name) and (b.id.endswith(("Error", "Exception")) or b.id == "Exception") for b in stmt.bases)


class _Rename(ast.NodeTransformer):
    def __init__(self, mapping: dict[str, str], top: list[ast.stmt]):
        self.mapping, self.top = mapping, {id(s) for s in top}

    def visit_Name(self, node: ast.Name) -> ast.Name:
        node.id = self.mapping.get(node.id, node.id)
        return node

    def visit_arg(self, node: ast.arg) -> ast.arg:
        if node.annotation is not None:
            node.annotation = self.visit(node.annotation)
        return node

    def visit_Global(self, node: ast.Global) -> ast.Global:
        node.names = [self.mapping.get(n, n) for n in node.names]
        return node

    def _define(self, node):
        if id(node) in self.top:
            node.name = self.mapping.get(node.name, node.name)
        return self.generic_visit(node)

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _define


def test_detecting(snippet: str, reference: str, detectors: tuple[str, ...] = tuple(DETECTORS),
                   forced: bool = False) -> str:
    """One module: the reference's behaviour when a detector fires on a call (or always, `forced`),
    the snippet's otherwise. Exception classes are the reference's for both, so either raises the same."""
    fut_s, snip = _future_split(snippet)
    fut_r, ref = _future_split(reference)
    snip_names, ref_names = _defined(snip), _defined(ref)
    shared_errors = {n for n in ref_names if _exception_class(ref_names[n])}
    ref_map = {n: f"_ref_{n}" for n in ref_names}
    snip_map = {n: (ref_map[n] if n in shared_errors else f"_snip_{n}") for n in snip_names}
    ref = [_Rename(ref_map, ref).visit(s) for s in ref]
    snip = [_Rename(snip_map, snip).visit(s) for s in snip
            if not (isinstance(s, ast.ClassDef) and s.name in shared_errors)]
    checks = [name for d in detectors for name in [ast.parse(DETECTORS[d]).body[0].name]]
    condition = "True" if forced else " or ".join(f"{c}(args, kwargs)" for c in checks) or "False"
    dispatch = []
    for name in sorted(set(snip_names) | set(ref_names)):
        if not _public(name):
            continue
        if name in shared_errors:
            dispatch.append(f"{name} = {ref_map[name]}")
        elif name in snip_names and name in ref_names and isinstance(
                ref_names[name], (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            dispatch.append(textwrap.dedent(f"""
                def {name}(*args, **kwargs):
                    if {condition}:
                        return {ref_map[name]}(*args, **kwargs)
                    return {snip_map[name]}(*args, **kwargs)
                """))
        else:
            dispatch.append(f"{name} = {ref_map.get(name) or snip_map[name]}")
    detector_code = [] if forced else [stmt for d in detectors for stmt in ast.parse(DETECTORS[d]).body]
    future = {ast.unparse(s): s for s in fut_s + fut_r}
    tree = ast.Module(list(future.values()) + detector_code + ref + snip + ast.parse("\n".join(dispatch)).body, [])
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"
test_detecting.__test__ = False   # type: ignore[attr-defined]   (not a pytest test)
