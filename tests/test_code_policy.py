"""The fix policy's screen of class builders (course.judge.code_policy): a second line behind the race driver.

A class built from a namespace the code computes defines special methods without naming them (found in review,
2026-12: `type("X", (), {"__con" + "form__": f})` defined the `__conform__` sqlite3 calls while a statement binds)."""
from __future__ import annotations

import pytest

from course.judge import code_policy

CLASS = "builds a class from a dict (write a class statement)"
ENUM = "builds an enum from a mapping (write an Enum class statement)"
META = "calls a metaclass (write a class statement)"

HEADER = "import abc\nimport dataclasses\nimport enum\nfrom enum import Enum, IntEnum, StrEnum, Flag\n\n\ndef f(self, protocol):\n    return 0\n\n\n"
HEADER_LINES = HEADER.count("\n")


@pytest.mark.parametrize("line, reason", [
    ('X = type("X", (), {"__con" + "form__": f})', CLASS),
    ("X = type('X', (object,), dict(a=1))", CLASS),
    ("X = type(*('X', (), {}))", CLASS),
    ('X = dataclasses.make_dataclass("X", ["a"], namespace={"__con" + "form__": f})', CLASS),
    ('X = Enum("X", {"A": 1, "__con" + "form__": f})', ENUM),
    ('X = enum.IntEnum("X", names={"A": 1})', ENUM),
    ('X = StrEnum("X", [("A", "a"), ("__con" + "form__", f)])', ENUM),
    ("X = Flag('X', NAMES)", ENUM),
    ('X = abc.ABCMeta("X", (), {"__con" + "form__": f})', META),
    ('X = enum.EnumMeta("X", (), NAMES)', META),
    ('X = type(int)("X", (), {"__con" + "form__": f})', META),
])
def test_a_fix_may_not_build_a_class_from_a_namespace(line, reason):
    source = HEADER + line + "\n"
    found = code_policy.violations(source, code_policy.FIX)
    assert f"line {HEADER_LINES + 1}: {reason}" in found
    assert all(v.startswith(f"line {HEADER_LINES + 1}: ") for v in found), found   # and nothing else is refused
    assert code_policy.violations(source, code_policy.TESTS) == []   # learner tests may define what they like


def test_a_fix_may_not_import_make_dataclass_under_another_name():
    source = "from dataclasses import make_dataclass as build\n\nX = build('X', ['a'])\n"
    assert code_policy.violations(source, code_policy.FIX) == ["line 1: imports 'make_dataclass' from 'dataclasses'"]


PASSED = "passes type around (call type(x) where you need it)"


@pytest.mark.parametrize("line", ['mk = type\nX = mk("X", (), {"__con" + "form__": f})',
                                  'import functools\nX = functools.partial(type, "X", ())({"__con" + "form__": f})'])
def test_a_fix_may_not_pass_type_around(line):
    """Red team, 2026-12: an alias of `type`, or `type` handed to partial, built the class the rules above refuse."""
    assert any(v.endswith(PASSED) for v in code_policy.violations(HEADER + line + "\n", code_policy.FIX))



KEPT = "keeps or hands on the type of a class (compare it where you need it)"


@pytest.mark.parametrize("line", ['t = type(int)\nX = t("X", (), {"__con" + "form__": f})',
                                  'X = type(int).__call__(type(int), "X", (), {"__con" + "form__": f})',
                                  'import functools\nX = functools.partial(type(int), "X", ())({"__con" + "form__": f})',
                                  'makers = [type(int)]\nX = makers[0]("X", (), {"__con" + "form__": f})',
                                  'class A:\n    pass\n\n\nmeta = type(A)\nX = meta("X", (), {})',
                                  'meta = type(enum.Enum)\nX = meta("X", (), {})',
                                  'meta = type(type(f))\nX = meta("X", (), {})'])
def test_a_fix_may_not_keep_type_of_a_class(line):
    """Red team, 2026-12: `type(int)` is `type` itself; bound to a name (or its `__call__`) it built the class the rules
    above refuse, past the rule on `type` by name."""
    assert any(v.endswith(KEPT) for v in code_policy.violations(HEADER + line + "\n", code_policy.FIX))


@pytest.mark.parametrize("source", ["from json import decoder\nX = decoder._CONSTANTS\n",
                                    "from json import decoder as d\nX = d.scanstring._x\n",
                                    "from dataclasses import field\nX = field._y\n",
                                    # through calls and subscripts: the thread's target named the judge's function
                                    "import threading\nX = threading.current_thread()._target\n",
                                    "import threading\nX = threading.enumerate()[0]._target\n"])
def test_a_fix_may_not_use_private_names_of_what_it_imports_from_a_standard_module(source):
    """The private-name rule covered `import dataclasses as dc; dc._create_fn`; a name bound by `from ... import` (a
    submodule such as json.decoder, or anything else) reached its module's implementation past it."""
    found = code_policy.violations(source, code_policy.FIX)
    assert found and all("uses the private" in v for v in found), found
    assert code_policy.violations(source, code_policy.TESTS) == []


# What the rules added in 2026-12 must leave alone (their false positives would zero an honest fix).
STILL_ALLOWED = {
    'type of a value compared, called, printed': HEADER + ("ok = type(f) is int and isinstance(f, (int, type(f))) and type(f).__name__ != 'x'\n"
        "text = repr(type(f)) + str(type(f)) + f'{type(f)}' + '%s %s' % (f, type(f))\n"
        "kind = type(f)\nsame = type(int) is int\n\n\n"
        "class Money:\n    def __init__(self, cents):\n        self.cents = cents\n\n"
        "    def __add__(self, other):\n        return type(self)(self.cents + other.cents)\n"),
    "private names of the fix's own objects": ("from collections import namedtuple\n\nPoint = namedtuple('Point', 'x y')\n"
        "moved = Point(1, 2)._replace(x=3)._asdict()\n\n\nclass Cart:\n    _items = ()\n\n\n"
        "empty = Cart._items\nimport collections\nsame = collections.namedtuple('P', 'a')(1)._asdict()\n"),
    'plain warnings and logging': ("import logging\nimport warnings\nfrom warnings import warn\n\n\nclass Shop:\n"
        "    def __init__(self):\n        self._log = logging.getLogger('shop')\n\n"
        "    def sell(self, qty):\n        if qty > 100:\n            warnings.warn('a large order', UserWarning)\n"
        "            warn('still large')\n        self._log.info('sold %s', qty)\n"
        "        self._log.warning('low stock', extra={'qty': qty})\n"),
    'metaclass keywords and module attributes': ("import abc\nimport collections.abc\nimport enum\n\n\nclass Base(metaclass=abc.ABCMeta):\n"
        "    pass\n\n\nclass Color(enum.Enum):\n    RED = 1\n\n\n"
        "ok = isinstance(Color, enum.EnumMeta) and collections.abc.Sized is not None\n"
        "maybe = getattr(Color, 'RED', None)\n"),
}


@pytest.mark.parametrize("case", STILL_ALLOWED)
def test_honest_code_the_new_rules_leave_alone(case):
    """The stack-reading, type-keeping, private-name and metaclass rules refuse their gadgets only: comparing,
    calling and printing type(x), a fix's own `_log` attribute, namedtuple's `_asdict`, plain warnings and logging,
    `metaclass=` and module attributes all stay allowed."""
    assert code_policy.violations(STILL_ALLOWED[case], code_policy.FIX) == []


def test_a_fix_may_still_call_type_and_check_for_it():
    assert code_policy.violations(HEADER + "ok = type(f) is int or isinstance(f, type) or issubclass(int, type)\n",
                                  code_policy.FIX) == []


def test_ordinary_classes_dataclasses_and_enums_still_pass():
    source = '''import abc
from dataclasses import dataclass, field
import enum
from enum import Enum


class Order:
    __slots__ = ("sku", "qty")

    def __init__(self, sku: str, qty: int) -> None:
        self.sku, self.qty = sku, qty

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Order) and (self.sku, self.qty) == (other.sku, other.qty)


@dataclass(frozen=True)
class Line:
    sku: str
    qty: int = 1
    tags: list = field(default_factory=list)


class Status(Enum):
    PAID = "paid"
    REFUNDED = "refunded"


class Store(abc.ABC):
    @abc.abstractmethod
    def load(self, key: str, default: str, fallback: str) -> str: ...


Color = enum.Enum("Color", "RED GREEN")
Size = Enum("Size", ["S", "M"], start=1)


def kind(value: object, logger) -> str:
    logger.log(20, "%s", value)
    status = Status("paid")
    return type(value).__name__ if isinstance(value, type) else str(status) + Color(1).name + Size["S"].name
'''
    assert code_policy.violations(source, code_policy.FIX) == []


def test_the_hostile_corpus_type_conform_callback_is_refused_as_well():
    """The driver closes it (tests/test_hostile_corpus.py judges it with the policy off); the policy refuses it too."""
    from hostile_corpus import RACE_DODGERS

    body = RACE_DODGERS["type() conform callback"].split("\n", 1)[1]
    found = code_policy.violations(body, code_policy.FIX)
    assert len(found) == 1 and found[0].endswith(": " + CLASS), found


def test_a_fix_may_define_arithmetic_and_conversions():
    """A Money type's arithmetic: neither sqlite3 3.11 nor the race driver calls these while a statement binds."""
    source = '''from __future__ import annotations


class Money:
    def __init__(self, cents: int) -> None:
        self.cents = cents

    def __add__(self, other: Money) -> Money:
        return Money(self.cents + other.cents)

    __radd__ = __add__

    def __int__(self) -> int:
        return self.cents
'''
    assert code_policy.violations(source, code_policy.FIX) == []
    for name in ("__sub__", "__mul__", "__truediv__", "__floordiv__", "__mod__", "__neg__", "__pos__", "__abs__",
                 "__rsub__", "__rmul__", "__float__", "__index__", "__round__"):
        assert code_policy.violations(f"class Money:\n    def {name}(self, *other):\n        return self\n",
                                      code_policy.FIX) == [], name
    assert code_policy.violations("class X:\n    def __conform__(self, protocol):\n        return 0\n",
                                  code_policy.FIX) == ["line 2: defines __conform__"]   # still refused


def test_learner_tests_may_seed_hypothesis():
    """Module 06: `@seed` fixes Hypothesis's examples, public API like `@settings`."""
    source = ("import hypothesis\nfrom hypothesis import given, seed, strategies as st\n\n\n"
              "@seed(1234)\n@hypothesis.seed(5)\n@given(st.integers())\ndef test_x(f, x):\n    assert f(x) == f(x)\n")
    assert code_policy.violations(source, code_policy.TESTS) == []


def test_the_gadget_rules_are_the_fixs_only():
    """A fix shares the implementation's process, so reaching that process's objects by text is refused to it; learner
    tests run in a process of their own that holds nothing to find, where the boundary, not a name, is the defence
    (the hostile corpus's probes use these spellings to show it). Refusing them to tests (red team's first version)
    zeroed those submissions' honest tests and stopped checking the boundary there."""
    gadgets = ("import logging.config\n", "from dataclasses import _create_fn\n", "import random\nX = random._os\n",
               "F = str.format\n", "import logging\nL = logging.Formatter('{x}', style='{')\n",
               "import logging\nL = logging.Formatter('{x}', None, '{')\n")
    for source in gadgets:
        assert code_policy.violations(source, code_policy.FIX), source
        assert code_policy.violations(source, code_policy.TESTS) == [], source


@pytest.mark.parametrize("policy", [code_policy.FIX, code_policy.TESTS], ids=["fix", "tests"])
@pytest.mark.parametrize("line", ["getattr('{0.__globals__[sys].modules}', 'format')(logging.getLogger)",
                                  "getattr(str, 'format')('{0.__globals__}', logging.getLogger)",
                                  "getattr('{x.__globals__}', 'format_map')({'x': logging.getLogger})"])
def test_str_format_fetched_by_getattr_is_refused(policy, line):
    """Red team, 2026-12: `getattr(t, "format")` is `t.format` with its template unseen by the `.format()` rule; in a fix
    it read sys.modules (where "course.sandboxed" is) as text through logging.getLogger's __globals__."""
    found = code_policy.violations("import logging\n_T = " + line + "\n", policy)
    assert any("computed or special attribute name" in v for v in found), found


@pytest.mark.parametrize("source", [
    'import abc\nm = abc.ABCMeta\nC = m("C", (), {"__con" + "form__": lambda self, proto: 1})\n',
    'import abc\n\n\nclass M(abc.ABCMeta):\n    pass\n\n\nC = M("C", (), {"__con" + "form__": 1})\n',
    'from enum import EnumMeta\nbuild = [EnumMeta][0]\n',
    'import dataclasses\ndc = dataclasses\n_T = "pytest" in dc._create_fn("f", [], ["import sys", "return sys.modules"])()\n',
    'import dataclasses\n(dc,) = (dataclasses,)\n_T = dc._create_fn\n',
    'import dataclasses\n_T = getattr(dataclasses, "_create_fn")\n',
], ids=["metaclass kept", "metaclass subclassed", "metaclass in a list", "module alias", "module in a tuple",
        "private by getattr"])
def test_a_fix_may_not_reach_a_metaclass_or_a_private_helper_by_another_name(source):
    """Red team, 2026-12: all within the fix policy: a metaclass under a name that does not end in "Meta" built a class
    with `__conform__` from a computed namespace; a module bound to another name, or a private name by getattr,
    reached dataclasses._create_fn, which exec()s its text (sys.modules, where "course.sandboxed" is)."""
    assert code_policy.violations(source, code_policy.FIX), source


@pytest.mark.parametrize("line", ["asyncio.base_tasks.linecache.getlines('/etc/hostname')",
                                  "asyncio.base_tasks.linecache.tokenize.open('/etc/hostname').read()",
                                  "asyncio.runners.signal.SIGKILL",
                                  "asyncio.futures.concurrent.futures.ProcessPoolExecutor",
                                  "asyncio.sslproto.ssl.get_default_verify_paths()",
                                  "asyncio.selector_events.selectors.select"])
def test_a_fix_may_not_reach_modules_beyond_its_imports_through_asyncio(line):
    """Red team, 2026-12: public module-valued attributes of asyncio's submodules led out of the allowed imports; within
    the fix policy a judged fix read files through linecache (`open()` is refused)."""
    assert code_policy.violations("import asyncio\n_T = " + line + "\n", code_policy.FIX), line


@pytest.mark.xfail(strict=True, reason="hole, named in _kept_type_calls's docstring: type(x) of a variable holding a "
                                       "class is `type` itself, and statically a variable holding a class cannot be "
                                       "told from one holding an instance (red team, 2026-12: still builds __conform__)")
@pytest.mark.parametrize("source", [
    'k = int\nmeta = type(k)\nC = meta("C", (), {"__con" + "form__": lambda self, proto: 1})\n',
    'class A:\n    @classmethod\n    def meta(cls):\n        return type(cls)\n\n\nC = A.meta()("C", (), {"__con" + "form__": 1})\n',
])
def test_type_of_a_variable_holding_a_class_is_a_class_builder(source):
    assert code_policy.violations(source, code_policy.FIX)


@pytest.mark.parametrize("source", [
    "import asyncio\nX = asyncio.format_helpers.extract_stack()\n",
    "from asyncio import format_helpers\nX = format_helpers.extract_stack()\n",
    "from asyncio.format_helpers import extract_stack\nX = extract_stack()\n",
    "import asyncio\nX = asyncio.current_task().get_stack(limit=None)\n",
    "import asyncio\nasyncio.current_task().print_stack(file=None)\n",
    "import asyncio\nX = getattr(asyncio.current_task(), 'get_stack')\n",
])
def test_a_fix_may_not_read_the_call_stack_through_asyncio(source):
    """Red team, 2026-12: asyncio's stack readers showed the judge's frames above a fix (1.0 of oversell_fix with the
    snippet, the reference only where it saw "course" there), past the stacklevel, stack_info and findCaller rules."""
    assert code_policy.violations(source, code_policy.FIX), source


@pytest.mark.parametrize("source", [
    "import threading\nX = next(iter(threading.enumerate()))._target\n",
    "import threading\nX = list(threading.enumerate())[0]._target\n",
    "import threading\nX = max(threading.enumerate(), key=id)._target\n",
    "import threading\nX = (threading.current_thread() if True else None)._target\n",
    "import threading\nX = (None or threading.current_thread())._target\n",
    "import threading\nX = (t := threading.current_thread())._target\n",
    "import threading\nX = [threading.current_thread()][0]._target\n",
    "import threading\nX = [t for t in threading.enumerate()][0]._target\n",
    "import threading\nX = (lambda: threading.current_thread())()._target\n",
    "import threading\nX = getattr(list(threading.enumerate())[0], '_target')\n",
])
def test_the_private_name_rule_follows_builtins_and_displays_that_hand_a_value_on(source):
    """Red team, 2026-12: `threading.current_thread()._target` was refused, but the same thread reached through
    next(iter(...)), list(...)[0], max(...), a conditional, `or`, a walrus, a list display, a comprehension or a called
    lambda was not (its `_target` names the judge's race-pool function)."""
    found = code_policy.violations(source, code_policy.FIX)
    assert found and all("private" in v or "getattr" in v for v in found), found


@pytest.mark.parametrize("source", [
    "class Money:\n    def __init__(self, cents):\n        self._cents = cents\n\n\n"
    "def total(items):\n    return max(items, key=len)._cents + min([Money(1)])._cents\n",
    "import decimal\nX = [decimal.Decimal(1)][0].quantize(decimal.Decimal('0.01'))\n",
])
def test_the_private_name_rule_leaves_a_fixs_own_private_names_alone(source):
    assert code_policy.violations(source, code_policy.FIX) == [], source
