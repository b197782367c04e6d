"""Test doubles named as production's objects: what a judged fix is handed must not print as the grader's.

Red team (tests/test_fix_gaming.py, "test doubles' names" and "test doubles' modules"): a fix that behaved as the
reference only when `repr(x)` or `repr(type(x))` of an argument named a module of the course
(`course.scenarios.pool.db.ConnectionPool`), a fake (`FakeProvider`, `new_client.<locals>.fake_sleep`), earned full
marks with the assistant's snippet in modules 02, 04 and 05. Exception classes a double raises may be renamed too
(module 02's PoolExhausted, module 04's ProviderHung): the other side of the bridge finds a class by `module.qualname`
only where that module is imported (course.sandboxed.bridge._known_class), and otherwise makes one class per name, so
a learner's `pytest.raises` of the class still matches. Classes the other side imports too (house.errors) keep
their names: there the name is how the bridge finds the very class.
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
