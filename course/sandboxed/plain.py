"""Plain values for hidden fix tests: what a fix returns is compared only once it is built of builtin types.

Why: `result == 2500` asks the result whether it equals 2500, and a red team's fix answered yes to
everything (a subclass of int whose `__eq__` is always true, hash, printing and arithmetic left as
int's): the assistant's snippet, both flaws left in, passed the hidden tests of modules 00 and 05.
`plain(x)` gives back `x` itself only if `x` and everything in it is exactly one of the builtin
types below (no subclass), so the comparison that follows is Python's own. This runs inside the
sandbox, in the hidden tests' process, beside the learner's fix; the fix policy keeps the fix from
importing or patching it.
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

# exact types only; Decimal and Fraction are the standard library's own numbers (their equality is too), so a
# fix that returned one before still compares as it did
SCALARS = (int, float, complex, Decimal, Fraction, str, bytes, bool, type(None))
CONTAINERS = (list, tuple, dict, set, frozenset)


class NotPlain(AssertionError):
    """A fix returned something that is not a plain value (the hidden test that asked fails)."""


def plain(value: Any, what: str = "the result") -> Any:
    """`value` itself, if it is built only of builtin scalars (and Decimal, Fraction), lists, tuples, dicts
    and sets (exact types, checked all the way down); else NotPlain naming where the first other object sits."""
    _check(value, what, set())
    return value


def plain_attrs(obj: Any, *names: str, what: str = "the result") -> tuple[Any, ...]:
    """The attributes `names` of a record the spec lets a fix define itself (a dataclass of its own),
    each as a plain value: the record's own type may be anything, what it holds may not."""
    return tuple(plain(getattr(obj, name), f"{what}.{name}") for name in names)


def _check(value: Any, where: str, open_containers: set[int]) -> None:
    kind = type(value)
    if kind in SCALARS:
        return
    if kind not in CONTAINERS:
        raise NotPlain(f"{where} is a {kind.__name__} object, not a plain value "
                       f"({', '.join(t.__name__ for t in SCALARS[:-1])}, None, or lists, tuples, dicts and sets of them)")
    if id(value) in open_containers:
        raise NotPlain(f"{where} contains itself")
    open_containers.add(id(value))
    if kind is dict:
        for key, item in value.items():
            _check(key, f"a key of {where}", open_containers)
            _check(item, f"{where}[{key!r}]", open_containers)
    else:
        for index, item in enumerate(value):
            _check(item, f"{where}[{index}]", open_containers)
    open_containers.discard(id(value))
