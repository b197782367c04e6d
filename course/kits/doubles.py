"""Test doubles named as production's objects: what a judged fix is handed must not print as the grader's.

Red team (tests/test_fix_gaming.py, "test doubles' names" and "test doubles' modules"): a fix that behaved as the
reference only when `repr(x)` or `repr(type(x))` of an argument named a module of the course
(`course.scenarios.pool.db.ConnectionPool`), a fake (`FakeProvider`, `new_client.<locals>.fake_sleep`), earned full
marks with the assistant's snippet in modules 02, 04 and 05. Not for exception classes that cross the bridge: the
trusted side finds those by `module.qualname` (course.sandboxed.bridge._known_class), so they keep their names.
"""
from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


def named_as(obj: T, module: str, qualname: str) -> T:
    """`obj` (a class or a function) printed as `module.qualname`, as production's would be; returns it.

    Classes with a metaclass that refuses attribute changes (course.scenarios.refund.fakes._Sealed) are renamed
    through type's own setattr: the seal is against the code under test, not against this."""
    name = qualname.rpartition(".")[2]
    for attr, value in (("__module__", module), ("__qualname__", qualname), ("__name__", name)):
        if isinstance(obj, type):
            type.__setattr__(obj, attr, value)
        else:
            setattr(obj, attr, value)
    return obj
