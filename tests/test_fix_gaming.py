"""Fixes that game the hidden tests earn nothing, in every module's fix exercise (new ones included).

Red team, measured: the assistant's snippet with an always-equal result type passed the hidden fix tests
of modules 00 and 05 with both flaws left in; a fix that behaved only on the loopback test URL passed
module 02; and (found while building this test) a fix that behaved only when it saw pytest's log capture,
pytest's warnings filters or a temporary working folder earned full marks in every module. Each case here
is written from the module's own sources (tests/fix_gaming.py), judged by `judge_answer` exactly as a
learner's answer cell is, and must earn none of the points its snippet does not already earn. A control
for each (the same rewrite with the trick switched off) shows that the rewrite itself still works.
"""
from __future__ import annotations

import pytest

from course import scenarios
from course.authoring.build import module_names
from course.judge import code_policy, warm
from course.judge.engine import judge_answer
from course.judge.exercises import FixExercise, load_module_key
from fix_gaming import DETECTORS, WITHIN_POLICY, always_equal, test_detecting

pytestmark = pytest.mark.slow

FIXES = [ex for module in module_names() for ex in load_module_key(module).values() if isinstance(ex, FixExercise)]
# The working folder: the sandbox shows every run folder at one neutral path (course.judge.sandbox.WORKDIR_INSIDE),
# not under a temporary folder, whatever TMPDIR is.
# A fixture's database is in the run folder, not under /tmp/judge-*/ (course.sandboxed.resolver, data_dir).
# The judge's threads in the implementation's process (the bridge's, the race driver's, the fault service's) are named
# as Python names any thread (red team: "bridge-h" told a fix it was judged, "race-worker-0" that it ran in a race).
# A path argument under a temporary folder: module 07's download root was /tmp/course-portal/files/acme in a judged run
# (course.scenarios.download.house: it is <run folder>/portal/files/acme now).
CLOSED = ("loopback address", "temporary folder argument", "pytest log capture", "pytest warnings filters", "temporary working folder",
          "judge's thread names", "fixture database folder", "race connection proxy", "race refuses own connections",
          "small pid", "test doubles' names", "test doubles' modules", "in-memory database",
          "exception classes' modules", "race fsync setting",
          # red team, 2026-12: each race() worker (module 01) and each test of modules 05-07 (course.sandboxed.fresh_module)
          # runs a fresh copy of the fix module, which was loaded as `_race_<stem>_<n>`: its `__name__` said it was
          # judged. The snippet, the reference only then, earned full marks in quote, sales, download and search and 0.5
          # of oversell. The copies have the module's own name now (course.kits.race.fresh_copy(name=...))
          "race module copy",
          # red team, 2026-12: logging's "{" style by spellings the fix policy cannot see read sys.modules through a
          # function's __globals__; in the implementation's process that style formats record fields by name only now
          # (course.sandboxed.guard.plain_log_templates)
          "brace template by keywords", "brace template by a subclass")
# The fixtures' objects a fix is handed (red team, 2026-12): a class or function that printed as the course's
# (`course.scenarios.pool.db.ConnectionPool`, `house.Catalog` of course.scenarios.quote) or as a fake (`FakeProvider`,
# `new_client.<locals>.fake_sleep`) earned full marks in modules 02 and 05 and 0.9 in 04; they are printed as
# production's now (course.kits.doubles.named_as). Module 07's search ran on an in-memory database where production's is
# a file (1.0): the fixture's shop is a file in the run folder.
# Exceptions as an oracle: module 02's pool raised `course.scenarios.pool.db.PoolExhausted` into a fix that drained it
# (1.0); it is printed as the application's now, and still crosses the bridge as one class (test_pool, a learner's
# `pytest.raises(PoolExhausted)`). The other fixtures a fix can drive raise production's classes (house.errors, sqlite3,
# urllib), except module 04's ProviderHung and ProviderGaveUp (course.scenarios.refund.fakes; printed as the payment
# client's, platform_payments.client, since 2026-12 like the provider itself), raised only into code that
# called without a timeout or never gave up, which the provider has already recorded: not attacked further.
# Found while closing the proxy: race() refused a worker's own sqlite3.connect on the spot (PermissionError), even to
# ':memory:', so opening one told a fix it raced; now the connection opens and the exploration fails afterwards.
# Inside race() a worker's connection is a sqlite3.Connection subclass named and printed as sqlite3's (course.kits.race
# _Connection): `isinstance`, class names and repr are production's. Still open (strict xfails below): its exact type.
# `type(conn) is sqlite3.Connection` only holds for sqlite3's own class, whose statements the driver cannot pause:
# sqlite3 has no hook that runs before a statement AND can retry it when the database is locked (a trace callback runs
# inside sqlite3_step, after which "locked" reaches the caller; busy handlers are not exposed), and the driver's
# deterministic waiting needs exactly that. So a fix can still be correct only in a race, where module 01's flaws are
# tested; closing it would need a driver built on sqlite3's C API (or making every `conn` fixture's type the same
# subclass, which would tell "judged" instead).
# Module 04's refund fixtures set `time.sleep = CLOCK.sleep` for the whole process (so the code under test sleeps in
# fake seconds whatever it imported): a bound method where production has a builtin, and the snippet earned 0.9.
# Left open after trying (2026-12): giving the fix module a `time` of its own (its global `time` replaced after import)
# would hide the fake from this detector's function-local `import time` only: the fix IS the code the fake clock must
# reach (the snippet and graded versions call time.sleep themselves), so its own global `time.sleep` is the fake, as is
# house.retry's (`house` is its allowed import); and a correct fix that did `from time import sleep` would then sleep
# in real seconds, unseen by the clock the hidden tests read, which breaks them. And no
# fake is exact on Python 3.11: a Python callable shows in type(), repr() and `__name__` (an allowed dunder); the
# closest imitation, a dict subclass's C `__getitem__` with a `__missing__` that sleeps in fake seconds, has type
# builtin_function_or_method but is named "__getitem__". Closing it needs the builtin itself to sleep in fake seconds,
# below Python (clock_nanosleep intercepted: LD_PRELOAD or a seccomp user-notification supervisor): not done here.
OPEN = {"race connection type": ("oversell_fix", "a worker's connection in race() is a sqlite3.Connection subclass: "
                                                 "`type(conn) is sqlite3.Connection` is False only there"),
        "patched time.sleep": ("refund_fix", "time.sleep is the fake clock's bound method in the fix's process"),
        # the sandbox's own pid namespace: the fix's process is pid 2 or so (a log record carries it, and its
        # formatted text too, so no attribute rule can hide it). Closed for warm runs (the default: the run's init
        # starts its namespace's pids at a random number, course.sandboxed.zygote._scatter_pids). Cold runs (plain
        # bubblewrap: the fallback after a warm fault, or COURSE_JUDGE_WARM=off) stay open: bubblewrap forks the command
        # as pid 2 right after its own init, nothing of the judge's runs in that namespace before it, and moving its
        # pids would take a launcher inside holding CAP_SYS_ADMIN (an interpreter more per cold run)
        "small pid, cold run": ("oversell_fix", "a cold run's implementation process is pid 2 (bubblewrap's namespace)"),
        # module 02's pricing client is handed its sleep (production's default is time.sleep, a builtin): the fake one
        # is a Python function, which type() tells, whatever its name; the same wall as "patched time.sleep" below
        "injected sleep": ("pricing_fix", "the sleep a PriceClient is given under test is not a builtin"),
        # found while closing the race proxy: a worker's connection skipped fsync (PRAGMA synchronous = OFF, 0.5).
        # Closed for warm runs, whose folders are tmpfs (course.kits.race.SYNC_WORLDS); cold runs on a disk keep OFF,
        # where FULL cost module 01's tests judgement 7-13 s instead of 4-5 s, and their small pids tell anyway
        "race fsync setting, cold run": ("oversell_fix", "a cold run's race worlds skip fsync (synchronous = OFF)"),
        # the driver decides who waits: a statement that finds a paused worker's lock must fail at once (busy_timeout
        # 0) to be retried later, and SQLite reports that setting (PRAGMA busy_timeout, pragma_busy_timeout(), so SQL
        # rewriting cannot hide it); sqlite3 exposes no busy handler that could stop waiting while reporting 5000 ms
        "race busy timeout": ("oversell_fix", "a worker's connection has busy_timeout 0, a plain test's 5000"),
        # each world is its own file (a World is read after the exploration) beside the shop's, named by the driver:
        # any fixed naming differs from the shop's path in a way the (public) driver's source tells, and random names
        # made fixture output differ between runs (tests/test_oversell.py probing). Closing it needs each interleaving
        # to run at the shop's own path (the shop's file moved aside meanwhile), which open connections and hot journals
        # make unsafe
        "race world file": ("oversell_fix", "a race world's database file is named world-<call>-<n>.db"),
        # found last, not closed for lack of time (2026-12): what threads the implementation's process runs. A race's
        # workers run on the driver's threads while plain tests call on the main thread (0.5 of module 01; each worker
        # needs a stack of its own, so one of them on the main thread means a driver without threads); and the judge's
        # helpers are threads beside the code under test: module 02's fault service (an HTTP server, 1.0), module 05's
        # callers (0.67), the race pool. A threaded production server has threads too, so these tell less than the
        # others, but a fix can still read them; closing the count needs those helpers in processes of their own
        "not the main thread": ("oversell_fix", "race() runs each worker on a thread of the driver's"),
        "thread count": ("pricing_fix", "the fault service's server threads share the implementation's process"),
        # the same threads' targets (red team, 2026-12): the race pool's thread runs `_Pool._loop`, which its repr names
        "thread targets": ("oversell_fix", "a judge thread's _target is the race pool's or the bridge's function"),
        # red team, 2026-12, measured: the snippet, the reference once its module had been loaded twice in the process
        # (a counter in a logger's level: logging.getLogger is process-wide), earned 1.0 of oversell_fix, quote_fix and
        # search_fix. The race driver's `isolate` and the fresh-module fixtures load the fix again in one process;
        # process-wide state has no end (loggers, sqlite3's registries, the random state, a thread's name), so no
        # policy closes it: each copy would need a process of its own
        # red team, 2026-12: the call stack above a fix is the judge's (its host, bridge and race driver call the fix), and
        # Python shows a caller's frames in many places: warnings' stack level, a log record's pathname and stack_info,
        # trace hooks. The fix policy refuses each spelling it can see (test_a_fix_that_looks_for_pytest_in_sys_modules_is_refused);
        # a bound method's alias given `**{computed: True}` is past it. Closing it needs the fix's callers in a process
        # of their own (the remote-module proxy PROTOCOL.md names), or stacks that look like production's
        "stack info by a computed keyword": ("oversell_fix", "a log record's stack_info lists the judge's frames above "
                                                             "the fix"),
        # red team, 2026-12, measured 1.0 of oversell_fix: asyncio's debug mode records the stack that creates each
        # coroutine (its origin, sys.set_coroutine_origin_tracking_depth) and shows it in the "never awaited" warning
        # (and each future's and handle's creation stack in its log messages); debug mode is asked for by a keyword
        # (`asyncio.run(main, debug=True)`, `Runner(debug=...)`, `loop.set_debug`) a computed ** spells past any name
        # rule. Closing it needs the callers out of the fix's process, like the open stack-info one
        "caller stack in a coroutine's origin": ("oversell_fix", "asyncio's debug mode shows the stack that created a "
                                                                 "coroutine (the judge's frames) in its warning"),
        # red team, 2026-12, measured 0.5 of oversell_fix (its race properties): the frames BELOW the fix are the judge's
        # where its objects are Python (the race driver's connection): an error from `conn.execute` carries
        # course/kits/race.py in its traceback, formatted by logging.Formatter.formatException. Production's sqlite3
        # raises from C. Closing it needs the driver's statements run below Python, or tracebacks cut at the fix
        "judge's frames in an error's traceback": ("oversell_fix", "an error raised through the race driver's "
                                                                   "connection has course/kits/race.py in its traceback"),
        "module loaded again": ("quote_fix", "the judge loads the fix module many times in one process (fresh copies), "
                                             "which process-wide state counts")}
COLD = {"small pid, cold run", "race fsync setting, cold run"}   # judged with COURSE_JUDGE_WARM=off
assert set(CLOSED) | set(OPEN) == set(DETECTORS) and not set(CLOSED) & set(OPEN)
WARM_ONLY = {"small pid", "race fsync setting"}   # closed where runs are warm (their cold twins are in OPEN)


def closed() -> tuple[str, ...]:
    """The closed detectors for this machine's runs: without warm servers the judge runs cold, where WARM_ONLY stay
    open (and are checked as strict xfails with COURSE_JUDGE_WARM=off below)."""
    return CLOSED if warm.enabled() else tuple(d for d in CLOSED if d not in WARM_ONLY)


@pytest.fixture(autouse=True)
def no_cache(monkeypatch):
    monkeypatch.setenv("COURSE_JUDGE_CACHE", "off")


def sources(ex: FixExercise) -> tuple[str, str]:
    """(the assistant's snippet, the reference fix) of one fix exercise."""
    return scenarios.get(ex.scenario).snippet_path().read_text(), (ex.key_dir / ex.reference).read_text()


def snippet_logic(ex: FixExercise) -> str:
    """The snippet, or its logic rewritten within the fix policy when the policy refuses the snippet itself."""
    return WITHIN_POLICY.get(ex.id, sources(ex)[0])


def refused_snippet(ex: FixExercise) -> list[str]:
    """Why the fix policy refuses the snippet itself as a fix (module 07's cart cookie imports pickle, which a fix
    may not: unpickling calls any callable by name, past every import rule). Every rewrite of such a snippet is
    refused before it runs, which earns nothing by construction; the tests below then check exactly that."""
    return code_policy.violations(snippet_logic(ex), code_policy.FIX, frozenset(ex.allowed_imports))


def assert_refused(ex: FixExercise, module_source: str) -> None:
    verdict = judge_answer(ex, f"%%fix {ex.scenario}\n" + module_source)
    assert verdict.fraction == 0.0 and verdict.details.get("policy"), verdict.feedback


def judged(ex: FixExercise, module_source: str):
    """The verdict on `module_source` as a learner's fix, after checking it is run, not refused."""
    assert code_policy.violations(module_source, code_policy.FIX, frozenset(ex.allowed_imports)) == []
    verdict = judge_answer(ex, f"%%fix {ex.scenario}\n" + module_source)
    assert "passed" in verdict.details, verdict.feedback
    return verdict


def credited(ex: FixExercise, verdict) -> list[str]:
    """The properties the verdict gave points for (those the snippet fails), by hidden test name."""
    return [name for name in verdict.details["passed"] if name not in verdict.details["gates"]]


def test_a_snippet_rewritten_within_the_policy_behaves_as_the_snippet():
    """WITHIN_POLICY holds the refused snippet's logic: it must be run (not refused) and score as the snippet would."""
    for exercise_id, source in WITHIN_POLICY.items():
        ex = next(ex for ex in FIXES if ex.id == exercise_id)
        assert code_policy.violations(sources(ex)[0], code_policy.FIX, frozenset(ex.allowed_imports))  # refused itself
        verdict = judged(ex, source)
        assert credited(ex, verdict) == [] and verdict.fraction == 0.0 and verdict.details["gates"], verdict.feedback
        assert set(verdict.details["passed"]) == set(verdict.details["gates"]), verdict.feedback   # every gate kept


@pytest.mark.parametrize("ex", FIXES, ids=lambda ex: ex.id)
def test_an_always_equal_result_earns_nothing(ex):
    snippet, reference = snippet_logic(ex), sources(ex)[1]
    control = judged(ex, always_equal(reference, same=False))
    assert control.fraction == 1.0, control.feedback          # the rewrite keeps a module working
    if refused_snippet(ex):
        return assert_refused(ex, always_equal(snippet))
    verdict = judged(ex, always_equal(snippet))
    assert credited(ex, verdict) == [] and verdict.fraction == 0.0, verdict.feedback


@pytest.mark.parametrize("ex", FIXES, ids=lambda ex: ex.id)
def test_a_fix_that_behaves_only_under_test_earns_nothing(ex):
    snippet, reference = snippet_logic(ex), sources(ex)[1]
    if refused_snippet(ex):
        return assert_refused(ex, test_detecting(snippet, reference, closed()))
    control = judged(ex, test_detecting(snippet, reference, forced=True))
    assert control.fraction >= 0.5, control.feedback          # told it is a test, it behaves as the reference
    verdict = judged(ex, test_detecting(snippet, reference, closed()))
    assert credited(ex, verdict) == [] and verdict.fraction == 0.0, verdict.feedback


def test_a_fix_that_looks_for_pytest_in_sys_modules_is_refused():
    """`sys` is beyond the fix policy's imports and its module-valued attributes (`logging.sys`) are refused."""
    for probe in ("import sys\n_TEST = 'pytest' in sys.modules\n", "import logging\n_TEST = 'pytest' in logging.sys.modules\n",
                  # red team: sys.modules (where the judge's host and resolver are) through private aliases, and the
                  # sandbox's small pids, both within the policy until they were refused for fixes
                  "import collections, fractions\n_TEST = 'course.sandboxed.resolver' in "
                  "fractions.operator.attrgetter('modules')(collections._sys)\n",
                  "import threading\n_TEST = threading.main_thread().native_id < 100\n",
                  "import random\n_TEST = random._os.getpid() < 100\n",
                  # red team, 2026-12: a star import bound `get_native_id` past the attribute rules (within the policy)
                  "from threading import *\n_TEST = get_native_id() < 100\n",
                  # red team, 2026-12: logging.config's resolver imports and looks up any dotted name (`__import__` by
                  # text): the snippet, the reference only where it found the judge in sys.modules, earned 1.0 of
                  # oversell_fix; logging.handlers brings pickle, sockets and files
                  "import logging.config\n_TEST = 'course.sandboxed.resolver' in "
                  "logging.config.BaseConfigurator({}).resolve('sys.modules')\n",
                  "from logging import config\n_TEST = 'pytest' in config.BaseConfigurator({}).resolve('sys.modules')\n",
                  "import logging\n_TEST = 'pytest' in logging.config.BaseConfigurator({}).resolve('sys.modules')\n",
                  "from logging.config import BaseConfigurator\n_TEST = BaseConfigurator({}).resolve('os.getpid')() < 100\n",
                  "import logging.handlers\n_TEST = logging.handlers.pickle is not None\n",
                  "from logging import handlers\n_TEST = handlers.pickle is not None\n",
                  # red team, 2026-12: str.format reached past the `.format()` rule, reading sys.modules as text through
                  # a function's `__globals__` (logging's has `sys`): the snippet, the reference only where it found the
                  # judge there, earned 1.0 of oversell_fix through logging's "{" style
                  "import logging\n_TEST = 'pytest' in logging.Formatter('{msg.__globals__[sys].modules}', style='{')"
                  ".formatMessage(logging.makeLogRecord({'msg': logging.getLogger}))\n",
                  "import logging\n_TEST = 'pytest' in logging.StrFormatStyle('{msg.__globals__[sys].modules}')._format("
                  "logging.makeLogRecord({'msg': logging.getLogger}))\n",
                  "import logging\n_F = str.format\n_TEST = 'pytest' in _F('{0.__globals__[sys].modules}', logging.getLogger)\n",
                  "import logging\n_TEST = 'pytest' in list(map('{0.__globals__[sys].modules}'.format, [logging.getLogger]))[0]\n",
                  # red team, 2026-12: getattr by a constant name fetched the bound str.format past the `.format()` rule
                  "import logging\n_TEST = 'pytest' in getattr('{0.__globals__[sys].modules}', 'format')(logging.getLogger)\n",
                  # red team, 2026-12: dataclasses._create_fn exec()s the text it is given: any code past every rule (the
                  # snippet, the reference only where it found the judge in sys.modules: 1.0 of oversell_fix)
                  "import dataclasses\n_TEST = 'pytest' in dataclasses._create_fn('f', [], "
                  "['import sys', 'return sys.modules'])()\n",
                  "from dataclasses import _create_fn\n_TEST = 'pytest' in _create_fn('f', [], "
                  "['import sys', 'return sys.modules'])()\n",
                  "import dataclasses as dc\n_TEST = 'pytest' in dc._create_fn('f', [], ['import sys', 'return sys.modules'])()\n",
                  # red team, 2026-12: the call stack above a fix is the judge's; each of these found "course" in a
                  # caller's file name (a warning's, a log record's pathname or stack_info) and earned the snippet full
                  # marks where the reference ran only then
                  "import warnings\nwarnings.warn('probe', UserWarning, 3)\n",
                  "import warnings as w\nw.warn('probe', stacklevel=3)\n",
                  "from warnings import warn\nwarn('probe', *(UserWarning, 3))\n",
                  "from warnings import warn\n_W = warn\n",
                  "import functools, warnings\n_W = functools.partial(warnings.warn, stacklevel=3)\n",
                  "import logging\nlogging.getLogger('app').warning('probe', stack_info=True)\n",
                  "import logging\nlogging.getLogger('app').warning('probe', stacklevel=3)\n",
                  "import logging\n_C = logging.getLogger('app').findCaller()\n",
                  "import logging\nlogging.getLogger('app')._log(30, 'probe', (), None, None, True)\n",
                  "import threading\nthreading.settrace(print)\n",
                  # red team, 2026-12: asyncio's stack readers showed "course" above the fix (each 1.0 of oversell_fix
                  # with the snippet, the reference only then): FrameSummary file names, a running task's frames (their
                  # repr names the file) and its printed stack
                  "import asyncio\n_TEST = any('course' in s.filename for s in asyncio.format_helpers.extract_stack())\n",
                  "from asyncio.format_helpers import extract_stack\n_TEST = 'course' in repr(extract_stack())\n",
                  "import asyncio\n\n\nasync def _look():\n    return repr(asyncio.current_task().get_stack(limit=None))\n\n\n"
                  "_TEST = 'course' in asyncio.run(_look())\n",
                  "import asyncio\n\n\nclass _Out:\n    def write(self, text):\n        pass\n\n\nasync def _look():\n"
                  "    asyncio.current_task().print_stack(file=_Out())\n\n\nasyncio.run(_look())\n",
                  # red team, 2026-12: the private-name rule through builtins and displays that hand a value on
                  "import threading\n_TEST = '_loop' in repr(next(iter(threading.enumerate()))._target)\n",
                  # red team, 2026-12: the module under another name, or the private name by getattr, was within the
                  # policy (1.0 of oversell_fix with the reference that asserted the judge's host in sys.modules)
                  "import dataclasses\ndc = dataclasses\n_TEST = 'pytest' in dc._create_fn('f', [], "
                  "['import sys', 'return sys.modules'])()\n",
                  "import dataclasses\n_TEST = 'pytest' in getattr(dataclasses, '_create_fn')('f', [], "
                  "['import sys', 'return sys.modules'])()\n"):
        ex = FIXES[0]
        verdict = judge_answer(ex, f"%%fix {ex.scenario}\n" + sources(ex)[1] + probe)
        assert verdict.fraction == 0.0 and verdict.details.get("policy"), verdict.feedback


def test_plain_log_templates_keeps_ordinary_brace_logging():
    """In the implementation's process, "{" templates naming record fields (with specs and conversions) log as ever;
    one reaching into a field is a formatting error, which logging reports on stderr and the program survives."""
    import subprocess
    import sys
    from course import paths
    program = (
        "import io, logging\n"
        "from course.sandboxed import guard\n"
        "guard.plain_log_templates()\n"
        "out = io.StringIO()\n"
        "handler = logging.StreamHandler(out)\n"
        "handler.setFormatter(logging.Formatter('{levelname:>6}|{name}|{message!r}', style='{'))\n"
        "log = logging.getLogger('shop')\n"
        "log.addHandler(handler)\n"
        "log.warning('sold %s', 3)\n"
        "handler.setFormatter(logging.Formatter('{msg.__globals__}', style='{', validate=False))\n"
        "log.warning(logging.getLogger)\n"
        "print(out.getvalue(), end='')\n"
        "style = logging.Formatter('{message}', style='{')._style\n"
        "print(repr(style._format).split(' of ')[0])\n")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60,
                          cwd=paths.REPO_ROOT, env={"PYTHONPATH": str(paths.REPO_ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert done.stdout == "WARNING|shop|'sold 3'\n<bound method StrFormatStyle._format\n"   # named as logging's own
    assert "names record fields only, not 'msg.__globals__'" in done.stderr and "__builtins__" not in done.stdout


@pytest.mark.parametrize("detector", ["brace template by keywords", "brace template by a subclass"])
def test_the_brace_detectors_are_within_the_policy_and_work_outside_the_judge(detector):
    """The two spellings pass the fix policy (so the process, not a name, must stop them), and where logging is plain
    (this process: the course runtime is loaded) they do read sys.modules: the closed detectors are not broken ones."""
    assert code_policy.violations(DETECTORS[detector], code_policy.FIX) == []
    namespace: dict = {}
    exec(compile(DETECTORS[detector], "<detector>", "exec"), namespace)
    check = next(value for name, value in namespace.items() if name.startswith("_brace"))
    assert check((), {}) is True


@pytest.mark.parametrize("detector", [pytest.param(d, marks=pytest.mark.xfail(strict=True, reason=why), id=d)
                                      for d, (_, why) in OPEN.items()])
def test_a_fix_that_behaves_only_where_an_open_detector_fires_earns_nothing(detector, monkeypatch):
    """Red team, 2026-12: the assistant's snippet, the reference only where the detector fires, earned the race
    properties of module 01 (0.5 of the points) with the race flaw left in, and 0.9 of module 04's refund fix."""
    if detector in COLD:
        monkeypatch.setenv(warm.WARM_ENV, "off")
    ex = next(ex for ex in FIXES if ex.id == OPEN[detector][0])
    snippet, reference = sources(ex)
    verdict = judged(ex, test_detecting(snippet, reference, (detector,)))
    assert credited(ex, verdict) == [] and verdict.fraction == 0.0, verdict.feedback


@pytest.mark.parametrize("exercise", ["oversell_fix", "quote_fix"])
def test_a_fix_that_knows_it_runs_as_a_judged_copy_earns_nothing(exercise):
    """Red team, 2026-12: the module a race() worker (oversell) or a fresh-module fixture (quote) runs was named
    `_race_<stem>_<n>`; the snippet, the reference only where its `__name__` said so, earned 0.5 and 1.0. Alone here:
    among the closed detectors, oversell's race properties fail on another one first (an own connection)."""
    ex = next(ex for ex in FIXES if ex.id == exercise)
    snippet, reference = sources(ex)
    verdict = judged(ex, test_detecting(snippet, reference, ("race module copy",)))
    assert credited(ex, verdict) == [] and verdict.fraction == 0.0, verdict.feedback
