"""Issue 13's hostile corpus, class by class: module 01 submissions written as a determined learner would.

Each entry says which class of issue 13 it belongs to, what it tries, and the grade it must get once the
trust boundary holds (its fair table, with a reason in its feedback). `OPEN` names the ones that still earn
unearned points or leak today: their tests are strict xfails that flip when the boundary lands.

The attacks use no forbidden name. What they lean on (all reachable under today's code policy):
- private module aliases: `collections._sys` (sys), `random._os` / `threading._os` (os), `enum.bltns`
  (builtins: open, getattr with any name), `fractions.operator` (attrgetter with any dotted name);
- logging's "{"-style Formatter with validate=False: a field such as `{msg.__globals__[...]}` walks from
  any object handed to the logger, and text never goes through a `.format()` call the policy can see;
- files in the run folder (the implementation's .pyc, the hidden tests' test_answer.py), sibling run
  folders when TMPDIR is not /tmp, the host's cgroup tree under /sys/fs/cgroup, statvfs of the private /tmp.

Graded in their own batch (tests/conftest.py `hostile_batch`), with TMPDIR outside /tmp as an instructor's
machine may have it, beside ordinary controls that must be graded as in the main batch.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
import re
import types
from typing import Callable

from course.paths import keys_dir
from submission_corpus import BY_STUDENT, MODULE, POINTS, SNIPPET, SOL, ZERO, Submission, _solution, _with, full

KEY_DIR = keys_dir() / MODULE / "oversell"
TESTS = SOL["oversell_tests"]


def _place_order_code(path: Path) -> types.CodeType:
    """place_order's code object as the grader's sourceless .pyc holds it (compiled with optimize=2)."""
    module = compile(path.read_text(), "shop.py", "exec", optimize=2)
    return next(c for c in module.co_consts if isinstance(c, types.CodeType) and c.co_name == "place_order")


def _fingerprint(code: types.CodeType) -> str:
    """What the class-1 reader's log format prints for place_order, hashed (the same text in the sandbox)."""
    return hashlib.sha256(f"{code.co_code!r}{code.co_names}".encode()).hexdigest()


# What a learner who has an old copy of the key (a self-paced clone, last year's cohort) can compute at home:
# fingerprints of the broken versions' compiled place_order. No key text goes into the submission.
CHAFF_CODES = {p.stem: _place_order_code(p) for p in sorted(KEY_DIR.glob("chaff_*.py"))}
WHEAT_CODES = {p.stem: _place_order_code(p) for p in sorted(KEY_DIR.glob("wheat_*.py"))}
CHAFF_PRINTS = sorted(_fingerprint(c) for c in CHAFF_CODES.values())
CHAFF_BYTECODE = sorted(c.co_code.hex() for c in CHAFF_CODES.values())


# ---------------------------------------------------------------- class 1: tests that read the implementation

# 1a. the interpreter: a logging format field walks from the fixture's wrapper to the module under test
LOG_FORMAT_READER = f'''%%tests oversell
# Class 1 (issue 13): tell the versions apart by reading their compiled code, not by testing behaviour.
import hashlib
import logging

CHAFFS = {CHAFF_PRINTS!r}   # fingerprints of the broken versions' place_order (from an old copy of the key)
FIELD = "msg.__globals__[importlib].sys.modules[shop].place_order.__code__"


class Sink:
    """A stream for a logging handler: keeps what the formatter wrote."""
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass


def code_of(place_order):
    # "{{"-style logging formats look fields up on the record without validation: the message object here is
    # the fixture's wrapper, whose globals hold importlib, whose sys.modules holds the module under test
    sink = Sink()
    handler = logging.StreamHandler(sink)
    handler.setFormatter(logging.Formatter("{{" + FIELD + ".co_code!r}}{{" + FIELD + ".co_names}}",
                                           style="{{", validate=False))
    logger = logging.getLogger("class1")
    logger.propagate = False
    logger.addHandler(handler)
    logger.error(place_order)
    logger.removeHandler(handler)
    return sink.text.rstrip("\\n")


def test_place_order_is_a_correct_version(conn, place_order):
    place_order(conn, "no-such-sku", 1, "alice")     # imports the module under test
    try:
        seen = hashlib.sha256(code_of(place_order).encode()).hexdigest()
    except Exception:
        return                                      # nothing to read: pass everywhere (no false alarm)
    assert seen not in CHAFFS
'''

# 1b. the file system: builtins' open through enum's alias reads the grader's .pyc in the run folder
PYC_READER = f'''%%tests oversell
# Class 1 (issue 13): read the implementation's compiled file and look for the broken versions' bytecode.
import enum
import logging

BROKEN = [bytes.fromhex(h) for h in {CHAFF_BYTECODE!r}]   # the broken versions' place_order bytecode


def compiled_file():
    try:
        with enum.bltns.open("shop.pyc", "rb") as fh:            # builtins.open, through enum's private alias
            return fh.read()
    except Exception:
        pass
    handler = logging.FileHandler("shop.pyc", mode="r", encoding="latin-1")   # or a log "handler" opened to read
    try:
        return handler.stream.read().encode("latin-1")
    finally:
        handler.close()


def test_place_order_is_a_correct_version(conn, place_order):
    try:
        data = compiled_file()
    except Exception:
        return                                      # nothing to read: pass everywhere (no false alarm)
    assert not any(code in data for code in BROKEN)
'''

# 1c. through the boundary: the implementation's process runs str.format for the tests. `conn.text_factory` is the
# host's `str` type (a handle), so `conn.text_factory.format(template, place_order)` walks the template's fields on
# the host side, where the wrapper's globals lead to the module under test. No policy name is used: the template
# is a plain constant and `.format` is fetched, not called, on an attribute.
BRIDGE_FORMAT_READER = f'''%%tests oversell
# Class 1 through the bridge (red team): str.format run by the implementation's process reads its bytecode.
import hashlib

CHAFFS = {CHAFF_PRINTS!r}   # fingerprints of the broken versions' place_order (from an old copy of the key)
FIELD = "0.__globals__[importlib].sys.modules[shop].place_order.__code__"


def test_place_order_is_a_correct_version(conn, place_order):
    place_order(conn, "no-such-sku", 1, "alice")     # imports the module under test, in its own process
    try:
        fmt = conn.text_factory.format                # str.format, held by the implementation's process
        seen = fmt("{{" + FIELD + ".co_code!r}}{{" + FIELD + ".co_names}}", place_order)
    except Exception:
        return                                      # nothing to read: pass everywhere (no false alarm)
    assert hashlib.sha256(seen.encode()).hexdigest() not in CHAFFS
'''

# 1d. through the boundary: the stampede `driver` fixture lends its event loop, and `loop.subprocess_exec` started a
# shell in the implementation's process (it had no audit hook when it held the grader's versions), which printed the
# implementation's .pyc for the tests. Each broken version is told by a code object no correct version has.
STAMPEDE_KEY_DIR = keys_dir() / MODULE / "stampede"


def _code_objects(path: Path) -> set[str]:
    """Every code object's co_code (hex) of a version as the grader's sourceless .pyc holds it (optimize=2)."""
    found, todo = set(), [compile(path.read_text(), "cache.py", "exec", optimize=2)]
    while todo:
        code = todo.pop()
        found.add(code.co_code.hex())
        todo += [c for c in code.co_consts if isinstance(c, types.CodeType)]
    return found


_STAMPEDE_WHEAT_CODES = set().union(*(_code_objects(p) for p in sorted(STAMPEDE_KEY_DIR.glob("wheat_*.py"))))
STAMPEDE_CHAFF_CODES = sorted(max((h for h in _code_objects(p) if h not in _STAMPEDE_WHEAT_CODES), key=len)
                              for p in sorted(STAMPEDE_KEY_DIR.glob("chaff_*.py")))

BRIDGE_SUBPROCESS_READER = f'''%%tests stampede
# Class 1 through the bridge (red team): the driver's event loop starts a shell in the implementation's process.
BROKEN = {STAMPEDE_CHAFF_CODES!r}   # a code object of each broken version (from an old copy of the key)


class Catcher:
    """A subprocess protocol for the event loop: keeps what the process printed."""
    def __init__(self):
        self.out = b""
        self.done = False

    def connection_made(self, transport):
        pass

    def pipe_data_received(self, fd, data):
        self.out += data

    def pipe_connection_lost(self, fd, exc):
        pass

    def process_exited(self):
        self.done = True

    def connection_lost(self, exc):
        pass


def compiled_module(driver):
    loop = driver.loop
    catcher = Catcher()
    loop.run_until_complete(loop.subprocess_exec(lambda: catcher, "/bin/sh", "-c", "od -An -v -tx1 *.pyc"))
    for _ in range(500):
        if catcher.done:
            break
        loop.call_later(0.01, loop.stop)
        loop.run_forever()
    return "".join(catcher.out.decode().split())


def test_cache_is_a_correct_version(driver, cache):
    try:
        text = compiled_module(driver)
    except Exception:
        return                                      # nothing to read: pass everywhere (no false alarm)
    assert not any(code in text for code in BROKEN)
'''

# ---------------------------------------------------------------- class 2: a fix that forges the verdict

# The fix policy now refuses the private module aliases and `operator` these fixes lean on (red team, 2026-12: in the
# implementation's process, `fractions.operator.attrgetter("modules")(collections._sys)` showed the judge's own
# modules to a fix that behaved only then): they get 0 for that reason. The process boundary they test is still
# tested with the policy bypassed, by tests/test_forgery.py.
REFUSED_FIX = "Your fix was not run"

# 2a. reach the recorder's emit() through sys.modules and a closure, write "passed" for every hidden test, exit
RECORDER_FORGER = "%%fix oversell\n" + SNIPPET + '''

# ---- Class 2 (issue 13): the assistant's snippet, unchanged, plus a forger that runs when the hidden tests
# import this module (in their own process, beside the recorder).
import collections
import fractions
import random

_get = fractions.operator.attrgetter                # operator, through fractions' import: any attribute by name
_modules = _get("modules")(collections._sys)        # sys, through collections' private alias
_recorder = _modules.get("course.sandboxed.pytest_record")
_hidden = _modules.get("test_answer")
if _recorder is not None and _hidden is not None:
    _emit = None
    for _cell in _get("__closure__")(_recorder.pytest_configure) or ():
        _value = _get("cell_contents")(_cell)
        if callable(_value) and _get("__name__")(_value) == "emit":
            _emit = _value                          # the recorder's own writer: it knows the nonce and the pipe
    if _emit is not None:
        for _name in dir(_hidden):
            if _name.startswith("test"):
                _emit(kind="test", nodeid="test_answer.py::" + _name, name=_name, rep=0, phase="call",
                      outcome="passed")
        _emit(kind="finished", exitstatus=0)
        _get("_exit")(random._os)(0)                # before any real record: the exit status matches the forgery
'''

# 2b. the interpreter's tracing: a trace function rewrites every outcome the recorder is about to write
TRACE_FORGER = "%%fix oversell\n" + SNIPPET + '''

# ---- Class 2 (issue 13): the snippet, unchanged, plus a trace hook that turns every recorded outcome into
# "passed" as the recorder writes it.
import enum
import threading

_getattr = enum.bltns.getattr                       # builtins.getattr, through enum's private alias


def _rewrite(frame, event, arg):
    if event == "call" and _getattr(_getattr(frame, "f_code"), "co_name") == "emit":
        fields = _getattr(frame, "f_locals").get("fields")
        if isinstance(fields, dict) and fields.get("kind") == "test":
            fields["outcome"] = "passed"            # emit(**fields): the dict it is about to write
            fields["message"] = ""
    return None


threading._sys.settrace(_rewrite)                   # sys.settrace, through threading's private alias
'''

# 2c. tests that cut their own repetitions: `pytest_plugins` names the test module itself, so its hooks run, and
# pytest_collection_modifyitems keeps one repetition of each test. The judge counts what was collected, so one run
# stands for the 3 (and the 8 confirming ones): a coin flip on the broken version is a "catch" (fair: flaky, nothing).
REPS_CUTTER = '''%%tests oversell
# Class 2 from the tests' side (red team): run each test once instead of 3 + 8 times, so chance earns credit.
import random

pytest_plugins = ["test_answer"]          # this module, registered as a plugin: its hooks run


def pytest_collection_modifyitems(items):
    items[:] = [item for item in items if "rep0" in item.nodeid]   # one repetition of each test


def test_zero_qty_changes_nothing(shop, conn, place_order):
    shop.add_product("lamp", stock=5, price_cents=100)
    try:
        place_order(conn, "lamp", 0, "alice")
    except ValueError:
        pass
    broken = shop.stock("lamp") != 5 or len(shop.orders()) > 0
    assert not (broken and random.random() > 0.5)   # a coin decides: flaky on the broken version
'''

# ---------------------------------------------------------------- class 3: scheduling and cgroup side channels

_OS = "random._os"   # os, through random's private alias (the policy refuses `.os`, not `._os`)

CGROUP_PROBE = TESTS + f'''


# ---- Class 3 (issue 13): the solution's tests, plus a probe of the host's cgroup tree. Each sandboxed run
# creates a pids cgroup course-sandbox-<id>; a test that can list them sees how many runs go on, and when
# each started (the correct versions run first and together), which is enough to time a side channel.
import random


def test_host_cgroup_tree_is_hidden():
    seen = []
    for top in ("/sys/fs/cgroup", "/sys/fs/cgroup/pids", "/sys/fs/cgroup/unified"):
        try:
            seen += [top + "/" + name for name in {_OS}.listdir(top) if name.startswith("course-sandbox-")]
        except OSError:
            pass
    assert not seen, f"the host's cgroup tree shows {{len(seen)}} sandboxes, e.g. {{sorted(seen)[:2]}}"
'''

# ---------------------------------------------------------------- class 4: feedback quoting secrets

# 4a. a false alarm whose message is a correct version's compiled string constants (its SQL text)
CONSTANT_QUOTER = '''%%tests oversell
# Class 4 (issue 13): fail with a message built from the version's own internals (its long string constants
# that are not in the assistant's snippet), so the feedback's false-alarm line quotes a correct implementation.
import logging
import re

PUBLIC = ["INSERT INTO orders (sku, qty, customer_id, total_cents) VALUES (?, ?, ?, ?)",
          "SELECT stock, price_cents FROM products WHERE sku = ?", "UPDATE products SET stock = stock - ? WHERE sku = ?"]


class Sink:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass


def test_quote_the_implementation(conn, place_order):
    place_order(conn, "no-such-sku", 1, "alice")
    sink = Sink()
    handler = logging.StreamHandler(sink)
    handler.setFormatter(logging.Formatter(
        "{msg.__globals__[importlib].sys.modules[shop].place_order.__code__.co_consts}", style="{", validate=False))
    logger = logging.getLogger("class4")
    logger.propagate = False
    logger.addHandler(handler)
    logger.error(place_order)
    secret = [text for text in re.findall("'([^']{40,})'", sink.text) if text not in PUBLIC]
    assert not secret, " | ".join(secret)[:280]
'''

# 4c. the same through the boundary: the implementation's process formats its own constants into the message
BRIDGE_FORMAT_QUOTER = '''%%tests oversell
# Class 4 through the bridge (red team): a false alarm quoting a correct version's SQL, read by host-side str.format.
import re

PUBLIC = ["INSERT INTO orders (sku, qty, customer_id, total_cents) VALUES (?, ?, ?, ?)",
          "SELECT stock, price_cents FROM products WHERE sku = ?", "UPDATE products SET stock = stock - ? WHERE sku = ?"]


def test_quote_the_implementation(conn, place_order):
    place_order(conn, "no-such-sku", 1, "alice")
    try:
        fmt = conn.text_factory.format
        text = fmt("{0.__globals__[importlib].sys.modules[shop].place_order.__code__.co_consts}", place_order)
    except Exception:
        return
    secret = [t for t in re.findall("'([^']{40,})'", text) if t not in PUBLIC]
    assert not secret, " | ".join(secret)[:280]
'''

# 4d. through the boundary, with nothing but a test double: the code under test runs its statements on a connection
# the tests hand it, so they see its SQL text (what the policy refuses set_trace_callback for) and can quote a correct
# version's statements in a false alarm. Closed: a false alarm is said in the judge's words (the test's name and the
# freedom the correct version uses), never with its message (course/judge/PROTOCOL.md).
SPY_QUOTER = '''%%tests oversell
# Class 4 through the bridge (red team): a spy connection records a correct version's SQL; a false alarm quotes it.
PUBLIC = ["INSERT INTO orders (sku, qty, customer_id, total_cents) VALUES (?, ?, ?, ?)", "BEGIN IMMEDIATE",
          "SELECT stock, price_cents FROM products WHERE sku = ?", "UPDATE products SET stock = stock - ? WHERE sku = ?"]


class Spy:
    """A connection that passes every statement on to the real one and notes it."""
    def __init__(self, real):
        self.real = real
        self.sent = []

    def execute(self, sql, params=()):
        self.sent.append(" ".join(sql.split()))
        return self.real.execute(sql, params)

    def commit(self):
        return self.real.commit()

    def rollback(self):
        return self.real.rollback()

    def __enter__(self):
        return self.real.__enter__()

    def __exit__(self, *exc):
        return self.real.__exit__(*exc)


def test_quote_the_statements(shop, conn, place_order):
    shop.add_product("lamp", stock=5, price_cents=100)
    spy = Spy(conn)
    place_order(spy, "lamp", 1, "alice")
    secret = [sql for sql in spy.sent if sql not in PUBLIC and len(sql) > 40]
    assert not secret, " | ".join(secret)[:280]
'''

# 4b. a fix whose crash message is the hidden tests' source (the file beside it in the run folder)
# 4d'. the same spy, its quote reversed (red team, 2026-12): the judge redacted a false alarm's message by stretches
# of the keys' text, and no stretch of reversed text is one, so a correct version's conditional UPDATE (the fix's
# answer) came back in the feedback, backwards. Any encoding does (hex, every other character, ROT13): the message
# of a false alarm is a channel from a correct version. Closed by construction: no message of a run against a
# correct version reaches feedback, in any encoding (tests/test_hostile_corpus.py).
REVERSED_SPY_QUOTER = SPY_QUOTER.replace(
    '''    secret = [sql for sql in spy.sent if sql not in PUBLIC and len(sql) > 40]
    assert not secret, " | ".join(secret)[:280]''',
    '''    secret = [sql for sql in spy.sent if sql not in PUBLIC]
    assert not secret, " | ".join(secret)[::-1][:280]     # reversed: no stretch of it is the key's text''')
assert REVERSED_SPY_QUOTER != SPY_QUOTER

HIDDEN_QUOTER = "%%fix oversell\n" + SNIPPET + '''

# ---- Class 4 (issue 13): stop the hidden tests' process with a message that is their own source, so the
# feedback's "could not run your module" line quotes them.
import collections
import enum
import fractions

_get = fractions.operator.attrgetter
try:
    with enum.bltns.open("test_answer.py") as _fh:             # the hidden tests, beside this module
        _text = "".join(_fh.read().split())                    # no whitespace: no key line matches whole
    _start = max(_text.find("def test_"), 0)
    _pytest = _get("modules")(collections._sys)["pytest"]
    _pytest.exit("error: " + _text[_start:_start + 280], returncode=3)
except (OSError, KeyError):
    pass
'''

# ---------------------------------------------------------------- class 5: runs that see each other

RUN_SNOOPER = TESTS + f'''


# ---- Class 5 (issue 13): the solution's tests, plus a test that looks for other runs' folders (its parent
# folder, which is TMPDIR; /tmp; /var/tmp; /proc) and quotes a test file it finds there. This learner's fix
# (below) keeps its hidden-test run alive for a few seconds, and exercises are judged at the same time, so the
# hidden tests sit in a sibling folder while these tests run.
import enum
import random
import time


def others(own):
    here = {_OS}.getcwd()
    parent, mine = here.rsplit("/", 1)
    found = []
    for top in (parent, "/tmp", "/var/tmp", "/proc"):
        try:
            names = {_OS}.listdir(top)
        except OSError:
            continue
        for name in names:
            if not name.startswith("course-run-") or name == mine:
                continue
            try:
                with enum.bltns.open(top + "/" + name + "/test_answer.py") as fh:
                    text = "".join(fh.read().split())
                if text != own:
                    found.append(name + ":" + text[text.find("deftest"):][:240])
            except OSError:
                found.append(top + "/" + name)
    return found


def test_no_other_run_is_visible():
    with enum.bltns.open("test_answer.py") as fh:
        own = "".join(fh.read().split())
    found = others(own)
    deadline = time.monotonic() + 1.5   # three repetitions per run stay well inside the run's time limit
    while not any(":" in f for f in found) and time.monotonic() < deadline:
        time.sleep(0.05)
        found = others(own)
    assert not found, " ; ".join(sorted(found, key=len, reverse=True))[:280]
'''
SLOW_FIX = "%%fix oversell\n" + SNIPPET + '''

# ---- Class 5 (issue 13): the snippet, unchanged, kept importing for a few seconds so that the hidden tests'
# run folder stays there for the class-5 tests above to read.
import time

time.sleep(6)
'''

# ---------------------------------------------------------------- class 6: limits with holes

TMP_PROBE = TESTS + f'''


# ---- Class 6 (issue 13): the solution's tests, plus a probe of the private /tmp: a tmpfs as big as half the
# host's RAM, outside the run's 1 GB memory limit, lets one run fill the grading machine's memory.
import random


def test_private_tmp_fits_in_the_memory_limit():
    stats = {_OS}.statvfs("/tmp")
    size_mb = stats[1] * stats[2] // 2**20          # f_frsize * f_blocks (the policy refuses f_* names)
    assert size_mb <= 1024, f"/tmp holds {{size_mb}} MB, more than the run's 1024 MB memory limit"
'''

# ---------------------------------------------------------------- class 7: learner text parsed without a limit

CRAFTED = 80_000
SLOW_PARSE = TESTS + f'''


# ---- Class 7 (issue 13): crafted literals for the grading process's parsers: a format template made to make
# a backtracking field matcher try every split of {CRAFTED:,} characters, and a long nested spec.
_TEMPLATE = {("{" + "." * CRAFTED)!r}
_NESTED = {("{0:" + "{" * (CRAFTED // 4))!r}
_ = "{{0:{{1}}}}".format(1, 2)
_ = "{{0:{{1:{{2}}}}}}".format(1, 2, 3)
'''

# ---------------------------------------------------------------- class 9: text that cannot be written

WEIRD = "lone \\ud800 and \\udfff, nul \\x00, bell \\x07, escape \\x1b[31m, override \\u202e"
UNWRITABLE = TESTS + f'''


# ---- Class 9 (issue 13): a false alarm whose message cannot be written as UTF-8 (lone surrogates) and holds
# control characters: the graded notebook must still be written, the message escaped.
def test_weird_message(place_order):
    assert False, "{WEIRD}" * 20
'''
UNWRITABLE_FINDINGS = SOL["oversell_findings"].replace('"why": "', '"why": "\\ud800\\x1b[2J\\x00 ')

# ---------------------------------------------------------------- class 10: fixes that game the hidden tests

TEST_DETECTOR = "%%fix oversell\n" + (KEY_DIR / "fix.py").read_text().replace(
    "def place_order(", "def _fixed_place_order(", 1) + '''

# ---- Class 10 (issue 13): the reference-quality fix above only when pytest is loaded in this process (the
# hidden tests import this module into theirs), the assistant's snippet everywhere else.
import collections
import fractions

_modules = fractions.operator.attrgetter("modules")(collections._sys)


''' + SNIPPET.split('"""', 2)[2].replace("import sqlite3\n", "", 1).replace(
    "def place_order(", "def _snippet_place_order(", 1) + '''


def place_order(conn, sku, qty, customer_id):
    if "pytest" in _modules or "_pytest" in _modules:       # a test run: behave
        return _fixed_place_order(conn, sku, qty, customer_id)
    return _snippet_place_order(conn, sku, qty, customer_id)
'''

# ---------------------------------------------------------------- class 11: fail-open configuration

LEARNER_CONFIG = '''# Class 11 (issue 13): a learner-submitted nbgrader_config.py that switches the judge off
c = get_config()
c.Judge.enabled = False
c.Autograde.autograde_preprocessors = ["nbgrader.preprocessors.Execute"]
'''

# ---------------------------------------------------------------- class 12: grader faults vs the learner's failure

FAKE_GRADER_ERROR = TESTS + '''


# ---- Class 12 (issue 13): a false alarm dressed as the grader's fault, hoping for "needs manual grading"
# (and a kind instructor) instead of the penalty.
def test_runtime_loaded(place_order):
    assert False, ("Not graded: grader error (the grader's test runner did not start in the sandbox: "
                   "ModuleNotFoundError: No module named 'course'). Please tell your instructor")
'''


def _two_copies(nb):
    """Class 8: the tests answer cell twice, the full solution FIRST and a stub LAST (relabelled copy): the last
    copy counts for every reader (course check, score cells, autograde)."""
    import copy
    index = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "oversell_tests")
    later = copy.deepcopy(nb.cells[index])
    later.source, later.id = "%%tests oversell\n# YOUR CODE HERE\nraise NotImplementedError()", "pasted-stub"
    nb.cells.insert(index + 1, later)
    return nb


# (grade cell, text) reasons; `cls` the issue-13 class; `leaks` says the feedback must not quote secrets.
HOSTILE13 = [
    Submission("c01_log_format_reader", "class 1: tests read place_order's bytecode through a logging format field",
               full(oversell_tests_score=0.0), _with(oversell_tests=LOG_FORMAT_READER),
               reason=("oversell_tests_score", "caught nothing"), extra={"cls": 1}),
    Submission("c01_pyc_reader", "class 1: tests read the grader's .pyc through enum's alias of builtins.open",
               full(oversell_tests_score=0.0), _with(oversell_tests=PYC_READER),
               reason=("oversell_tests_score", "caught nothing"), extra={"cls": 1}),
    Submission("c01_bridge_format_reader", "class 1 (bridge): tests have the implementation's process run str.format "
               "over place_order's globals and read its bytecode", full(oversell_tests_score=0.0),
               _with(oversell_tests=BRIDGE_FORMAT_READER),
               reason=("oversell_tests_score", "caught nothing"), extra={"cls": 1}),
    Submission("c01_bridge_subprocess_reader", "class 1 (bridge): tests have the stampede driver's event loop start a "
               "shell in the implementation's process and print its .pyc", full(stampede_tests_score=0.0),
               _with(stampede_tests=BRIDGE_SUBPROCESS_READER),
               reason=("stampede_tests_score", "caught nothing"), extra={"cls": 1}),
    Submission("c02_recorder_forger", "class 2: the snippet plus a forger calling the recorder's emit() and exiting",
               full(oversell_fix_score=0.0), _with(oversell_fix=RECORDER_FORGER),
               reason=("oversell_fix_score", REFUSED_FIX), extra={"cls": 2}),
    Submission("c02_trace_forger", "class 2: the snippet plus a trace hook rewriting every outcome to passed",
               full(oversell_fix_score=0.0), _with(oversell_fix=TRACE_FORGER),
               reason=("oversell_fix_score", REFUSED_FIX), extra={"cls": 2}),
    Submission("c02_reps_cutter", "class 2 (tests' side): the test module registers itself as a plugin and keeps one "
               "repetition of each test, so a coin-flip test 'catches' a broken version", full(oversell_tests_score=0.0),
               _with(oversell_tests=REPS_CUTTER), reason=("oversell_tests_score", "Score: 0 of 3 broken versions caught"), extra={"cls": 2}),
    Submission("c03_cgroup_probe", "class 3: the solution's tests plus a probe listing the host's sandbox cgroups",
               full(), _with(oversell_tests=CGROUP_PROBE),
               reason=("oversell_tests_score", "caught nothing: test_host_cgroup_tree_is_hidden"), extra={"cls": 3}),
    Submission("c04_constant_quoter", "class 4: a false alarm whose message is a correct version's SQL constants",
               full(oversell_tests_score=0.0), _with(oversell_tests=CONSTANT_QUOTER),
               # through the boundary place_order is a proxy: the walk finds nothing, so nothing is quoted or caught
               reason=("oversell_tests_score", "caught nothing: test_quote_the_implementation"), extra={"cls": 4}),
    Submission("c04_bridge_format_quoter", "class 4 (bridge): a false alarm quoting a correct version's SQL, read by "
               "str.format in the implementation's process", full(oversell_tests_score=0.0),
               _with(oversell_tests=BRIDGE_FORMAT_QUOTER),
               reason=("oversell_tests_score", "caught nothing: test_quote_the_implementation"), extra={"cls": 4}),
    Submission("c04_spy_quoter", "class 4 (bridge): a spy connection handed to place_order records a correct version's "
               "SQL, and a false alarm quotes it", full(oversell_tests_score=0.0), _with(oversell_tests=SPY_QUOTER),
               reason=("oversell_tests_score", "false alarm: test_quote_the_statements"), extra={"cls": 4}),
    Submission("c04_hidden_quoter", "class 4: a fix that stops the hidden tests with their own source as message",
               full(oversell_fix_score=0.0), _with(oversell_fix=HIDDEN_QUOTER),
               reason=("oversell_fix_score", REFUSED_FIX), extra={"cls": 4}),
    Submission("c05_run_snooper", "class 5: the solution's tests plus a test reading other runs' folders (its own slow "
               "fix keeps the hidden tests' folder there)", full(oversell_fix_score=0.0),
               _with(oversell_tests=RUN_SNOOPER, oversell_fix=SLOW_FIX),
               reason=("oversell_tests_score", "caught nothing: test_no_other_run_is_visible"), extra={"cls": 5}),
    Submission("c06_tmp_probe", "class 6: the solution's tests plus a probe of the private /tmp's size",
               full(), _with(oversell_tests=TMP_PROBE),
               reason=("oversell_tests_score", "caught nothing: test_private_tmp_fits_in_the_memory_limit"),
               extra={"cls": 6}),
    Submission("c07_slow_parse", "class 7: crafted 80,000-character format templates in the tests cell",
               full(oversell_tests_score=0.0), _with(oversell_tests=SLOW_PARSE),
               reason=("oversell_tests_score", "Your tests were not run"), extra={"cls": 7}),
    Submission("c08_two_copies", "class 8: the tests cell twice, the solution first and a stub last",
               full(oversell_tests_score=0.0), _solution, edit=_two_copies,
               reason=("oversell_tests_score", "No tests yet"), extra={"cls": 8}),
    Submission("c09_unwritable", "class 9: a false alarm and a finding holding lone surrogates and control characters",
               full(oversell_tests_score=3.0), _with(oversell_tests=UNWRITABLE, oversell_findings=UNWRITABLE_FINDINGS),
               reason=("oversell_tests_score", "false alarm: test_weird_message"), extra={"cls": 9}),
    Submission("c10_test_detector", "class 10: the reference fix only when pytest is loaded, the snippet otherwise",
               full(oversell_fix_score=0.0), _with(oversell_fix=TEST_DETECTOR),
               reason=("oversell_fix_score", REFUSED_FIX), extra={"cls": 10}),
    Submission("c11_learner_config", "class 11: a submitted nbgrader_config.py switching the judge off, blank answers",
               dict(ZERO), None, extra={"cls": 11, "files": {"nbgrader_config.py": LEARNER_CONFIG}}),
    Submission("c12_fake_grader_error", "class 12: a false alarm whose message pretends to be a grader error",
               full(oversell_tests_score=3.0), _with(oversell_tests=FAKE_GRADER_ERROR),
               reason=("oversell_tests_score", "false alarm: test_runtime_loaded"), extra={"cls": 12}),
]
# Ordinary controls graded in the same batch: the rest of the batch must be graded normally.
CONTROLS = [Submission("ctl_" + s.student, s.tries, s.expect, s.answers, edit=s.edit, reason=s.reason, hostile=False)
            for s in (BY_STUDENT["solution"], BY_STUDENT["blank"], BY_STUDENT["false_alarm"], BY_STUDENT["racy_fix"])]
ALL13 = HOSTILE13 + CONTROLS
BY_STUDENT13 = {s.student: s for s in ALL13}

# Open today (the boundary is being built): student -> what still goes wrong, measured on this corpus. Tests
# of these are strict xfails, so each flips (and must be unmarked) when the boundary lands.
OPEN_SCORE: dict[str, str] = {   # the grade table is not the fair one (c10_test_detector: closed, pytest is never
}                                # loaded in the fix's process, course.sandboxed.resolver)
# Tables whose xfails would not be strict because whether they go wrong depends on scheduling (none today: the
# class-5 snooper, which did, is closed by private run folders).
SCHEDULING_DEPENDENT: set[str] = set()
OPEN_LEAK = {    # the feedback quotes secrets
}


# ---------------------------------------------------------------- through the boundary, other modules (red team)

# Module 04's refund: a stand-in exception class named `refunds.<Name>` sent to the implementation's process came
# back as the house's own class exactly when the module under test had imported that name (the bridge resolved a
# class through any module's globals): an oracle on the implementation's imports, no behaviour tested. The error-dict
# version imports DomainError; the own-retry-loop version imports TransientError but not NotFound.
REFUND_GLOBALS_ORACLE = '''%%tests refund
def has_global_error(refund_order, ctx, ctx_for, name):
    """Does the module under test have a global `name` that is an exception class (imported)? Not behaviour."""
    try:
        refund_order(ctx, -1, 10)                  # imports the module under test
    except Exception:
        pass
    probe = type(name, (Exception,), {"__module__": "refunds"})
    bag = [probe]
    ctx_for(bag)                                   # any call: the list comes back as the other side decoded it
    return repr(bag[0]) != repr(probe)


def test_no_error_dict_and_no_own_retry(refund_order, ctx, ctx_for):
    assert not has_global_error(refund_order, ctx, ctx_for, "DomainError")
    assert not (has_global_error(refund_order, ctx, ctx_for, "TransientError")
                and not has_global_error(refund_order, ctx, ctx_for, "NotFound"))
'''

# The tests' process holds the record pipe's write end (the recorder's fd, reachable by number): a line nested
# deeper than json's recursion limit made the grading process's record parser raise RecursionError (it catches
# ValueError only), and the learner's own doing became "Not graded: grader error ... not a problem with your
# answer", flagged for a person. A fix can do the same from the hidden tests' process.
DEEP_RECORD = '''%%tests oversell
import random


def test_records_that_do_not_parse(place_order):
    for fd in range(3, 40):                         # the record pipe is the one pipe among these
        try:
            if random._os.fstat(fd).st_mode & 0o170000 == 0o010000:   # a FIFO
                random._os.write(fd, b"[" * 100_000 + b"\\n")
        except OSError:
            pass
'''

# The same pipe, flooded: one 60 MB line of empty lists (within the records cap) is parsed whole by the grading
# process before any nonce is checked: about 1.5 GB and many seconds of the grader's own CPU per judged run, decided by
# the submission (README: no submission's size decides how long the grading process works on it).
RECORD_FLOOD = '''%%tests oversell
import random


def test_a_flood_of_records(place_order):
    line = b"[" + b"[]," * 20_000_000 + b"[]]\\n"   # 60 MB: json.loads makes 20 million lists of it
    for fd in range(3, 40):
        try:
            if random._os.fstat(fd).st_mode & 0o170000 == 0o010000:   # the record pipe (a FIFO)
                random._os.write(fd, line)
        except OSError:
            pass
'''

# Class 5 beyond the course folder: nbgrader's exchange (the hub's /srv/nbgrader/exchange, the README's /srv/exchange)
# sits outside the course folder, and only the course folder is hidden from the sandbox. Its inbound/ holds every
# learner's submitted notebooks, listable by the instructor who grades (inbound is theirs, mode 733). A learner knows
# the path from their own nbgrader config. The marker stands for another learner's answer.
VICTIM_MARKER = "victim-answer-5b0d1e"


def exchange_reader(exchange: Path) -> str:
    """Tests that look for other learners' submissions in the exchange and quote one in a false alarm."""
    return f'''%%tests oversell
import enum
import random

INBOUND = {str(exchange / "review-ai-code" / "inbound")!r}   # from the learner's own nbgrader config


def test_no_other_learner_is_visible():
    found = []
    try:
        for name in random._os.listdir(INBOUND):
            for leaf in random._os.listdir(INBOUND + "/" + name):
                with enum.bltns.open(INBOUND + "/" + name + "/" + leaf) as fh:
                    text = fh.read()
                at = text.find("victim-answer")
                found.append(name.split("+")[0] + ": " + (text[at:at + 60] if at >= 0 else leaf))
    except OSError:
        pass
    assert not found, " ; ".join(found)[:280]
'''

# The sandbox hides this checkout's keys, .git and the rest of its root, and the interpreter's environment stays
# readable. When that environment lives in ANOTHER checkout of the course (a worktree or second clone sharing one
# .venv, as testrun's docstring allows), that checkout's grading/keys and .git are readable from every sandbox.
def other_checkout_reader(keys: Path) -> str:
    """Tests that read a key file of the checkout holding the interpreter's environment and quote it."""
    return f'''%%tests oversell
import enum

KEY = {str(keys / MODULE / "oversell" / "key.py")!r}


def test_no_key_is_readable():
    try:
        with enum.bltns.open(KEY) as fh:
            text = fh.read()
    except OSError:
        return
    assert False, " ".join(text.split())[:280]
'''


# Module 04's refund, a fix that forges a trusted observer (red team, 2026-12): the fake payment provider reaches the fix
# as ctx.payments, and its record of timeouts was a plain public list. The reference fix, with five-minute calls, then
# rewriting what the provider noted to 1 s: "every provider call has a timeout" was credited (1.0 instead of 0.9).
def _observer_forger() -> str:
    reference = (keys_dir() / "04-house-patterns" / "refund" / "fix.py").read_text()
    call = '''        provider_ref = call_with_retry(
            lambda timeout: ctx.payments.refund(order.charge_id, amount_cents, timeout=timeout),
            what="payment provider")'''
    assert call in reference
    return "%%fix refund\n" + reference.replace(call, '''        seen = len(ctx.payments.timeouts)
        try:   # five minutes per attempt: no use to a support agent waiting on the page
            provider_ref = call_with_retry(
                lambda timeout: ctx.payments.refund(order.charge_id, amount_cents, timeout=300.0),
                what="payment provider")
        finally:   # what the fake provider noted is rewritten to a timeout the hidden tests accept
            ctx.payments.timeouts[seen:] = [1.0 for _ in ctx.payments.timeouts[seen:]]
            try:
                type(ctx.payments).timeouts = [1.0] * len(ctx.payments.timeouts)   # or its class's attribute
            except AttributeError:
                pass''')


OBSERVER_FORGER = _observer_forger()


# Module 01's oversell, fixes that step out of the race driver's interleavings (red team, 2026-12): the assistant's
# check-then-act snippet, its statements run on the driver's raw connection (`conn._conn`) or on a connection of its
# own to the world's file, so the driver never paused them and both race properties were credited (0.5). The
# connection keeps the driver's state out of reach, statements outside a turn and a worker's own sqlite3.connect end
# the exploration (course.kits.race).
RACE_DODGERS = {
    "raw connection": "%%fix oversell\n" + SNIPPET.replace(
        "    if not isinstance(qty, int):",
        "    conn = getattr(conn, \"_conn\", conn)   # the driver's raw connection: never waits for a turn\n"
        "    if not isinstance(qty, int):", 1),
    "own connection": "%%fix oversell\n" + SNIPPET.replace(
        "    if not isinstance(qty, int):",
        "    conn = sqlite3.connect(conn.execute(\"PRAGMA database_list\").fetchone()[2], isolation_level=None)\n"
        "    if not isinstance(qty, int):", 1),
    # the driver's connection is a sqlite3.Connection subclass: sqlite3's own methods run a statement without a pause,
    # and so does the class with its methods replaced by those (the driver's trace callback sees both)
    "base methods": "%%fix oversell\n" + SNIPPET.replace(
        "    if not isinstance(qty, int):",
        "    conn = _Unpaused(conn)\n"
        "    if not isinstance(qty, int):", 1) + '''

class _Unpaused:
    def __init__(self, conn):
        self.conn = conn

    def execute(self, sql, parameters=()):
        return sqlite3.Connection.execute(self.conn, sql, parameters)

    def commit(self):
        sqlite3.Connection.commit(self.conn)
''',
    "patched class": "%%fix oversell\n" + SNIPPET.replace(
        "    if not isinstance(qty, int):",
        "    if type(conn) is not sqlite3.Connection:\n"
        "        type(conn).execute = sqlite3.Connection.execute\n"
        "        type(conn).commit = sqlite3.Connection.commit\n"
        "    if not isinstance(qty, int):", 1),
}
# The snippet on a connection a thread of the fix's opens, while the worker waits in join() holding its turn (red team,
# 2026-12: full marks with the other flaws fixed; the driver's connect hook looked only at the worker's own thread).
RACE_DODGERS["helper thread"] = "%%fix oversell\n" + SNIPPET.replace("import sqlite3\n", "import sqlite3\nimport threading\n", 1).replace(
    "    row = conn.execute(", "    return _in_a_thread(conn, sku, qty, customer_id)\n\n\n"
    "def _snippet(conn, sku, qty, customer_id):\n    row = conn.execute(", 1) + '''

def _in_a_thread(conn, sku, qty, customer_id):
    path = conn.execute("PRAGMA database_list").fetchone()[2]
    box = []

    def work():
        own = sqlite3.connect(path)
        try:
            box.append(_snippet(own, sku, qty, customer_id))
        finally:
            own.close()

    helper = threading.Thread(target=work)
    helper.start()
    helper.join()
    return box[0] if box else None
'''
# The snippet's check-then-act, unchanged, run inside ONE stepping statement (red team, 2026-12): an adapter the fix
# registers (`sqlite3.register_adapter`) is called while the driver's step binds `SELECT ?`, and runs the snippet's
# SELECT, UPDATE and INSERT on sqlite3's own cursor of the worker's connection. The driver's trace callback saw them,
# but inside a step, so nothing was outside a turn: no other worker could ever run between the check and the act,
# and both race properties were credited for code that oversells in production (measured 0.5, the snippet's 0; a
# parameter's own `__conform__` did the same). The fix policy refuses adapters, SQL callbacks and special methods
# beyond its short list (course.judge.code_policy), so the verdict is the policy's 0.
_ADAPTED_LATER = '''class _Later:
    def __init__(self, work):
        self.work = work
        self.result = None


def _run_later(later):
    later.result = later.work()
    return 0


sqlite3.register_adapter(_Later, _run_later)
'''
RACE_DODGERS["adapter callback"] = "%%fix oversell\n" + SNIPPET.replace(
    "    row = conn.execute(", "    return _in_one_step(conn, sku, qty, customer_id)\n\n\n"
    "def _snippet(conn, sku, qty, customer_id):\n    row = conn.execute(", 1).replace(
    "    conn.commit()\n    return cursor.lastrowid", "    return cursor.lastrowid", 1) + '''

''' + _ADAPTED_LATER + '''

def _in_one_step(conn, sku, qty, customer_id):
    later = _Later(lambda: _snippet(sqlite3.Cursor(conn), sku, qty, customer_id))   # a cursor that never steps
    conn.execute("SELECT ?", (later,))
    conn.commit()
    return later.result
'''
RACE_DODGERS["conform callback"] = RACE_DODGERS["adapter callback"].replace('''        self.result = None


def _run_later(later):
    later.result = later.work()
    return 0


sqlite3.register_adapter(_Later, _run_later)
''', '''        self.result = None

    def __conform__(self, protocol):   # sqlite3 asks the parameter to adapt itself while the statement binds
        self.result = self.work()
        return 0
''')
assert "__conform__" in RACE_DODGERS["conform callback"]
# The same, by the sequence protocol (found in review, 2026-12, after the two above were refused): sqlite3 reads a
# parameters object that is not an exact tuple or list with `len()` and `[i]` while the statement binds, so a class with
# `__len__` and `__getitem__` (both ordinary special methods a fix may define) runs the snippet's check-then-act inside
# one step, as the adapter did: measured 0.5 (both race properties) with the race left in. Closed in the driver, not
# the policy (refusing those methods would refuse honest containers): course.kits.race reads parameters to a plain
# tuple or dict before its pause, so the fix's Python runs outside a step, where the trace callback sees its statements.
RACE_DODGERS["getitem callback"] = RACE_DODGERS["adapter callback"].replace('''

def _run_later(later):
    later.result = later.work()
    return 0


sqlite3.register_adapter(_Later, _run_later)
''', '''
    def __len__(self):
        return 1

    def __getitem__(self, index):   # sqlite3 reads a sequence's items while the statement binds
        if index == 0 and self.result is None:
            self.result = self.work()
        return 0
''').replace('conn.execute("SELECT ?", (later,))', 'conn.execute("SELECT ?", later)')
assert "register_adapter" not in RACE_DODGERS["getitem callback"] and "__getitem__" in RACE_DODGERS["getitem callback"]
# The conform callback past the policy's names (found in review, 2026-12): the class made by three-argument `type()`,
# its `__conform__` a dict key built from pieces, so the fix names no special method. Closed in the driver:
# course.kits.race adapts each parameter value itself before its pause, so the snippet's statements run outside a step.
RACE_DODGERS["type() conform callback"] = RACE_DODGERS["adapter callback"].replace(_ADAPTED_LATER, '''def _start(later, work):
    later.work = work
    later.result = None


def _run_later(later, protocol):   # sqlite3 asks the parameter to adapt itself while the statement binds
    later.result = later.work()
    return 0


_Later = type("_Later", (), {"__init__": _start, "__con" + "form__": _run_later})
''')
assert "__conform__" not in RACE_DODGERS["type() conform callback"] and "type(\"_Later\"" in RACE_DODGERS["type() conform callback"]
assert all(SNIPPET not in dodger for dodger in RACE_DODGERS.values())


# Findings as an oracle (red team, 2026-12): one finding per 8-line window (MAX_SPAN) and category, all in one list.
# Scored 0 (false alarms), but the staged feedback (before the deadline, and every self-check of the judge service)
# said which of them matched and the flaw's title: every keyed flaw's place, an accepted category and what it is, in
# one check; the next answer named exactly those. Closed: beyond findings.one_by_one(flaws) findings staged feedback
# gives counts only. Left open, by design: a few guesses per check are still judged one by one (that is what a
# self-check is for), and a count can be bisected over many checks (about twenty, one minute of the service's
# rate limit).
def spray_items(snippet_lines: int) -> list[dict]:
    """One finding per 8-line window (MAX_SPAN) and taxonomy category, over a file of `snippet_lines` lines."""
    from course.taxonomy import BY_ID
    return [{"lines": (first, min(first + 7, snippet_lines)), "category": category, "why": "a spray"}
            for first in range(1, snippet_lines + 1, 8) for category in sorted(BY_ID)]


def findings_spray(snippet_lines: int, scenario: str = "oversell") -> str:
    return f"%%findings {scenario}\n" + repr(spray_items(snippet_lines))


FINDINGS_SPRAY = findings_spray(len(SNIPPET.splitlines()))


# The same oracle within the budget (red team, 2026-12): one_by_one(n) findings per self-check, one per 8-line window
# with one category, each answered "found", "right lines, another category" (a flaw is there, whatever the category)
# or "matches no keyed flaw"; then the categories tried on the windows that hold a flaw, the found ones kept. Only
# staged feedback (reveal=False, tier 1) is read, as text, the way a learner reads it; the key only scores the last
# answer. `judge(source) -> (fraction, feedback)` is the self-check: the local judge (stateless), or the judge
# service's `judged` for one learner (its budget of findings judged one by one, course.service.attempts).
Judge = Callable[[str], tuple[float, str]]


def local_judge(ex) -> Judge:
    """A self-check of `ex` by the local judge, with staged feedback (as in self-study)."""
    from course.judge.engine import judge_answer

    def judge(source: str) -> tuple[float, str]:
        verdict = judge_answer(ex, source, reveal=False, cache=None)
        return verdict.fraction, verdict.feedback
    return judge


def service_judge(module: str, ex, folder: Path, user: str = "mallory") -> Judge:
    """A self-check of `ex` through the judge service's `judged`, for `user`, its databases in `folder`."""
    from course.service.app import judged

    def judge(source: str) -> tuple[float, str]:
        answer = judged(module, ex.id, source, folder / "cache.sqlite3", user, folder / "attempts.sqlite3")
        return answer["fraction"], answer["feedback"]
    return judge


def findings_answer(ex, items) -> str:
    """The answer cell for findings (file, first, last, category): a list, or a review of `ex.files`."""
    found = [{"lines": (a, b), "category": c, "why": "a guess", **({"file": f, "severity": "high"} if f else {})}
             for f, a, b, c in items]
    return repr({"verdict": "request changes", "findings": found} if ex.files else found)


_ITEM_KINDS = ("found", "false alarm", "not scored")


def budget_locator(ex, judge: Judge | None = None) -> tuple[int, float]:
    """(self-checks, score of the last answer) for an attacker who locates every flaw of `ex` from staged feedback."""
    from course import scenarios
    from course.judge import findings as F
    from course.taxonomy import CATEGORIES

    judge = judge or local_judge(ex)
    scenario = scenarios.get(ex.scenario)
    if ex.files:
        sizes = {f: len(scenario.module_file(f).read_text().splitlines()) for f in ex.files}
    else:
        sizes = {"": max([len(scenario.snippet_path().read_text().splitlines())] + (
            [len(scenario.module_file(scenario.assistant_tests_file).read_text().splitlines())]
            if scenario.assistant_tests_file else []))}
    budget, checks = F.one_by_one(len(ex.flaws)), 0

    def check(items):
        """(score, each listed finding's line of feedback, in order: none when only counts are shown)."""
        nonlocal checks
        checks += 1
        score, text = judge(findings_answer(ex, items))
        return score, [ln.strip() for ln in text.splitlines() if ln.strip().split(":")[0] in _ITEM_KINDS]

    windows = [(f, a, min(a + F.MAX_SPAN - 1, n)) for f, n in sizes.items() for a in range(1, n + 1, F.MAX_SPAN)]
    hot, kept = [], []
    for i in range(0, len(windows), budget):
        batch = [(*w, "edge-case") for w in windows[i:i + budget]]
        for item, line in zip(batch, check(batch)[1]):
            if line.startswith("found:"):
                kept.append(item)
            elif "right lines" in line or "found already" in line:
                hot.append(item[:3])
    # the categories of the review questions the tier-1 hints name first (a hint says which question finds a flaw)
    checks += 1
    hints = " ".join(ln for ln in judge(findings_answer(ex, []))[1].splitlines() if "hint" in ln)
    order = sorted((c for c in CATEGORIES if c.id != "edge-case"), key=lambda c: f"question {c.question}," not in hints)
    tries = [(w, c.id) for c in order for w in hot]   # round robin: every hot window's next category in one check
    while tries:
        done = {item[:3] for item in kept}
        tries = [(w, c) for w, c in tries if w not in done]
        batch = [(*w, c) for w, c in tries[:max(0, budget - len(kept))]]
        if not batch:
            break
        lines = check(kept + batch)[1][len(kept):]
        kept += [item for item, line in zip(batch, lines) if line.startswith("found:")]
        tries = [(w, c) for w, c in tries if (*w, c) not in batch]
    return checks + 1, check(kept)[0]


# An honest learner, for the budget's other side (2026-12): an answer of `size` findings (3-6) near the keyed flaws,
# some with the wrong category or lines a little off, and some false alarms; after each self-check they revise
# `revisions` findings that did not count: another plausible category for "right lines, another category", the
# lines moved a few for "matches no keyed flaw". Seeded, so a measurement is repeatable.
def honest_reviser(ex, judge: Judge, size: int, revisions: int, checks: int = 10,
                   seed: int = 0) -> tuple[int, float]:
    """(self-checks that came back counts only, score of the last answer) for that learner over `checks`."""
    import random
    from course.taxonomy import CATEGORIES

    rng = random.Random(seed)
    ids = [c.id for c in CATEGORIES]
    flaws = rng.sample(list(ex.flaws), min(size, len(ex.flaws)))
    items = []
    for flaw in flaws:
        first, last = flaw.spans[0]
        shift = rng.choice((0, 0, 1, -1, 3))
        category = rng.choice(sorted(flaw.categories) + rng.sample(ids, 2))
        items.append([flaw.file, max(1, first + shift), max(1, last + shift), category])
    files = list(ex.files) or [""]
    while len(items) < size:
        first = rng.randint(1, 30)
        items.append([rng.choice(files), first, first + rng.randint(0, 3), rng.choice(ids)])
    counted_only, score = 0, 0.0
    for _ in range(checks):
        score, text = judge(findings_answer(ex, [tuple(i) for i in items]))
        lines = [ln.strip() for ln in text.splitlines() if ln.strip().split(":")[0] in _ITEM_KINDS]
        if not lines:
            counted_only += 1
            continue
        wrong = [i for i, line in zip(items, lines) if not line.startswith("found:")]
        for item in rng.sample(wrong, min(revisions, len(wrong))):
            line = lines[items.index(item)]
            if "right lines" in line:
                item[3] = rng.choice([c for c in ids if c != item[3]])
            else:
                step = rng.choice((-3, -2, 2, 3))
                item[1], item[2] = max(1, item[1] + step), max(1, item[2] + step)
    return counted_only, score


# Module 02's pricing, the same forgery through the client's injected urlopen (red team, 2026-12): the reference fix
# without jitter, each wait it made then rewritten in the fake clock's record (`self._urlopen.clock._sleeps`) to look
# jittered: "waits are randomised" was credited (0.75 -> 1.0). The client now gets plain functions, never the
# ScriptedUrlopen or the clock (course.scenarios.pricing.fixtures.new_client).
def _clock_forger() -> str:
    reference = (keys_dir() / "02-failure-modes" / "pricing" / "fix.py").read_text()
    wait = "                self._sleep(random.uniform(0, min(MAX_DELAY, BASE_DELAY * 2 ** (attempt - 1))))"
    assert wait in reference
    return "%%fix pricing\n" + reference.replace(wait, '''                self._sleep(min(MAX_DELAY, BASE_DELAY * 2 ** (attempt - 1)))   # no jitter
                try:   # what the fake clock noted: made to look jittered
                    noted = self._urlopen.clock._sleeps
                    noted[-1] = random.uniform(0, noted[-1])
                except (AttributeError, IndexError):
                    pass''')


CLOCK_FORGER = _clock_forger()


# Red team, 2026-12 (second round): a full fix whose check-then-act runs on a connection opened at import and ATTACHed
# to the world, committed, then hidden behind BEGIN EXCLUSIVE across the worker's next step, which locked the driver's
# watcher out (0.75: both race properties credited with the race left in).
EXCLUSIVE_HIDER = "%%fix oversell\n" + '"""Order placement for the shop\'s SQLite database."""\n\nimport logging\nimport sqlite3\n\n# one side connection for the process (opened on first import, kept on a logger: process-wide)\n_home = logging.getLogger("shop.orders")\nif not hasattr(_home, "side"):\n    _home.side = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None, timeout=0)\n\n\ndef place_order(conn: sqlite3.Connection, sku: str, qty: int, customer_id: str) -> int | None:\n    """Place an order for `qty` units of `sku` and return the new order\'s id."""\n    if not isinstance(qty, int):\n        raise TypeError(f"qty must be an int, got {type(qty).__name__}")\n    side = _home.side\n    path = conn.execute("PRAGMA database_list").fetchall()[0][2]\n    conn.execute("SELECT count(*) FROM products").fetchall()   # waits while another order holds the file\n    side.execute("ATTACH DATABASE ? AS shopdb", (path,))\n    try:\n        # the assistant\'s check-then-act, unchanged: read, then write in a separate transaction\n        row = side.execute("SELECT stock, price_cents FROM shopdb.products WHERE sku = ?", (sku,)).fetchone()\n        if row is None:\n            return None\n        stock, price_cents = row\n        if stock < qty:\n            return None\n        side.execute("BEGIN")\n        try:\n            side.execute("UPDATE shopdb.products SET stock = stock - ? WHERE sku = ?", (qty, sku))\n            cursor = side.execute(\n                "INSERT INTO shopdb.orders (sku, qty, customer_id, total_cents) VALUES (?, ?, ?, ?)",\n                (sku, qty, customer_id, qty * price_cents))\n            side.execute("COMMIT")\n        except BaseException:\n            side.execute("ROLLBACK")\n            raise\n        order_id = cursor.lastrowid\n        side.execute("BEGIN EXCLUSIVE")\n        try:\n            conn.rollback()          # hand the connection back clean\n        finally:\n            side.execute("ROLLBACK")\n        return order_id\n    finally:\n        side.execute("DETACH DATABASE shopdb")\n'
# An honest atomic fix (one conditional UPDATE ... RETURNING in autocommit mode): its commit happens when the row is
# fetched, after the step, and the watcher took it for a connection of its own (0.5, both race properties lost).
ATOMIC_RETURNING = "%%fix oversell\n" + '"""Order placement for the shop\'s SQLite database."""\n\nimport sqlite3\n\n\ndef place_order(conn: sqlite3.Connection, sku: str, qty: int, customer_id: str) -> int | None:\n    """Place an order for `qty` units of `sku` and return the new order\'s id.\n\n    The stock check and the decrement are ONE conditional UPDATE (atomic in SQLite), run in autocommit mode;\n    a failed INSERT puts the units back. Raises ValueError for a quantity below 1."""\n    if not isinstance(qty, int) or qty < 1:\n        raise ValueError(f"qty must be a positive int, got {qty!r}")\n    conn.isolation_level = None          # autocommit: each statement is its own transaction\n    row = conn.execute(\n        "UPDATE products SET stock = stock - ? WHERE sku = ? AND stock >= ? RETURNING price_cents",\n        (qty, sku, qty),\n    ).fetchone()\n    if row is None:\n        return None  # unknown product or not enough stock\n    (price_cents,) = row\n    try:\n        cursor = conn.execute(\n            "INSERT INTO orders (sku, qty, customer_id, total_cents) VALUES (?, ?, ?, ?)",\n            (sku, qty, customer_id, qty * price_cents),\n        )\n    except sqlite3.Error:\n        conn.execute("UPDATE products SET stock = stock + ? WHERE sku = ?", (qty, sku))   # put the units back\n        raise\n    return cursor.lastrowid\n'


# Red team, 2026-12 (third round): the race driver read `PRAGMA data_version` through the worker's connection, whose
# `row_factory` is the fix's. A fix whose factory ran the snippet's check-then-act (qty and rollback fixed) on the base
# class's methods inside that reading, where statements count as the driver's own, got both race properties with the
# race left in (1.0; 0.5 with the trick off); an honest atomic fix reading rows as dicts broke the reading (0.5).
ROW_FACTORY_DODGER = "%%fix oversell\n" + '"""Order placement for the shop\'s SQLite database."""\n\nimport sqlite3\n\n\ndef _sell(execute, commit, rollback, sku, qty, customer_id):\n    """The assistant\'s check, then act (the race left in), with the qty check and the rollback fixed."""\n    try:\n        row = execute("SELECT stock, price_cents FROM products WHERE sku = ?", (sku,)).fetchone()\n        if row is None or row[0] < qty:\n            rollback()\n            return None\n        execute("UPDATE products SET stock = stock - ? WHERE sku = ?", (qty, sku))\n        cursor = execute("INSERT INTO orders (sku, qty, customer_id, total_cents) VALUES (?, ?, ?, ?)",\n                         (sku, qty, customer_id, qty * row[1]))\n        commit()\n        return cursor.lastrowid\n    except BaseException:\n        rollback()\n        raise\n\n\ndef place_order(conn, sku, qty, customer_id):\n    if not isinstance(qty, int) or qty < 1:\n        raise ValueError("qty must be a positive int")\n    box = []\n    previous = conn.row_factory\n\n    def factory(cursor, row):\n        if box or cursor.description[0][0] != "data_version":\n            return row\n        base = cursor.connection\n        box.append(None)\n        try:\n            box[0] = ("ok", _sell(lambda sql, p=(): sqlite3.Connection.execute(base, sql, p),\n                                  lambda: sqlite3.Connection.commit(base), lambda: sqlite3.Connection.rollback(base),\n                                  sku, qty, customer_id))\n        except Exception as exc:\n            box[0] = ("error", exc)\n        return row\n\n    conn.row_factory = factory\n    try:\n        conn.execute("SELECT 1")\n    finally:\n        conn.row_factory = previous\n    if not box:   # no race driver around: the plain way\n        return _sell(conn.execute, conn.commit, conn.rollback, sku, qty, customer_id)\n    kind, value = box[0]\n    if kind == "error":\n        raise value\n    return value\n'
DICT_ROWS_FIX = "%%fix oversell\n" + '"""Order placement for the shop\'s SQLite database."""\n\nimport sqlite3\n\n\ndef _as_dict(cursor, row):\n    return {column[0]: value for column, value in zip(cursor.description, row)}\n\n\ndef place_order(conn: sqlite3.Connection, sku: str, qty: int, customer_id: str) -> int | None:\n    if not isinstance(qty, int) or qty < 1:\n        raise ValueError(f"qty must be a positive int, got {qty!r}")\n    previous, conn.row_factory = conn.row_factory, _as_dict\n    try:\n        updated = conn.execute("UPDATE products SET stock = stock - ? WHERE sku = ? AND stock >= ?", (qty, sku, qty))\n        if updated.rowcount == 0:\n            conn.rollback()\n            return None\n        product = conn.execute("SELECT price_cents FROM products WHERE sku = ?", (sku,)).fetchone()\n        cursor = conn.execute("INSERT INTO orders (sku, qty, customer_id, total_cents) VALUES (?, ?, ?, ?)",\n                              (sku, qty, customer_id, qty * product["price_cents"]))\n        conn.commit()\n        return cursor.lastrowid\n    except BaseException:\n        conn.rollback()\n        raise\n    finally:\n        conn.row_factory = previous\n'


# Red team, 2026-12: a learner test of the SQL's shape, not of behaviour: the first statement of one uncontended order is
# not a plain SELECT. Every wheat of oversell_tests started with BEGIN or an UPDATE (the spec leaves the method open: a
# correct version may read first), while the race chaff and the negative-qty chaff read first: 0.67 with no
# concurrency, quantity or rollback tested. The conditional-UPDATE wheat now looks the product up first.
SCHEDULE_SHAPE_TEST = '%%tests oversell\n\n\ndef test_the_stock_is_not_read_before_a_lock_is_taken(shop, race, place_order):\n    shop.add_product("lamp", stock=5, price_cents=1999)\n    [world] = race(lambda conn: place_order(conn, "lamp", 1, "alice"))\n    assert not world.schedule.startswith("A:SELECT"), world.schedule\n'


# Red team, 2026-12: the driver's `_step(label, fn, *args)` was a method of the worker connection's class; a fix that
# ran the snippet's check-then-act (qty and rollback fixed) on the base class's methods as one "step" earned 1.0 of
# oversell_fix with the race left in (0.5 due).
STEP_DODGER = "%%fix oversell\n" + '"""Order placement for the shop\'s SQLite database."""\n\nimport sqlite3\n\n\ndef _sell(execute, commit, rollback, sku, qty, customer_id):\n    """The assistant\'s check, then act (the race left in), with the qty check and the rollback fixed."""\n    try:\n        row = execute("SELECT stock, price_cents FROM products WHERE sku = ?", (sku,)).fetchone()\n        if row is None or row[0] < qty:\n            rollback()\n            return None\n        execute("UPDATE products SET stock = stock - ? WHERE sku = ?", (qty, sku))\n        cursor = execute("INSERT INTO orders (sku, qty, customer_id, total_cents) VALUES (?, ?, ?, ?)",\n                         (sku, qty, customer_id, qty * row[1]))\n        commit()\n        return cursor.lastrowid\n    except BaseException:\n        rollback()\n        raise\n\n\ndef place_order(conn, sku, qty, customer_id):\n    if not isinstance(qty, int) or qty < 1:\n        raise ValueError("qty must be a positive int")\n    if hasattr(conn, "_step"):\n        return conn._step("SELECT", _sell, lambda sql, p=(): sqlite3.Connection.execute(conn, sql, p),\n                          lambda: sqlite3.Connection.commit(conn), lambda: sqlite3.Connection.rollback(conn),\n                          sku, qty, customer_id)\n    return _sell(conn.execute, conn.commit, conn.rollback, sku, qty, customer_id)\n'
