"""What learner code may use, checked statically before the judge runs it (two profiles).

- FIX: a learner's repaired module runs in the implementation's process (PROTOCOL.md, process B), beside the
  scenario's fixtures, the race driver and the fake clock; the hidden tests and the recorder are in another
  process and call it through proxies. What shares its process could tell a fix it is judged, or be tampered
  with (a fixture's observer, the driver's steps). A fix needs no introspection to be right.
- TESTS: learner tests must tell implementations apart by behaviour only. They reach the
  implementation through fixtures, never by importing it, and may not read code objects,
  docstrings, files or other introspection that distinguishes versions without testing them.

Both: ordinary standard-library imports only, by name (no `from x import *`), no dynamic code, no dunder or
frame attributes, no module-valued attributes (`logging.os`), no computed getattr. This is a static screen on top of the
sandbox and the runner's audit hook: it raises the bar; it is not a sandbox by itself.
"""
from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass
import string

from course.judge.pyast import parse

_COMMON_IMPORTS = frozenset({
    "__future__", "abc", "asyncio", "bisect", "collections", "contextlib", "contextvars", "copy", "dataclasses",
    "datetime", "decimal", "enum", "fractions", "functools", "hashlib", "heapq", "hmac", "itertools", "json",
    "logging", "math", "numbers", "random", "re", "secrets", "sqlite3", "statistics", "textwrap",
    "threading", "time", "typing", "uuid", "warnings", "zoneinfo",
})   # not `string` (Formatter.get_field looks up any attribute from text), not `operator`, `types`, `inspect`
FORBIDDEN_CALLS = frozenset({"eval", "exec", "compile", "__import__", "globals", "locals", "vars", "open",
                             "breakpoint", "input", "memoryview", "delattr", "setattr"})
ALLOWED_DUNDERS = frozenset({"__init__", "__name__", "__enter__", "__exit__", "__aenter__", "__aexit__",
                             "__eq__", "__ne__", "__hash__", "__lt__", "__le__", "__gt__", "__ge__", "__repr__",
                             "__str__", "__post_init__", "__iter__", "__next__", "__len__", "__contains__",
                             "__call__", "__slots__", "__all__", "__bool__", "__future__", "__getitem__",
                             # arithmetic and conversions (a Money type): measured, neither sqlite3 3.11 nor the
                             # race driver calls them while a statement binds (int/float/str subclasses are read
                             # by the base type's own slots)
                             "__add__", "__sub__", "__mul__", "__truediv__", "__floordiv__", "__mod__", "__neg__",
                             "__pos__", "__abs__", "__radd__", "__rsub__", "__rmul__", "__int__", "__float__",
                             "__index__", "__round__"})
# stdlib submodules of allowed packages that run any code by name (red team, 2026-12: logging.config's
# BaseConfigurator.resolve imports and looks up any dotted name, `sys.modules` included; dictConfig calls a factory
# named by text; logging.handlers brings pickle, sockets and files), refused to fixes as imports under every spelling
FIX_ONLY_MODULES = frozenset({"logging.config", "logging.handlers"})
FORBIDDEN_ATTRS = frozenset({"_exit", "pluginmanager", "cell_contents", "_getframe", "_current_frames", "f_back", "f_globals", "f_locals", "f_code", "f_builtins",
                             "gi_frame", "gi_code", "cr_frame", "cr_code", "ag_frame", "tb_frame", "tb_next",
                             # module-valued attributes of allowed modules (logging.os, threading.sys, ...)
                             "os", "sys", "subprocess", "builtins", "modules", "gc", "importlib", "ctypes",
                             "posix", "io", "_io", "socket", "pytest", "_pytest", "inspect", "marshal", "dis",
                             "sqlite3",   # house.repository.sqlite3: raw connections past a house's import rule
                             # gadgets that evaluate text or reach frames: format fields, type hints, tracebacks
                             "get_field", "vformat", "format_field", "get_type_hints", "ForwardRef", "_eval_type",
                             "eval", "traceback", "frame", "tb", "importorskip", "register_assert_rewrite",
                             # SQLite callbacks show SQL text: implementation detail, not behaviour
                             "set_trace_callback", "set_authorizer", "set_progress_handler", "create_function",
                             "enable_load_extension", "load_extension"})
# pytest features a learner test may use; anything else on `pytest` is refused
PYTEST_ALLOWED = frozenset({"raises", "approx", "mark", "fixture", "param", "fail", "warns", "skip", "xfail"})
_FORMAT_DEPTH = 1   # str.format itself refuses fields nested deeper ("Max string recursion exceeded")
FORBIDDEN_PREFIXES = ("co_", "f_", "gi_", "cr_", "ag_", "tb_")


@dataclass(frozen=True)
class Policy:
    name: str
    allowed_imports: frozenset[str]
    forbidden_imports: frozenset[str] = frozenset()   # exact module names refused even if allowed above
    forbidden_attrs: frozenset[str] = frozenset()     # attribute names refused beyond FORBIDDEN_ATTRS
    # may the code define special methods beyond ALLOWED_DUNDERS? A fix may not: Python calls them from places the
    # code does not choose (sqlite3 calls a parameter's `__conform__` while its statement binds, the same way out of
    # the race driver's steps as an adapter)
    own_dunders: bool = True
    # does the code share a process with the implementation, the fixtures and the judge's host (a fix does; learner
    # tests run in a process of their own, which holds nothing to find)? Then the standard library's gadgets that
    # reach that process's objects by text are refused too (FIX_ONLY_MODULES, the `strict` rules of `violations`)
    beside_the_implementation: bool = False


# A fix runs in the implementation's process, beside the fixtures and the judge's host: what shares its process tells
# it that it is judged (red team: `fractions.operator.attrgetter("modules")(collections._sys)` reached sys.modules,
# where "course.sandboxed.resolver" is, and `threading.main_thread().native_id` or `random._os.getpid()` showed the
# sandbox's small pids; a fix that behaved only then earned full marks with the snippet). A fix needs none of these:
# private module aliases of allowed modules, the module-valued `operator`, `types`, `platform`, `atexit`, `codecs`,
# `copyreg`, `weakref` (attrgetter reaches any attribute by text; codecs.open opens files), and process identities.
FIX_FORBIDDEN_ATTRS = frozenset({
    "_os", "_sys", "bltns", "_thread", "_uuid", "_random", "_hashlib", "_hashopenssl", "_warnings",
    "_collections_abc", "_parser", "_compiler", "_constants", "_casefix", "_tzpath", "_common", "dbapi2",
    "stdlib_re", "operator", "types", "platform", "atexit", "codecs", "copyreg", "weakref",
    # modules outside the imports reached by public attributes (red team, 2026-12: asyncio.base_tasks.linecache.getlines
    # and its .tokenize.open read files past the `open()` rule; signal, ssl, select(ors) and concurrent.futures, whose
    # ProcessPoolExecutor starts processes, come the same way)
    "linecache", "tokenize", "signal", "ssl", "selectors", "select", "concurrent",
    "getpid", "getppid", "getpgrp", "getpgid", "getsid", "native_id", "get_native_id",
    # Python that SQLite calls while a statement runs (red team, 2026-12: an adapter registered for a parameter of
    # `SELECT ?` ran the snippet's check-then-act on sqlite3's own cursor inside ONE of the race driver's steps, so no
    # other worker could run between the check and the act; both race properties were credited with the race left in)
    # logging.config once anything has imported it (not `handlers`: house.handlers); logging's "{" style runs
    # str.format on its template (red team, 2026-12: a Formatter's `{msg.__globals__[sys].modules}` read sys.modules
    # past the `.format()` rule)
    "config", "StrFormatStyle", "_STYLES", "_str_formatter",
    # the call stack above a fix is the judge's (the host, the bridge, the race driver): what reads it tells a fix it
    # is judged (red team, 2026-12: `warnings.warn(..., stacklevel=3)` caught with catch_warnings, a log record's
    # `pathname` at stacklevel 3 or its `stack_info`, each found "course" there; the snippet, the reference only then,
    # earned full marks). Logging's caller search, and the trace hooks a thread runs judge code under
    "findCaller", "settrace", "setprofile",
    # asyncio's own stack readers (red team, 2026-12: `asyncio.format_helpers.extract_stack()`'s file names, a running
    # task's `get_stack()` frames (their repr names the file) and `print_stack(file=...)` each showed "course" above the
    # fix: 1.0 of oversell_fix with the snippet, the reference only then)
    "format_helpers", "extract_stack", "walk_stack", "format_stack", "get_stack", "print_stack",
    "register_adapter", "adapters", "create_collation", "create_aggregate", "create_window_function",
    # a class from a computed namespace, under any name it is imported as (see _class_builder)
    "make_dataclass"})
FIX = Policy("fix", _COMMON_IMPORTS, forbidden_attrs=FIX_FORBIDDEN_ATTRS, own_dunders=False,
             beside_the_implementation=True)
TESTS = Policy("tests", _COMMON_IMPORTS | {"pytest", "concurrent", "hypothesis"})

# Hypothesis (property-based tests, module 06): its public API only. The package's other submodules
# (`hypothesis.internal`, `.core`, `.vendor`, ...) hold helpers that compile and run text, so they are refused
# as imports and as attributes of the imported modules, as are the private names of `hypothesis.strategies`.
HYPOTHESIS_MODULES = frozenset({"hypothesis", "hypothesis.strategies"})
HYPOTHESIS_API = frozenset({"given", "assume", "example", "note", "event", "target", "reject", "infer", "settings",
                            "seed", "HealthCheck", "Phase", "Verbosity", "strategies", "errors"})


def violations(source: str, policy: Policy, extra_imports: frozenset[str] = frozenset(),
               forbidden_imports: frozenset[str] = frozenset()) -> list[str]:
    """Readable reasons this code may not run (empty when it is fine). Assumes `source` parses."""
    allowed = policy.allowed_imports | extra_imports
    strict = policy.beside_the_implementation
    refused = policy.forbidden_imports | forbidden_imports | (FIX_ONLY_MODULES if strict else frozenset())
    found: list[str] = []
    tree = parse(source)
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    type_checks = {id(node.args[1]) for node in ast.walk(tree) if isinstance(node, ast.Call) and len(node.args) == 2
                   and isinstance(node.func, ast.Name) and node.func.id in {"isinstance", "issubclass"}}
    hypothesis_names = _hypothesis_module_names(tree)
    std_modules = _std_module_names(tree, policy.allowed_imports - extra_imports)
    kept_types = set() if policy.own_dunders else _kept_type_calls(tree)
    warn_names = _warn_names(tree) if strict else frozenset()
    # red team, 2026-12: `dc = dataclasses; dc._create_fn(...)` and `m = abc.ABCMeta; m("C", (), namespace)` reached a
    # standard module's private helper and built a class from a computed namespace under names no rule sees
    module_names = _module_import_names(tree, policy.allowed_imports - extra_imports) if strict else set()
    attribute_values = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    metaclass_keywords = {id(k.value) for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
                          for k in node.keywords if k.arg == "metaclass"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                root = alias.name.split(".")[0]
                if root not in allowed or alias.name in refused or root in refused \
                        or (root == "hypothesis" and alias.name not in HYPOTHESIS_MODULES):
                    found.append(f"line {node.lineno}: imports {alias.name!r}")
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            root = module.split(".")[0]
            if node.level or root not in allowed or module in refused or root in refused \
                    or (root == "hypothesis" and module not in HYPOTHESIS_MODULES):
                found.append(f"line {node.lineno}: imports from {module or '(relative)'!r}")
            for alias in node.names:
                if strict and f"{module}.{alias.name}" in FIX_ONLY_MODULES:   # `from logging import handlers`
                    found.append(f"line {node.lineno}: imports {module}.{alias.name}")
                elif alias.name == "*":
                    # every public name at once, past the attribute rules (red team: `from threading import *`
                    # then `get_native_id()`, the process id a fix may not read as `threading.get_native_id`)
                    found.append(f"line {node.lineno}: imports * from {module!r} (import the names you use)")
                elif strict and _private(alias.name) and root in policy.allowed_imports - extra_imports:
                    found.append(f"line {node.lineno}: imports the private {alias.name!r} from {module!r}")
                elif alias.name in FORBIDDEN_ATTRS or alias.name in policy.forbidden_attrs or _dunder(alias.name) \
                        or not _hypothesis_public(module, alias.name):
                    found.append(f"line {node.lineno}: imports {alias.name!r} from {module!r}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in FORBIDDEN_CALLS:
                found.append(f"line {node.lineno}: calls {node.func.id}()")
            elif node.func.id in {"getattr", "hasattr"}:
                attr = node.args[1] if len(node.args) >= 2 else None
                # `getattr(t, "format")(...)` is `t.format(...)` with its template unseen (red team, 2026-12: the
                # `.format()` rule's computed template, `{0.__globals__[sys].modules}`, read sys.modules by text)
                if not (isinstance(attr, ast.Constant) and isinstance(attr.value, str)) or _forbidden(attr.value) \
                        or attr.value in policy.forbidden_attrs or attr.value in {"format", "format_map"} \
                        or (strict and _private(attr.value) and node.args
                            and _root_names(node.args[0]) & std_modules):   # `getattr(dataclasses, "_create_fn")`
                    found.append(f"line {node.lineno}: {node.func.id}() with a computed or special attribute name")
        elif isinstance(node, ast.Name):
            if node.id in {"getattr", "hasattr", "setattr", "delattr"} | FORBIDDEN_CALLS and id(node) not in called:
                # handed to something that calls it (map(exec, ...), Hypothesis's st.builds(eval, ...))
                found.append(f"line {node.lineno}: passes {node.id} around")
            elif _dunder(node.id) and node.id not in ALLOWED_DUNDERS:
                found.append(f"line {node.lineno}: uses {node.id}")
        elif isinstance(node, ast.Attribute) and (_forbidden(node.attr) or node.attr in policy.forbidden_attrs):
            found.append(f"line {node.lineno}: uses .{node.attr}")
        elif strict and isinstance(node, ast.Attribute) and _private(node.attr) and node.attr not in _PUBLIC_UNDERSCORED \
                and _root_names(node.value) & std_modules:
            # a standard module's private helpers are its implementation (red team, 2026-12: dataclasses._create_fn
            # exec()s the text it is given, past every rule here), and so are the private attributes of what its
            # functions return (`threading.current_thread()._target` named the judge's function running the thread)
            found.append(f"line {node.lineno}: uses the private .{node.attr} of a standard module")
        elif isinstance(node, ast.Attribute) and not _hypothesis_public(_hypothesis_module(node.value, hypothesis_names),
                                                                        node.attr):
            found.append(f"line {node.lineno}: uses .{node.attr} of Hypothesis (its public API only)")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "pytest" \
                and node.attr not in PYTEST_ALLOWED:
            found.append(f"line {node.lineno}: uses pytest.{node.attr}")
        if strict and isinstance(node, ast.Attribute) and node.attr in {"format", "format_map"} and id(node) not in called:
            # handed to something that calls it (`f = str.format`, `map("{0.x}".format, ...)`): its template unseen
            found.append(f"line {node.lineno}: passes .{node.attr} around (call it where you need it)")
        if strict and isinstance(node, ast.Call) and (problem := _stack_reader(node, warn_names)):
            found.append(f"line {node.lineno}: {problem}")
        if strict and isinstance(node, (ast.Name, ast.Attribute)) and id(node) not in called \
                and _spelled(node) in warn_names:
            # an alias of warnings.warn is called with arguments no rule sees (its stack level among them)
            found.append(f"line {node.lineno}: passes warnings.warn around (call it where you need it)")
        if strict and isinstance(node, ast.Call) and any(k.arg == "style" and not (isinstance(k.value, ast.Constant)
                                                                        and k.value.value in {"%", "$"})
                                              for k in node.keywords):
            found.append(f"line {node.lineno}: a logging style other than '%' or '$' (its template runs str.format)")
        if strict and isinstance(node, ast.Call) and _called_name(node.func) == "Formatter" and len(node.args) >= 3:
            found.append(f"line {node.lineno}: Formatter's style given by position (name it: style='%')")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in {"format", "format_map"}:
            template = node.func.value
            if not (isinstance(template, ast.Constant) and isinstance(template.value, str)):
                found.append(f"line {node.lineno}: .{node.func.attr}() on a computed template")
            else:
                problem = _format_problem(template.value)
                if problem:
                    found.append(f"line {node.lineno}: {problem}")
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not policy.own_dunders \
                and _dunder(node.name) and node.name not in ALLOWED_DUNDERS:
            found.append(f"line {node.lineno}: defines {node.name}")
        if not policy.own_dunders and isinstance(node, ast.Call) and (problem := _class_builder(node)):
            found.append(f"line {node.lineno}: {problem}")
        if not policy.own_dunders and isinstance(node, ast.Name) and node.id == "type" \
                and isinstance(node.ctx, ast.Load) and id(node) not in called and id(node) not in type_checks:
            # red team, 2026-12: `mk = type` or `functools.partial(type, "X", ())` built the class _class_builder
            # refuses when `type` is called by name
            found.append(f"line {node.lineno}: passes type around (call type(x) where you need it)")
        if strict and isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in module_names \
                and id(node) not in attribute_values:
            found.append(f"line {node.lineno}: hands the module {node.id} around (use {node.id}.name where you need it)")
        if not policy.own_dunders and isinstance(node, (ast.Name, ast.Attribute)) and isinstance(node.ctx, ast.Load) \
                and _metaclass_name(_called_name(node)) and id(node) not in called \
                and id(node) not in metaclass_keywords and id(node) not in type_checks:
            found.append(f"line {node.lineno}: hands a metaclass around or derives from one (write metaclass=...)")
        if id(node) in kept_types:
            # red team, 2026-12: `t = type(int)` is `type` itself under another name, then `t("X", (), namespace)`
            # built the class the rules above refuse; `type(int).__call__(...)` did the same
            found.append(f"line {node.lineno}: keeps or hands on the type of a class (compare it where you need it)")
        if isinstance(node, (ast.arg, ast.AnnAssign, ast.FunctionDef, ast.AsyncFunctionDef)):
            annotation = getattr(node, "annotation", None) if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else node.returns
            if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
                found.append(f"line {node.lineno}: a string annotation (write the type itself)")
    return list(dict.fromkeys(found))


# Calls that build a class from a namespace the code computes, so it defines special methods without naming them
# (found in review, 2026-12: `type("X", (), {"__con" + "form__": f})` defined the `__conform__` sqlite3 calls while a
# statement binds, past the `defines` rule). A class statement, a dataclass decorator or an Enum class statement does
# the same job in the open. A second line only: the race driver adapts parameter values itself (course.kits.race).
_ENUM_BASES = frozenset({"Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "ReprEnum"})


def _class_builder(call: ast.Call) -> str | None:
    """Why this call builds a class from a computed namespace (readable), else None."""
    name = _called_name(call.func)
    starred = any(isinstance(a, ast.Starred) for a in call.args)
    if (isinstance(call.func, ast.Name) and name == "type" and (len(call.args) != 1 or call.keywords or starred)) \
            or name == "make_dataclass":
        return "builds a class from a dict (write a class statement)"
    if name in _ENUM_BASES and not _plain_enum_call(call):
        return "builds an enum from a mapping (write an Enum class statement)"
    metaclass = name.endswith("Meta") or name == "EnumType" or (   # or type(cls)(name, bases, namespace)
        isinstance(call.func, ast.Call) and isinstance(call.func.func, ast.Name) and call.func.func.id == "type")
    if metaclass and (len(call.args) + len(call.keywords) >= 3 or starred):
        return "calls a metaclass (write a class statement)"
    return None


def _metaclass_name(name: str) -> bool:
    """A name _class_builder takes for a metaclass's (`ABCMeta`, `EnumMeta`, `EnumType`)."""
    return name.endswith("Meta") or name == "EnumType"


def _module_import_names(tree: ast.AST, std: frozenset[str]) -> set[str]:
    """Names `import` statements bind to the standard modules in `std` (`import dataclasses as dc` -> "dc")."""
    return {alias.asname or alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
            for alias in node.names if alias.name.split(".")[0] in std}


def _called_name(func: ast.expr) -> str:
    """The name a call is made through (`type`, `enum.Enum` -> "Enum"), else ""."""
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _plain_enum_call(call: ast.Call) -> bool:
    """An Enum call that looks a member up (`Color(1)`) or names members by literal strings only
    (`Enum("Color", "RED GREEN")`, `Enum("Color", ["RED", "GREEN"])`): no mapping, pairs or computed names."""
    names = call.args[1:] + [k.value for k in call.keywords if k.arg == "names"]
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return False
    return len(call.args) <= 2 and all(_literal_names(n) for n in names)


def _literal_names(node: ast.expr) -> bool:
    """A string constant, or a list or tuple of string constants."""
    if isinstance(node, (ast.List, ast.Tuple)):
        return all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts)
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _private(name: str) -> bool:
    """A private name (`_x`), not a special one (`__x__`)."""
    return name.startswith("_") and not _dunder(name)


# builtins that hand back their arguments or items of them: `next(iter(threading.enumerate()))._target` is a thread's
_PASS_THROUGH = frozenset({"next", "iter", "list", "tuple", "set", "frozenset", "sorted", "reversed", "max", "min",
                           "filter", "getattr"})


def _root_names(node: ast.expr) -> set[str]:
    """The names an attribute chain may start from, through calls and subscripts (`dc.x.y` -> {"dc"},
    `threading.enumerate()[0]` -> {"threading"}), and through what hands on a value written in it: the builtins of
    _PASS_THROUGH, a called lambda's body, `a if c else b`, `a or b`, `(t := x)`, a list, tuple, set or dict display,
    a comprehension (red team, 2026-12: `next(iter(threading.enumerate()))._target`, `[threading.current_thread()][0]
    ._target`, `(t := threading.current_thread())._target` were past the private-name rule). A variable stays a name:
    `t = threading.current_thread(); t._target` is not caught (the open 'thread targets' of tests/test_fix_gaming.py)."""
    found: set[str] = set()
    todo = [node]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name) and node.func.id in _PASS_THROUGH:
                todo.extend(node.args)
            elif isinstance(node.func, ast.Lambda):
                todo.append(node.func.body)
            else:
                todo.append(node.func)
        elif isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred, ast.NamedExpr, ast.Await)):
            todo.append(node.value)
        elif isinstance(node, ast.IfExp):
            todo.extend((node.body, node.orelse))
        elif isinstance(node, ast.BoolOp):
            todo.extend(node.values)
        elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            todo.extend(node.elts)
        elif isinstance(node, ast.Dict):
            todo.extend(v for v in node.values if v is not None)
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
            todo.extend([node.elt] + [g.iter for g in node.generators])
        elif isinstance(node, ast.DictComp):
            todo.extend([node.value] + [g.iter for g in node.generators])
    return found


def _std_module_names(tree: ast.AST, std: frozenset[str]) -> set[str]:
    """Names import statements bind to the standard modules in `std` and to what they hold (`import dataclasses as dc`
    -> "dc"; `from json import decoder as d` -> "d": a submodule's private helpers are its implementation too, and
    statically a submodule cannot be told from a class or function, whose private names a fix does not need either)."""
    names = _module_import_names(tree, std)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").split(".")[0] in std:
            names.update(alias.asname or alias.name for alias in node.names if alias.name != "*")
    return names


_STACK_KEYWORDS = frozenset({"stacklevel", "stack_info"})
# public API spelled with an underscore (namedtuple's), not a private helper
_PUBLIC_UNDERSCORED = frozenset({"_asdict", "_replace", "_fields", "_make", "_field_defaults"})


def _warn_names(tree: ast.AST) -> frozenset[str]:
    """Spellings that reach warnings.warn: `<name of the warnings module>.warn` and names `from warnings import warn`
    binds."""
    modules, functions = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.asname or alias.name for alias in node.names if alias.name == "warnings")
        elif isinstance(node, ast.ImportFrom) and node.module == "warnings" and not node.level:
            functions.update(alias.asname or alias.name for alias in node.names if alias.name == "warn")
    return frozenset({f"{m}.warn" for m in modules} | functions)


def _spelled(node: ast.expr) -> str:
    """`name` or `name.attr` as written, else ""."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return f"{node.value.id}.{node.attr}"
    return ""


def _stack_reader(call: ast.Call, warn_names: frozenset[str]) -> str | None:
    """Why this call would read the call stack above the fix (the judge's), else None: a `stacklevel` or `stack_info`
    argument to anything (logging's calls, warnings.warn, a partial of either), or warnings.warn given its stack level
    by position or through * / ** (its third argument)."""
    if any(k.arg in _STACK_KEYWORDS for k in call.keywords):
        return "a stacklevel or stack_info argument (it reads the callers' frames, which are the judge's here)"
    if isinstance(call.func, ast.Attribute) and call.func.attr == "_log" and (
            len(call.args) >= 6 or any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords)):
        return "Logger._log given its stack_info (log through the logger's public methods)"   # `self._log` stays a name
    if _spelled(call.func) in warn_names and (len(call.args) > 2 or any(isinstance(a, ast.Starred) for a in call.args)
                                  or any(k.arg is None for k in call.keywords)):
        return "warnings.warn with a stack level (give it the message and category only)"
    return None


# builtins that only read a type handed to them (its text, identity or place in the hierarchy), never call it
_TYPE_READERS = frozenset({"repr", "str", "print", "format", "id", "hash", "ascii"})
_BUILTIN_CLASSES = frozenset(name for name, value in vars(builtins).items() if isinstance(value, type))


def _kept_type_calls(tree: ast.AST) -> set[int]:
    """ids of the `type(C)` calls, C written as a class (a builtin class, a class or name the module defines or
    imports, an attribute, another `type(...)`), whose result is kept or handed on rather than compared, called,
    printed or read an attribute of: `type(C)` is C's metaclass, `type` itself for a plain class, a class builder under
    a name no rule sees. `type(value)` of a variable stays free (`kind = type(value)`, `cls = type(self)`): statically a
    variable holding a class cannot be told from one holding an instance, so `x = int; t = type(x)` is not caught."""
    parents = {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    classes = set(_BUILTIN_CLASSES)
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            classes.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            classes.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    kept: set[int] = set()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "type"
                and len(node.args) == 1 and not node.keywords):
            continue
        arg = node.args[0]
        if not (isinstance(arg, ast.Attribute) or (isinstance(arg, ast.Name) and arg.id in classes)
                or (isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name) and arg.func.id == "type")):
            continue
        parent = parents.get(id(node))
        if isinstance(parent, ast.Tuple):   # isinstance(x, (int, type(y))), "%s %s" % (x, type(x))
            parent = parents.get(id(parent))
        if isinstance(parent, (ast.Compare, ast.FormattedValue)) \
                or (isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Mod) and parent.left is not node) \
                or (isinstance(parent, ast.Call) and isinstance(parent.func, ast.Name) and parent.func.id in _TYPE_READERS) \
                or (isinstance(parent, ast.Attribute) and parent.value is node and parent.attr != "__call__") \
                or (isinstance(parent, ast.Call) and isinstance(parent.func, ast.Name)
                    and parent.func.id in {"isinstance", "issubclass"} and parent.args[1:] and parent.args[0] is not node):
            continue
        kept.add(id(node))
    return kept


def _hypothesis_module_names(tree: ast.AST) -> dict[str, str]:
    """Names the code binds to Hypothesis's modules ({"st": "hypothesis.strategies", "hypothesis": "hypothesis"})."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in HYPOTHESIS_MODULES:
                    names[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else "hypothesis"
        elif isinstance(node, ast.ImportFrom) and node.module == "hypothesis":
            for alias in node.names:
                if alias.name == "strategies":
                    names[alias.asname or alias.name] = "hypothesis.strategies"
    return names


def _hypothesis_module(node: ast.AST, names: dict[str, str]) -> str:
    """The Hypothesis module an expression names (`st`, `hypothesis`, `hypothesis.strategies`), else ""."""
    if isinstance(node, ast.Name):
        return names.get(node.id, "")
    if isinstance(node, ast.Attribute) and node.attr == "strategies" \
            and _hypothesis_module(node.value, names) == "hypothesis":
        return "hypothesis.strategies"
    return ""


def _hypothesis_public(module: str, name: str) -> bool:
    """May code use `name` from the Hypothesis module `module`? (True for any other module.)"""
    if module == "hypothesis":
        return name in HYPOTHESIS_API
    if module == "hypothesis.strategies":
        return not name.startswith("_")
    return True


def _format_problem(template: str, depth: int = 0) -> str | None:
    """Why a `.format()` template may not run, else None: a field that looks up attributes or items
    (`{0.__globals__}`, `{0[x]}`), also in a nested spec (`{0:{1.x}}`), or a template str.format refuses.

    Learner text, read in the grading process: this goes through str.format's own parser (one pass
    over the text per nesting level, at most _FORMAT_DEPTH + 1), never a backtracking regex. (The
    regex this replaces took quadratic time on a crafted 80,000-character literal, 19 s per grading.)"""
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError:
        return "a format template that str.format cannot read"
    for _, name, spec, _ in fields:
        if name is not None and ("." in name or "[" in name):
            return "a format field that looks up attributes or items"
        if spec and "{" in spec:
            if depth >= _FORMAT_DEPTH:
                return "a format template nested deeper than str.format allows"
            problem = _format_problem(spec, depth + 1)
            if problem:
                return problem
    return None


def _dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__") and len(name) > 4


def _forbidden(attr: str) -> bool:
    return (_dunder(attr) and attr not in ALLOWED_DUNDERS) or attr in FORBIDDEN_ATTRS or attr.startswith(FORBIDDEN_PREFIXES)
