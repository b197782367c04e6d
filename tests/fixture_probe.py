"""A probe suite that looks at fixtures the way a test could without testing behaviour.

`probe_suite(fixtures, setup)` builds a learner-style test file that takes the given fixtures and
records what `type(...).__name__`, `callable`, `dir()`, `hasattr()` (over a list of names versions
are known to differ in), the repr (addresses blanked) and `.__name__` show of each fixture and of
its public attributes, two levels deep. It calls hasattr/getattr with computed names, which the
judge's policy refuses in learner tests, so it sees more than a learner's probe could. The record's SHA-256 is spread over BITS tests, one bit each
(passed = 1, failed = 0), so two runs whose outcomes match saw the same record, up to a 2**-BITS chance.
`test_probe_recorded` passes only when the record was made, so a probe that crashed cannot pass
for "identical" by failing everywhere. Each test makes its own record from its own fixtures. The scenario test files run this suite against every wheat
and chaff through the sandboxed runner and require identical outcomes.

`observe(x)` is the same function in-process, to show the probe does see differences when it is
handed a module or an implementation's own object (as the fixtures used to).
"""
from __future__ import annotations

from typing import Any, Sequence

BITS = 24

# Names some version of some scenario has (or a module-valued fixture would have), and a few that
# none has: the probe asks hasattr() about each of them.
PROBE_NAMES = (
    "statistics", "Iterable", "Mapping", "annotations", "sqlite3", "asyncio", "defaultdict", "dataclass",
    "time", "Loader", "_Entry", "ProductCache", "log", "logging", "BALANCES_TABLE", "threading",
    "module", "name", "_loader", "_ttl", "_clock", "_entries", "_locks", "_inflight", "_lookup", "_fresh",
    "_load", "place_order", "average_order_value", "handle_payment_succeeded", "get", "cache_info",
    "_impl", "implementation", "_LOCK", "_place", "hashlib", "fingerprint",
    "quote", "unit_price", "lru_cache", "Line", "fetch_orders", "_pool", "FAN_OUT_ABOVE", "_shared_pool",
    "contextvars", "ThreadPoolExecutor", "build_reminder", "request_id", "greeting",
)

HELPERS = '''
import hashlib
import re

PROBE_NAMES = %(names)r


def observe(x, depth=2):
    """What dir/hasattr/type/repr show of x and its public attributes (no behaviour is tested)."""
    # blank what differs between runs of the same code: addresses, pytest's numbered temporary folders
    shown = re.sub(r"0x[0-9a-fA-F]+|pytest-\\d+|race-\\d+|world-\\d+-\\d+", "?", repr(x))
    parts = [type(x).__name__, str(callable(x)), shown]
    names = dir(x)
    parts.append(",".join(names))
    parts.append(",".join(n for n in PROBE_NAMES if hasattr(x, n)))
    if hasattr(x, "__name__"):
        parts.append(str(x.__name__))
    if depth:
        for n in names:
            if not n.startswith("_"):
                try:
                    value = getattr(x, n)
                except Exception as exc:
                    parts.append(n + "!" + type(exc).__name__)
                else:
                    parts.append(n + "=(" + observe(value, depth - 1) + ")")
    return "|".join(parts)
'''

SUITE = '''

def _record(%(args)s):
%(setup)s    text = "\\n".join(name + ": " + observe(value) for name, value in [%(pairs)s])
%(teardown)s    return text


def _digest(%(args)s):
    return hashlib.sha256(_record(%(args)s).encode()).digest()


def test_probe_recorded(%(args)s):
    assert _record(%(args)s).count(": ") >= %(count)d
'''

BIT_TEST = '''

def test_bit_%(i)d(%(args)s):
    assert _digest(%(args)s)[%(byte)d] >> %(shift)d & 1
'''


def probe_suite(fixtures: Sequence[str], setup: str = "", made: Sequence[str] = (), teardown: str = "") -> str:
    """A test file probing `fixtures` (the scenario's fixture names) and the values named in `made`,
    which `setup` (statements indented by 4, using the fixtures) defines first; `teardown` runs last."""
    args = ", ".join(fixtures)
    pairs = ", ".join(f"({name!r}, {name})" for name in [*fixtures, *made])
    source = HELPERS % {"names": PROBE_NAMES} + SUITE % {
        "args": args, "setup": setup, "teardown": teardown, "pairs": pairs, "count": len(fixtures) + len(made)}
    for i in range(BITS):
        source += BIT_TEST % {"i": i, "args": args, "byte": i // 8, "shift": i % 8}
    return source


def observe(x: Any) -> str:
    """The probe's record of one object, computed in this process."""
    namespace: dict[str, Any] = {}
    exec(HELPERS % {"names": PROBE_NAMES}, namespace)
    return namespace["observe"](x)


def assert_probe_ran(outcomes: dict[str, str]) -> None:
    """The suite ran completely: the record was made and every bit test has an outcome."""
    assert outcomes.get("test_probe_recorded") == "passed", outcomes
    assert set(outcomes) == {"test_probe_recorded"} | {f"test_bit_{i}" for i in range(BITS)}, outcomes
    assert set(outcomes.values()) <= {"passed", "failed"}, outcomes
