"""A deterministic race driver for SQLite code: try every interleaving of a few workers' statements.

Plain "start some threads and hope" does not race reliably on CPython (handbook section 7), and a
wall-clock barrier costs correct code its whole timeout. So graded checks drive the interleaving
themselves (stateless model checking):

- Each worker is a function `worker(conn)`, run in its own thread with its own sqlite3 connection
  to a temporary FILE database (a fresh copy of the starting database for every interleaving).
- The connection is a sqlite3.Connection whose methods step. Before every statement (`execute`, `executemany`,
  `executescript`, `commit`, `rollback`, cursor `execute`) the worker stops and hands a token back
  to the scheduler; only the worker holding the token runs. So one "step" is one statement plus the
  Python code up to the next one.
- The scheduler explores the choices depth-first: every run replays a prefix of choices from a
  fresh start, then takes the first option at each new choice point; the next run backtracks to
  the deepest choice point with an option left. Same inputs, same runs, same order: no timing.
- Locks: connections use `busy_timeout = 0` (a `PRAGMA busy_timeout` from the code under test is
  overridden). A statement that fails with "database is locked" means "this worker waits": it is
  retried later, only after another worker has made progress. When every unfinished worker waits
  (a real SQLite deadlock), a busy timeout would have fired: the driver tries each waiting worker
  in turn getting `sqlite3.OperationalError: database is locked` raised into its code.
- Modules listed in `isolate` are loaded afresh for each worker of each run (like separate app
  servers), and `per_worker(module, "name")` calls the running worker's own copy. So a fix that
  leans on a process-local `threading.Lock` is, rightly, not protected.
- The only clock: a worker that neither reaches its next statement nor finishes within
  `hang_timeout` seconds (default 10) is blocked outside the database (a lock, a queue, a sleep):
  `RaceError` says so ("deadlock"). Correct code never gets near that limit.

Worker connections skip fsync (`PRAGMA synchronous = OFF`) unless `SYNC_WORLDS`: locking is unchanged, and on a
disk an interleaving costs about 0.9 ms instead of 37. But OFF tells code under test it races (sqlite3's default is
FULL, as on the connections tests get outside race(); red team: a fix correct only then). Warm runs
(course.sandboxed.zygote) set SYNC_WORLDS: their folders are tmpfs, where the fsync is free (module 01's reference
tests judged in 1.8-3.7 s either way); cold runs on a disk keep OFF (7-13 s instead of 4-5 s with FULL), and a cold
run's pids tell a fix it is judged anyway (tests/test_fix_gaming.py). When a worker finishes, its connection is closed
(an open transaction is rolled back, as a pool would on return).
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass
import functools
import hashlib
import importlib.util
import itertools
import os
import queue
from pathlib import Path
import re
import shutil
import sqlite3
import sys
import tempfile
import threading
from types import CodeType, ModuleType
from typing import Any, Callable, Iterator, Sequence
import weakref

from course.kits.doubles import named_as

__all__ = ["explore", "World", "Worlds", "RaceError", "per_worker", "fresh_copy", "module_code"]

MAX_WORLDS = 2000          # default cap on interleavings explored per call
MAX_PREEMPTIONS = 2        # default bound on switches away from a worker that could have gone on
MAX_STEPS = 200            # default cap on steps in one interleaving (a retry loop that never ends)
HANG_TIMEOUT = 10.0        # seconds a worker may run between two statements before we call it a deadlock
SYNC_WORLDS = False        # worker connections keep sqlite3's default fsync (see the module docstring)

_BUSY_PRAGMA = re.compile(r"^\s*PRAGMA\s+(\w+\.)?busy_timeout\b", re.IGNORECASE)
_counter = itertools.count()
_local = threading.local()


class RaceError(Exception):
    """The exploration itself could not go on: a worker hung outside the database, or ran too long."""


# ---------------------------------------------------------------- per-worker module copies

def module_code(module_or_path: ModuleType | str | Path) -> CodeType:
    """The compiled code of a module's file: from its source, or from a sourceless .pyc."""
    path = Path(module_or_path.__file__ if isinstance(module_or_path, ModuleType) else module_or_path)
    spec = importlib.util.spec_from_file_location(f"_race_probe_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    code = spec.loader.get_code(spec.name)   # type: ignore[attr-defined]
    if code is None:
        raise ImportError(f"no code in {path}")
    return code


_LOADING = threading.Lock()   # one copy at a time is loaded under a module's own name (fresh_copy(name=...))


def fresh_copy(module_or_path: ModuleType | str | Path, code: CodeType | str | None = None, *,
               name: str | None = None) -> ModuleType:
    """A new, independent copy of a module loaded from its file (its own globals, locks and caches).

    `code` (source text or a compiled code object) saves reading and compiling the file again.
    Works for a source file and for a sourceless .pyc (the grader hides source text that way).
    With `name` the copy is that module, as a separate process's import would name it (its `__name__`, its classes'
    `__module__` and repr), and sys.modules holds the copy under that name only while it loads. Judged copies (race()
    workers, course.sandboxed.fresh_module) are named so: a fix whose `__name__` started with "_race_" knew it was
    judged and was correct only then (red team, 2026-12: full marks in modules 05-07, 0.5 of module 01).
    """
    path = Path(module_or_path.__file__ if isinstance(module_or_path, ModuleType) else module_or_path)
    named = name is not None
    name = name if named else f"_race_{path.stem}_{next(_counter)}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    if code is None:
        code = module_code(path)
    elif not isinstance(code, CodeType):
        code = compile(code, str(path), "exec")
    with _LOADING if named else contextlib.nullcontext():
        previous = sys.modules.get(name)
        sys.modules[name] = module          # dataclasses and friends look themselves up here while loading
        try:
            exec(code, module.__dict__)
        finally:
            if previous is not None:
                sys.modules[name] = previous
            else:
                sys.modules.pop(name, None)
    return module


class per_worker:
    """Call `module.<name>`, but inside a race use the running worker's own copy of `module`.

    Outside a race it calls the module as imported. Fixtures hand this to tests, so
    `lambda conn: place_order(conn, ...)` runs each worker's own copy without the test knowing.
    """

    def __init__(self, module: ModuleType, name: str) -> None:
        self.module = module
        self.name = name
        self.__doc__ = getattr(getattr(module, name, None), "__doc__", None)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        copies: dict[str, ModuleType] = getattr(_local, "modules", {})
        target = copies.get(self.module.__name__, self.module)
        return getattr(target, self.name)(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<{self.module.__name__}.{self.name}>"


# ---------------------------------------------------------------- results

@dataclass
class World:
    """One explored interleaving: who ran each step, what each worker got, and the final database."""
    schedule: str                       # e.g. "A:SELECT B:SELECT A:UPDATE B:UPDATE(waits) A:INSERT ..."
    results: tuple[Any, ...]            # each worker's return value, or the exception it raised
    errors: tuple[BaseException | None, ...]   # the exception each worker raised, or None
    path: Path                          # this interleaving's database file
    choices: tuple[tuple[str, int], ...] = ()  # the decisions taken, for replay
    view: Any = None                    # scenario helpers on the final database (e.g. a Shop)

    def connect(self) -> sqlite3.Connection:
        """A fresh connection to this interleaving's final database."""
        return sqlite3.connect(self.path)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        """Rows of a query on the final database."""
        conn = self.connect()
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def __getattr__(self, name: str) -> Any:
        # world.stock("lamp") and friends come from the scenario's view of the final database
        view = self.__dict__.get("view")
        if view is None or name.startswith("_"):
            raise AttributeError(name)
        return getattr(view, name)

    def __repr__(self) -> str:
        return f"World({self.schedule!r}, results={self.results!r})"


class Worlds(list):
    """Every interleaving explored (a list of World). `complete` is False when a cap cut it short."""
    complete: bool = True

    def __repr__(self) -> str:
        return f"<{len(self)} interleavings{'' if self.complete else ' (capped)'}>"


# ---------------------------------------------------------------- the scheduler

class _Stop(BaseException):
    """Unwinds an abandoned worker thread (never caught by `except Exception` in the code under test)."""


class _Worker:
    def __init__(self, index: int) -> None:
        self.index = index
        self.label = chr(ord("A") + index) if index < 26 else f"W{index}"
        self.go = threading.Lock()  # released by the scheduler to let this worker run one step
        self.go.acquire()
        self.done = False
        self.in_transaction = False  # at its last pause: holds locks only inside a transaction
        self.pending = ""           # the statement it is about to run
        self.blocked = False        # its last attempt hit "database is locked"
        self.fail = False           # told to raise its lock error (deadlock resolution)
        self.last_lock_error: sqlite3.OperationalError | None = None
        self.result: Any = None
        self.error: BaseException | None = None
        self.lane: "_Lane | None" = None   # its connection's, while it runs


class _Run:
    """One interleaving, replaying `prefix` and recording every choice point."""

    def __init__(self, workers: Sequence[Callable[[Any], Any]], db: Path, modules: Sequence[ModuleType],
                 sources: dict[str, CodeType], prefix: Sequence[tuple[str, int]], max_steps: int,
                 max_preemptions: int, hang_timeout: float) -> None:
        self.fns = workers
        self.db = db
        self.modules = modules
        self.sources = sources
        self.prefix = list(prefix)
        self.max_steps = max_steps
        self.max_preemptions = max_preemptions
        self.hang_timeout = hang_timeout
        self.back = threading.Lock()     # released by a worker when it hands the token back
        self.back.acquire()
        self.abandoned = False
        self.hung = False
        self.outside: str | None = None  # a statement a worker ran without waiting for its turn
        self.own = False                 # a worker opened a connection of its own
        self.adapted = False             # a worker bound a value sqlite3 would adapt inside the step (ADAPTED_IN_STEP)
        self.workers = [_Worker(i) for i in range(len(workers))]
        self.choices: list[tuple[tuple[tuple[str, int], ...], tuple[str, int]]] = []
        self.steps: list[str] = []

    # -- called from worker threads

    def pause(self, worker: _Worker, label: str, in_transaction: bool) -> None:
        """Hand the token back and wait to be scheduled. Raises the lock error if told to fail."""
        worker.pending = label
        worker.in_transaction = in_transaction
        if worker.lane is not None:
            worker.lane.check_commits()
        self.back.release()
        worker.go.acquire()
        if self.abandoned:
            raise _Stop()
        if worker.lane is not None:   # told to fail, the worker's own code runs next: the full readings are its base
            worker.lane.refresh(own=worker.fail)
        if worker.fail:
            worker.fail = False
            worker.blocked = False
            assert worker.last_lock_error is not None
            raise worker.last_lock_error

    def thread_main(self, worker: _Worker) -> None:
        conn: sqlite3.Connection | None = None
        lane: _Lane | None = None
        setup_error: BaseException | None = None
        try:
            # A fresh copy that raises while it loads (the worker's own code) is the worker's result when its turn
            # comes, and whatever was opened is closed. Before, the exception ended the pool's thread: the turn
            # never came back, the run ended as a "deadlock" after hang_timeout seconds, and the slot was dead.
            _local.modules = {m.__name__: fresh_copy(m, self.sources[m.__name__], name=m.__name__) for m in self.modules}
            conn = _driver_connect(self.db, timeout=0, factory=_Connection)
            lane = worker.lane = _INSIDE[conn] = _Lane(self, worker, conn, _driver_connect(self.db, timeout=0))
            if not SYNC_WORLDS:
                sqlite3.Connection.execute(conn, "PRAGMA synchronous = OFF")
            sqlite3.Connection.set_trace_callback(conn, lane.trace)
            lane.in_step = False
        except BaseException as exc:
            setup_error = exc
        try:
            worker.go.acquire()
            if self.abandoned:
                return
            if setup_error is not None or lane is None or conn is None:
                raise setup_error or RuntimeError("race(): the worker's setup did not finish")
            _local.lane = lane
            lane.refresh()
            try:
                worker.result = self.fns[worker.index](conn)
            finally:
                _local.lane = None
                lane.in_step = True
                lane.check_commits()
        except _Stop:
            return
        except BaseException as exc:   # the worker's own failure is a result, not ours
            worker.error = exc
            worker.result = exc
        finally:
            if lane is not None:
                self.outside = self.outside or lane.outside
                self.own = self.own or lane.own
                self.adapted = self.adapted or lane.adapted
            if conn is not None:
                try:   # as a pool would on return: close() alone leaves a zombie holding the transaction's locks
                    sqlite3.Connection.rollback(conn)   # while a cursor lives on (one in the worker's exception's traceback)
                except Exception:
                    pass
            for connection in (conn, lane.watch if lane is not None else None):
                try:
                    if connection is not None:
                        sqlite3.Connection.close(connection)
                except Exception:
                    pass
            if lane is not None:
                os.close(lane.fd)
            _local.modules = {}
            worker.done = True
            self.back.release()

    # -- called from the scheduler (the caller's thread)

    def _give_turn(self, worker: _Worker) -> None:
        worker.go.release()
        if not self.back.acquire(timeout=self.hang_timeout):
            self.abandoned = self.hung = True
            if self.own or (worker.lane is not None and worker.lane.own):
                raise RaceError(OWN_CONNECTION)   # its own connection waited for a lock: the same reason, always
            raise RaceError(
                f"deadlock: worker {worker.label} ran for {self.hang_timeout:g} s without reaching its next "
                f"database call or finishing (schedule so far: {' '.join(self.steps) or '-'}). It is blocked "
                "outside the database: a lock, a queue, a sleep or an endless loop in the code under test.")

    def _choose(self, options: list[tuple[str, int]]) -> tuple[str, int]:
        point = len(self.choices)
        choice = self.prefix[point] if point < len(self.prefix) else options[0]
        if choice not in options:   # cannot happen when the code under test is deterministic
            raise RaceError(f"replay diverged at step {point}: {choice} is not one of {options}; "
                            "the code under test behaves differently on identical runs")
        self.choices.append((tuple(options), choice))
        return choice

    def run(self, pool: "_Pool") -> None:
        _RUNNING.add(self)
        for w in self.workers:
            pool.submit(w.index, lambda w=w: self.thread_main(w))
        try:
            for w in self.workers:                 # each worker runs to its first statement, in order
                self._give_turn(w)
            current: _Worker | None = None         # who ran the previous step
            preemptions = 0
            while True:
                live = [w for w in self.workers if not w.done]
                if not live:
                    break
                if len(self.steps) >= self.max_steps:
                    raise RaceError(f"an interleaving ran {self.max_steps} steps without finishing "
                                    f"(a retry loop that never ends?): {' '.join(self.steps[:40])} ...")
                runnable = [w for w in live if not w.blocked]
                can_continue = current is not None and current in runnable
                if runnable:
                    if can_continue:                # carrying on is the first option; switching is a preemption
                        runnable.remove(current)
                        runnable.insert(0, current)
                        if preemptions >= self.max_preemptions:
                            runnable = [current]
                    kind, index = self._choose([("run", w.index) for w in runnable])
                else:                              # all waiting on each other: someone's busy timeout fires
                    kind, index = self._choose([("fail", w.index) for w in live])
                w = self.workers[index]
                if can_continue and w is not current:
                    preemptions += 1
                step = f"{w.label}:{w.pending}"
                if kind == "fail":
                    w.fail = True
                    step += "(locked error)"
                was_in_transaction = w.in_transaction
                self._give_turn(w)
                if w.blocked and kind == "run":
                    step += "(waits)"
                if w.done or (was_in_transaction and not w.in_transaction):
                    for other in self.workers:     # it released its locks: whoever waits may try again
                        if other is not w:
                            other.blocked = False
                self.steps.append(step)
                current = w
            if self.outside is not None:   # the given connection's own methods bypassed: its commits look foreign too
                raise RaceError(f"{OUTSIDE_TURN} (a {self.outside} statement; schedule: {' '.join(self.steps) or '-'})")
            if self.own:
                raise RaceError(OWN_CONNECTION)
            if self.adapted:
                raise RaceError(ADAPTED_IN_STEP)
        finally:
            self.abandoned = True
            _RUNNING.discard(self)
            for w in self.workers:
                if not w.done:
                    w.go.release()


class _Pool:
    """One long-lived thread per worker slot, reused across interleavings (starting threads is slow)."""

    def __init__(self, size: int) -> None:
        self.queues: list[queue.SimpleQueue] = [queue.SimpleQueue() for _ in range(size)]
        # named as Python names any thread ("Thread-N"), never "race-worker": code under test must not tell
        # from its thread's name that it runs in a race (red team: a fix that locked only then)
        self.threads = [threading.Thread(target=functools.partial(self._loop, q), daemon=True)
                        for q in self.queues]
        for t in self.threads:
            t.start()

    @staticmethod
    def _loop(jobs: queue.SimpleQueue) -> None:
        while (job := jobs.get()) is not None:
            job()

    def submit(self, slot: int, job: Callable[[], None]) -> None:
        self.queues[slot].put(job)

    def close(self, wait: float) -> None:
        for q in self.queues:
            q.put(None)
        for t in self.threads:
            t.join(timeout=wait)


OWN_CONNECTION = ("race(): the worker opened a database connection of its own, whose statements would run outside "
                  "every interleaving: use the connection the worker is given")
_hooked = False
_RUNNING: "set[_Run]" = set()   # interleavings running now in this process


def _driver_connect(db: Path, **kwargs: Any) -> sqlite3.Connection:
    """A connection of the driver's own (a worker's, the watcher): not one the code under test opened."""
    _local.driver = True
    try:
        return sqlite3.connect(db, **kwargs)
    finally:
        _local.driver = False


def _refuse_own_connections() -> None:
    """A sqlite3.connect while a worker runs ends the exploration (RaceError) once the interleaving is over.

    Red team: a fix that ran the snippet on `sqlite3.connect(<the world's file>)` of its own was never paused, so
    the driver forced no interleaving on it and both race properties were credited for racy code. The connection is
    not refused on the spot (PermissionError): then any fix could tell it races by opening one, even ':memory:'
    (red team: correct only then, both race properties). An audit hook, installed once per process."""
    global _hooked
    if _hooked:
        return
    _hooked = True

    def hook(event: str, args: tuple) -> None:
        if event != "sqlite3.connect":
            return
        lane = getattr(_local, "lane", None)
        if lane is not None:
            lane.own = True
        elif not getattr(_local, "driver", False):
            for run in tuple(_RUNNING):   # a thread the worker started (red team: its connection ran the snippet
                run.own = True           # while the worker waited in join(), holding its turn: full marks)
    sys.addaudithook(hook)


# A worker's connection is a sqlite3.Connection (a subclass made through sqlite3.connect(factory=...), named and
# printed as sqlite3's own class), so code under test cannot tell it races from `isinstance` or a class name (red team:
# a fix that was correct only when its connection was not a sqlite3.Connection earned both race properties). Its
# statements still step through the driver. The base class's methods are reachable (`sqlite3.Connection.execute(conn,
# ...)`, a patched class), and would run a statement without waiting for a turn: the driver's trace callback sees every
# statement the connection runs, and one outside a step ends the exploration (RaceError) instead of being credited.
# A fix cannot remove that callback: `set_trace_callback` is refused by the fix policy (course.judge.code_policy).
# Per-connection state is kept out of the object (its attributes are the real connection's): code under test gets it
# as its connection, and an attribute such as `conn._conn` must not lead anywhere.
_INSIDE: "weakref.WeakKeyDictionary[Any, Any]" = weakref.WeakKeyDictionary()

OUTSIDE_TURN = ("race(): the worker ran a database statement without waiting for its turn (the connection's own "
                "methods were bypassed), so its interleavings could not be forced")


class _Lane:
    """What the driver knows of one worker's connection: its run, its worker, whether a step is running."""

    def __init__(self, run: "_Run", worker: _Worker, conn: sqlite3.Connection, watch: sqlite3.Connection) -> None:
        self.run, self.worker = run, worker
        self.in_step = True          # the driver's own setup statements are not the worker's
        self.outside: str | None = None   # the first statement run outside a step
        self.own = False                  # the worker opened a connection of its own
        self.adapted = False              # it bound a value sqlite3 would adapt inside the step
        # Commits the driver did not step. Between the worker's statements only its own Python runs, holding the
        # token, so a commit to the world seen then was made on a connection the driver does not step (red team: a
        # connection opened before the race ATTACHed the world and ran the snippet in one turn, with no connect).
        # Three readings, all on the worker's thread: `PRAGMA data_version` on a connection of the driver's (the
        # watcher: it changes when any other connection commits), the same on the worker's own connection (it
        # does not change for that connection's own commits: a RETURNING statement's autocommit happens when its
        # rows are fetched, outside the step), and the file header's change counter, read without a lock (in
        # rollback-journal mode every commit moves it; a connection that holds EXCLUSIVE locks the watcher out,
        # red team: that hid the snippet's commit).
        self.conn, self.watch = conn, watch
        self.fd = os.open(run.db, os.O_RDONLY)
        self.base: tuple[int | None, int | None, int] = (None, None, 0)   # (watcher, own, header) after the last
        #                                                                   statement or resume
        self.excused: str | None = None   # the content's digest when the last refresh excused a lock-out (see refresh)
        self.base_wal = False             # the file was in WAL mode at the last refresh

    def _pragma(self, conn: sqlite3.Connection) -> int | None:
        """`PRAGMA data_version` on `conn`, or None if it is locked out (timeout 0) or closed.

        Read on a bare cursor (no row factory): `conn.execute` copies the connection's `row_factory`, which on the
        worker's connection is the code under test's (red team, 2026-12: a factory ran a whole check-then-act here,
        where its statements count as the driver's, and a dict factory broke the reading)."""
        in_step, self.in_step = self.in_step, True   # the driver's own statement, not the worker's
        try:
            return sqlite3.Cursor.execute(sqlite3.Cursor(conn), "PRAGMA data_version").fetchone()[0]
        except sqlite3.Error:
            return None
        finally:
            self.in_step = in_step

    def _header(self) -> tuple[bool, int]:
        """(WAL mode, the change counter), from the database file's header (bytes 18 and 24-27), lock-free."""
        try:
            head = os.pread(self.fd, 28, 0)
        except OSError:   # closed: the run is over (an abandoned worker unwinding)
            return False, -1
        return len(head) == 28 and head[18] == 2, int.from_bytes(head[24:28], "big")

    def _in_transaction(self) -> bool:
        return sqlite3.Connection.in_transaction.__get__(self.conn)

    def _locks_held(self) -> bool:
        """May a worker hold a lock that locks the watcher out (in a transaction: this one now, others at their pause)?"""
        return self._in_transaction() or any(w.in_transaction for w in self.run.workers if w is not self.worker)

    def refresh(self, own: bool = True) -> None:
        """The readings now are the worker's own (after its statement, on resume, at its start).

        `own=False` on a resume whose statement runs next: the step's own refresh after it replaces this base before
        anything compares with it, so the worker's own connection's reading (one statement of the five or six the
        watcher runs per step) is skipped; the lock-out check still runs."""
        watched = self._pragma(self.watch)
        wal, counter = self._header()
        self.excused = None
        self.base_wal = wal
        if watched is None and not wal and not self._in_transaction() and self._pragma(self.conn) is not None:
            # locked out by a lock no worker's transaction holds, while the worker's own connection still reads: the
            # lock may be that connection's own, a statement of the step not yet reset (red team, 2026-12: `PRAGMA
            # journal_mode = WAL` holds its lock until its row is fetched, after the step; the honest fix with that
            # pragma was taken for a connection of its own), or another connection's PENDING lock that the worker's
            # read lock lets through (red team, the same month: that connection committed once the worker let go,
            # then switched the file to WAL, where the header's counter no longer moves). Neither the counter nor
            # data_version tells the two apart; the content does: check_commits compares it with this digest.
            # Also while another worker's transaction holds locks, when this worker's connection is in none: then the
            # lock-out's lock may be its own statement's too (its `PRAGMA journal_mode = WAL`, the switch finishing
            # when the row is fetched), which check_commits no longer takes for granted (a switch to WAL between a
            # refresh and a check that no digest covers is a connection's of its own, below).
            self.excused = self._digest()
            if self.excused is None and not self._locks_held():
                self.own = True
        elif watched is None and (wal or not self._locks_held()):
            self.own = True   # locked out by a lock no worker holds (in WAL mode a writer never locks readers out)
        mine = None if not own or self._in_transaction() else self._pragma(self.conn)
        self.base = (watched, mine, counter)

    def _digest(self) -> str | None:
        """A digest of the database's schema and rows as the worker's own connection reads them now, or None if it
        cannot. Read with sqlite3's own text factory, on bare cursors (no row factory of the code under test)."""
        in_step, self.in_step = self.in_step, True   # the driver's own statements, not the worker's
        text_factory = None
        try:
            text_factory = sqlite3.Connection.text_factory.__get__(self.conn)   # a closed connection raises here
            sqlite3.Connection.text_factory.__set__(self.conn, str)

            def rows(sql: str) -> list:
                return sqlite3.Cursor.execute(sqlite3.Cursor(self.conn), sql).fetchall()
            schema = rows("SELECT type, name, sql FROM main.sqlite_master ORDER BY type, name")
            content = [(name, rows('SELECT * FROM main."' + name.replace('"', '""') + '"'))
                       for kind, name, _ in schema if kind == "table"]
            return hashlib.sha256(repr((schema, content)).encode("utf-8", "surrogatepass")).hexdigest()
        except (sqlite3.Error, ValueError):
            return None
        finally:
            if text_factory is not None:
                sqlite3.Connection.text_factory.__set__(self.conn, text_factory)
            self.in_step = in_step

    def check_commits(self) -> None:
        """A commit since the last refresh that none of the worker's statements made: a connection of its own."""
        watched, own, counter = self.base
        now = self._pragma(self.watch)
        wal, now_counter = self._header()
        if now is None:   # locked out now
            changed = wal or not self._locks_held() or now_counter != counter
        elif watched is None and self.excused is not None:   # excused at the last refresh: the content says it
            changed = self._digest() != self.excused
        elif watched is None:   # locked out at the last refresh (by a worker's lock): the header says it
            # in WAL mode now, in rollback mode then: switched outside a step (red team, 2026-12: the worker's own
            # connection in a deferred transaction holding no lock, another's commit behind PENDING, then WAL; the
            # worker's own connection cannot switch within a transaction, nor did it hold the lock-out's lock)
            changed = not self.base_wal if wal else now_counter != counter
        else:
            changed = now != watched
        if changed and not self._own_commit(own):
            self.own = True

    def _own_commit(self, own: int | None) -> bool:
        """Was the change the worker's own? Only outside a transaction (a RETURNING statement fetched in autocommit
        mode commits then), and only if its own connection saw no other connection commit meanwhile."""
        if own is None or self._in_transaction():
            return False
        return self._pragma(self.conn) == own

    def trace(self, statement: str) -> None:
        if not self.in_step and self.outside is None:
            self.outside = _label(statement)


def _step(conn: sqlite3.Connection, label: str, fn: Callable[..., Any], *args: Any) -> Any:
    """Run one statement `fn(*args)` of a worker's connection in the worker's turn, retried while it finds a lock.

    A function, not a method of the connection's class (red team, 2026-12: `conn._step("SELECT", sell, ...)` ran a
    whole check-then-act on the base class's methods as one step, its statements taken for the step's own)."""
    lane: _Lane = _INSIDE[conn]
    run, worker = lane.run, lane.worker
    while True:
        run.pause(worker, label, sqlite3.Connection.in_transaction.__get__(conn))
        lane.in_step = True
        try:
            result = fn(*args)
            worker.blocked = False
            return result
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc):
                worker.blocked = False
                raise
            worker.blocked = True            # wait; retried after someone else makes progress
            worker.last_lock_error = exc
        finally:
            lane.in_step = False
            lane.refresh()                   # what this statement committed is the worker's own


class _Connection(sqlite3.Connection):
    """A sqlite3.Connection whose statements wait for the scheduler's token."""

    __slots__ = ("__weakref__",)

    def cursor(self, factory: Any = None) -> "_Cursor":    # type: ignore[override]
        """A cursor whose statements step (any factory given is a cursor class of the code under test's)."""
        return sqlite3.Connection.cursor(self, _Cursor if factory is None else _cursor_factory(factory))

    def execute(self, sql: str, parameters: Any = ()) -> "_Cursor":   # type: ignore[override]
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, seq: Any) -> "_Cursor":   # type: ignore[override]
        return self.cursor().executemany(sql, seq)

    def executescript(self, script: str) -> "_Cursor":   # type: ignore[override]
        return self.cursor().executescript(script)

    def commit(self) -> None:
        _step(self, "COMMIT", sqlite3.Connection.commit, self)

    def rollback(self) -> None:
        _step(self, "ROLLBACK", sqlite3.Connection.rollback, self)

    def __enter__(self) -> "_Connection":
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> bool:   # type: ignore[override]
        if exc_type is None:
            self.commit()
        else:
            self.rollback()
        return False


def _label(sql: str) -> str:
    words = sql.split()
    if not words:
        return "SQL"
    first = words[0].upper()
    if first == "BEGIN" and len(words) > 1 and words[1].upper() in {"IMMEDIATE", "EXCLUSIVE", "DEFERRED"}:
        return f"BEGIN-{words[1].upper()}"
    return first


# What sqlite3 reads of a statement's arguments while it binds, it reads inside the driver's step, where Python of the
# code under test can run a whole check-then-act that no other worker can come between (found in review, 2026-12: a
# parameters object's `__getitem__` ran the snippet's SELECT, UPDATE and INSERT while `SELECT ?` bound, 0.5 with the race
# left in; a `str` subclass's `__hash__`/`__eq__` as the SQL runs in sqlite3's statement cache the same way). So the
# driver reads them first, in the worker's turn before its pause, as sqlite3 would (CPython 3.11
# Modules/_sqlite/statement.c and cursor.c), and hands sqlite3 plain values: that Python is then ordinary code between
# two statements, and a statement it runs is seen by the trace callback outside a step.

def _plain_sql(sql: Any) -> Any:
    """An exact str for a str subclass (sqlite3 hashes and compares the SQL in its statement cache), else `sql`."""
    return str.__str__(sql) if isinstance(sql, str) and type(sql) is not str else sql


def _id_char(c: str) -> bool:
    return c.isascii() and (c.isalnum() or c in "_$") or ord(c) >= 0x80


@functools.lru_cache(maxsize=1024)
def _parameter_names(sql: str) -> tuple[str | None, ...]:
    """`sqlite3_bind_parameter_name(i)` for i = 1 .. the parameter count of `sql`'s first statement (None: nameless).

    SQLite's tokenizer (tokenize.c) and variable numbering (expr.c, sqlite3ExprAssignVarNumber), read here without
    preparing: comments, quoted strings and identifiers hold no parameters; `?` takes the next number, `?NNN` number
    NNN; `:name`, `@name`, `#name` and `$name` (with Tcl's `::` and `(...)`) take the next number on first use."""
    names: dict[int, str] = {}
    numbers: dict[str, int] = {}
    count, i, n = 0, 0, len(sql)
    while i < n:
        c = sql[i]
        if c == ";":
            break
        if sql.startswith("--", i):
            end = sql.find("\n", i)
            i = n if end < 0 else end + 1
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif c in "'\"`[":
            close = "]" if c == "[" else c
            i += 1
            while i < n:
                if sql[i] == close:
                    if close != "]" and sql.startswith(close, i + 1):   # a doubled quote is one quote character
                        i += 2
                        continue
                    break
                i += 1
            i += 1
        elif c == "?":
            j = i + 1
            while j < n and sql[j].isascii() and sql[j].isdigit():
                j += 1
            if j == i + 1:
                count += 1
            else:
                number = int(sql[i + 1:j])
                names.setdefault(number, sql[i:j])
                count = max(count, number)
            i = j
        elif c in ":@#$":
            j, length = i + 1, 0
            while j < n:
                if _id_char(sql[j]):
                    length, j = length + 1, j + 1
                elif sql[j] == "(" and length:   # Tcl's $name(...): up to ")", illegal at a space or the end
                    j += 1
                    while j < n and not sql[j].isspace() and sql[j] != ")":
                        j += 1
                    length = length if j < n and sql[j] == ")" else 0
                    j += 1
                    break
                elif sql.startswith("::", j):
                    j += 2
                else:
                    break
            if length:
                name = sql[i:j]
                if name not in numbers:
                    count += 1
                    numbers[name], names[count] = count, name
            i = max(j, i + 1)
        elif _id_char(c):
            while i < n and _id_char(sql[i]):
                i += 1
        else:
            i += 1
    return tuple(names.get(k) for k in range(1, count + 1))


def _plain_parameters(sql: Any, parameters: Any) -> Any:
    """`parameters` read and adapted the way sqlite3 binds them, as a plain tuple or dict of plain values (see
    `_plain_value`); anything sqlite3 refuses as parameters unchanged (it raises as before).

    A dict (or subclass) is read by the names `sql` uses, through its own `[name]`; a missing name is left out, so
    sqlite3 says so as it would. Any other sequence is read with `len()` then `[i]`, as sqlite3 does."""
    kind = type(parameters)
    if issubclass(kind, dict):
        plain: dict[str, Any] = {}
        for position, name in enumerate(_parameter_names(sql) if isinstance(sql, str) else (), 1):
            if name is None:      # sqlite3: "Binding n has no name, but you supplied a dictionary"
                break
            try:
                value = parameters[name[1:]]
            except LookupError:   # sqlite3: "You did not supply a value for binding parameter"
                break
            plain[name[1:]] = _plain_value(value, position)
        return plain
    if kind is tuple or kind is list:
        items = parameters
    elif any("__getitem__" in vars(klass) for klass in kind.__mro__):   # PySequence_Check: sqlite3 binds a sequence
        items = [parameters[i] for i in range(len(parameters))]
    else:
        return parameters
    return tuple(_plain_value(value, position) for position, value in enumerate(items, 1))


# sqlite3 adapts a parameter VALUE while it binds (CPython 3.11 Modules/_sqlite/cursor.c need_adapt and
# microprotocols.c): a registered adapter, else the value's own `__conform__(PrepareProtocol)` (found in review, 2026-12:
# a class made with three-argument `type()`, past the fix policy's names, ran the snippet's check-then-act in its
# `__conform__` inside the step that bound it). The driver adapts each value itself in the worker's turn, as sqlite3
# would, and hands sqlite3 an exact int, float, str, bytes, bytearray or None, which it binds without calling Python.
_ADAPTERS = sqlite3.adapters   # the registry sqlite3 reads (the module attribute may be rebound, this dict may not)
_UNADAPTED = (int, float, str, bytearray)   # need_adapt: exact values sqlite3 binds unadapted (no base type adapted)
_PLAIN = (int, float, str, bytes, bytearray, type(None))   # what sqlite3 is handed
_EXACT = ((int, lambda v: int.__add__(v, 0)), (float, float.__float__), (str, str.__str__))   # base types' own slots

ADAPTED_IN_STEP = ("race(): an adapter is registered for a plain value the worker binds, and sqlite3 would call it "
                   "inside the statement's step, so its interleavings could not be forced")


def _plain_value(value: Any, position: int) -> Any:
    """`value` adapted as sqlite3 3.11 adapts a parameter, then as the exact value it would bind (bind_param).

    An adapter's or `__conform__`'s error is raised here, as sqlite3 raises it; a value sqlite3 cannot bind raises
    its ProgrammingError. Flags the run (ADAPTED_IN_STEP) when sqlite3 would still find an adapter for the result."""
    if not (_one_of(type(value), _UNADAPTED) and (type(value), sqlite3.PrepareProtocol) not in _ADAPTERS):
        value = _adapted(value)
    plain = _exact(value, position)
    if (type(plain), sqlite3.PrepareProtocol) in _ADAPTERS:   # exact bytes and None are always looked up
        lane = getattr(_local, "lane", None)
        if lane is not None:
            lane.adapted = True
    return plain


def _adapted(value: Any) -> Any:
    """sqlite3's `adapt(value, PrepareProtocol, value)`: the registered adapter, else the value's `__conform__`
    (None or a TypeError from it: the value itself). PrepareProtocol has no `__adapt__`, and its type is immutable."""
    adapter = _ADAPTERS.get((type(value), sqlite3.PrepareProtocol), _ADAPTERS)
    if adapter is not _ADAPTERS:
        return adapter(value)
    conform = getattr(value, "__conform__", None)
    if conform is None:
        return value
    try:
        adapted = conform(sqlite3.PrepareProtocol)
    except TypeError:
        return value
    return value if adapted is None else adapted


def _exact(value: Any, position: int) -> Any:
    """The exact value sqlite3 binds for `value`, read without calling its class's methods (int, float and str
    subclasses by the base type's own slot, buffers as bytes); else sqlite3's error for an unsupported type."""
    kind = type(value)
    if _one_of(kind, _PLAIN):
        return value
    for base, convert in _EXACT:   # bind_param's order: PyLong_Check, PyFloat_Check, PyUnicode_Check
        if issubclass(kind, base):
            return convert(value)
    try:
        view = memoryview(value)   # PyObject_CheckBuffer: in 3.11 only C types export buffers
    except TypeError:
        raise sqlite3.ProgrammingError(
            f"Error binding parameter {position}: type '{_type_name(kind)}' is not supported") from None
    with view:
        return view.tobytes()


def _one_of(kind: type, types: tuple[type, ...]) -> bool:
    """`kind in types` by identity (`in` compares with `==`, and a metaclass's `__eq__` may say anything)."""
    return any(kind is t for t in types)


def _type_name(kind: type) -> str:
    """A type's C `tp_name`, as sqlite3 names it: `decimal.Decimal` for a C type outside builtins, else its name
    (read through `type`'s own descriptors: a metaclass's attributes are the code under test's Python)."""
    name = type.__dict__["__name__"].__get__(kind)
    module = type.__dict__["__module__"].__get__(kind)
    immutable = type.__dict__["__flags__"].__get__(kind) & (1 << 8)   # Py_TPFLAGS_IMMUTABLETYPE: C types
    return f"{module}.{name}" if immutable and module != "builtins" else name


def _plain_rows(sql: Any, seq: Any) -> tuple[list[Any], Exception | None]:
    """executemany's rows read ahead, each as `_plain_parameters` would, and what stopped the reading (else None).

    sqlite3 reads the next row (an iterator's `__next__`, a generator's body) and binds it inside the statement; read
    here, that Python runs between statements. An error while reading is raised after the rows before it ran, as
    sqlite3 raises it mid-way; an argument that is not iterable raises at once, before the statement, as in sqlite3."""
    rows_iter = seq if hasattr(type(seq), "__next__") else iter(seq)   # PyIter_Check, else PyObject_GetIter
    rows: list[Any] = []
    try:
        while True:
            try:
                row = next(rows_iter)
            except StopIteration:
                return rows, None
            rows.append(_plain_parameters(sql, row))
    except Exception as exc:
        return rows, exc


class _Cursor(sqlite3.Cursor):
    """A sqlite3.Cursor whose execute calls wait for the scheduler's token."""

    __slots__ = ()

    def execute(self, sql: str, parameters: Any = ()) -> "_Cursor":   # type: ignore[override]
        sql = _plain_sql(sql)
        if _BUSY_PRAGMA.match(sql):
            sql, parameters = "PRAGMA busy_timeout = 0", ()   # the driver decides who waits
        parameters = _plain_parameters(sql, parameters)
        _step(self.connection, _label(sql), sqlite3.Cursor.execute, self, sql, parameters)
        return self

    def executemany(self, sql: str, seq: Any) -> "_Cursor":   # type: ignore[override]
        sql = _plain_sql(sql)
        rows, stopped = _plain_rows(sql, seq)
        _step(self.connection, _label(sql), sqlite3.Cursor.executemany, self, sql, rows)
        if stopped is not None:
            raise stopped
        return self

    def executescript(self, script: str) -> "_Cursor":   # type: ignore[override]
        _step(self.connection, "SCRIPT", sqlite3.Cursor.executescript, self, _plain_sql(script))
        return self


# Named and printed as sqlite3's own classes (repr, `type(conn).__name__`): only `type(conn) is sqlite3.Connection`
# tells them apart, which no subclass can change (tests/test_fix_gaming.py keeps that one open).
named_as(_Connection, "sqlite3", "Connection")
named_as(_Cursor, "sqlite3", "Cursor")


@functools.lru_cache(maxsize=None)
def _cursor_factory(factory: type) -> type:
    """The code under test's own cursor class, its statements stepping too."""
    if not (isinstance(factory, type) and issubclass(factory, sqlite3.Cursor)):
        raise TypeError("race(): a cursor factory must be a sqlite3.Cursor subclass")
    if issubclass(factory, _Cursor):   # `type(conn.cursor())`, or one made here already
        return factory
    return type(factory.__name__, (_Cursor, factory), {"__slots__": (), "__module__": factory.__module__})


# ---------------------------------------------------------------- the public entry point

def explore(workers: Sequence[Callable[[Any], Any]], database: str | Path, *,
            isolate: Sequence[ModuleType] = (), view: Callable[[Path], Any] | None = None,
            workdir: str | Path | None = None, max_worlds: int = MAX_WORLDS, max_steps: int = MAX_STEPS,
            max_preemptions: int = MAX_PREEMPTIONS, hang_timeout: float = HANG_TIMEOUT) -> Worlds:
    """Run `workers` concurrently in every interleaving of their statements; return one World each.

    `database` is the starting database file (copied afresh for each interleaving). `isolate`
    lists modules each worker gets its own copy of (see `per_worker`). `view(path)` builds the
    helpers a World offers on its final database. Exploration stops after `max_worlds` worlds
    (then `Worlds.complete` is False). Deterministic: the same call gives the same worlds in the
    same order.
    """
    if not workers:
        raise ValueError("give at least one worker function")
    _refuse_own_connections()
    database = Path(database)
    if not database.is_file():
        raise FileNotFoundError(database)
    base = Path(workdir) if workdir is not None else Path(tempfile.mkdtemp(prefix="race-"))
    base.mkdir(parents=True, exist_ok=True)
    call = next(_counter)
    sources = {m.__name__: module_code(m) for m in isolate}
    worlds = Worlds()
    pool = _Pool(len(workers))
    try:
        _explore(workers, database, base, call, isolate, sources, view, max_worlds, max_steps, max_preemptions,
                 hang_timeout, worlds, pool)
    except RaceError:
        pool.close(wait=0.0)
        raise
    pool.close(wait=hang_timeout)
    return worlds


def _explore(workers: Sequence[Callable[[Any], Any]], database: Path, base: Path, call: int,
             isolate: Sequence[ModuleType], sources: dict[str, CodeType], view: Callable[[Path], Any] | None,
             max_worlds: int, max_steps: int, max_preemptions: int, hang_timeout: float, worlds: Worlds,
             pool: _Pool) -> None:
    """Depth-first over choice points: replay a prefix, take first options after it, backtrack."""
    prefix: list[tuple[str, int]] = []
    while True:
        if len(worlds) >= max_worlds:
            worlds.complete = False
            break
        path = base / f"world-{call}-{len(worlds)}.db"
        shutil.copyfile(database, path)
        run = _Run(workers, path, isolate, sources, prefix, max_steps, max_preemptions, hang_timeout)
        run.run(pool)
        worlds.append(World(
            schedule=" ".join(run.steps),
            results=tuple(w.result for w in run.workers),
            errors=tuple(w.error for w in run.workers),
            path=path,
            choices=tuple(choice for _, choice in run.choices),
            view=view(path) if view is not None else None,
        ))
        # backtrack: the deepest choice point with an option not yet taken
        points = run.choices
        while points:
            options, taken = points[-1]
            position = options.index(taken)
            if position + 1 < len(options):
                prefix = [choice for _, choice in points[:-1]] + [options[position + 1]]
                break
            points.pop()
        if not points:
            break
