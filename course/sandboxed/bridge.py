"""Calls between two processes that do not trust each other, as plain data: the judge's process boundary.

Why: a learner's tests must reach the implementation under test only through its behaviour. Running them in
a process that does not hold the implementation at all (no module, no file, no bytecode) makes that true by
construction instead of by forbidding names: whatever the tests do to their own interpreter, the
implementation is not in it. The tests' process gets proxies; every use of one (a call, a public attribute,
an operator) is a request over a socket to the process holding the real object, answered with plain data.

What crosses, both ways (see `_encode`):
- values of exact built-in types (None, bool, int, float, complex, str, bytes, list, tuple, dict, set,
  frozenset) and Decimal, Fraction, date, time, datetime, timedelta, by value, copied;
- paths as pure paths (strings: no file of the other side can be opened through them);
- exceptions as their class and their string arguments (a class that is not built in arrives as a stand-in
  class of the same name and bases, cached, so `pytest.raises(errors.NotFound)` works);
- anything else as a handle: a proxy on the other side whose calls, public attributes (no name starting
  with "_") and a fixed list of operators are requests back. Modules, code, frames, tracebacks and
  generators' internals never cross, not even as handles.
A proxy's repr and str are computed by its owner, without memory addresses.

Calls nest and keep their thread: a request carries its chain (the thread that started it); a callback that
comes back while that thread waits is served by that same thread, and a chain the other side started gets one
thread of its own here. So a worker thread of the race driver that calls a test's lambda, which calls the
implementation, runs the implementation in the driver's own worker thread, where the driver can pause it.
Messages are length-prefixed JSON (never pickle: the other side may be hostile); a message that does not
parse, or is too large or too deep, ends the connection.
"""
from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from fractions import Fraction
import builtins
import functools
import itertools
import json
import operator as _operator
import os
from pathlib import PurePath, PurePosixPath
import queue
import re
import socket
import struct
import sys
import threading
import types
from typing import Any, Callable

MAX_MESSAGE_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 60
_HEADER = struct.Struct("!I")
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
# Operators a proxy forwards (a name starting with "_" is otherwise never looked up on the other side).
OPERATORS = frozenset({
    "__call__", "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__len__", "__iter__", "__next__",
    "__getitem__", "__setitem__", "__delitem__", "__contains__", "__bool__", "__str__", "__repr__",
    "__enter__", "__exit__", "__add__", "__sub__", "__mul__", "__truediv__", "__floordiv__", "__mod__",
    "__neg__", "__abs__", "__int__", "__float__", "__index__", "__radd__", "__rsub__", "__rmul__"})
# Never exported, even as a handle: each is a way into an interpreter's internals (globals, source, frames).
_CLOSED_TYPES = (types.ModuleType, types.CodeType, types.FrameType, types.TracebackType, types.CellType)
_CLOSED_ATTRIBUTE_PREFIXES = ("gi_", "cr_", "ag_", "f_", "tb_", "co_")
_BY_VALUE = (type(None), bool, int, float, complex, str, bytes)
_EXCEPTION_ARGS = (str, int, float, bool, type(None))   # exception arguments that cross as they are
_REQUESTS = frozenset({"getattr", "setattr", "dir", "op", "service"})
MAX_CHAINS = 512   # threads the other side may make us start (one per chain it begins)


class BridgeClosed(ConnectionError):
    """The other process went away (it ended, crashed or was stopped) while a call was waiting for it."""


class CrossingRefused(PermissionError):
    """What a request asked for may not cross the boundary."""


class _Chain:
    """Messages for one chain of nested calls, and whether a thread of ours is waiting on it."""

    def __init__(self) -> None:
        self.inbox: queue.SimpleQueue = queue.SimpleQueue()


class Proxy:
    """A handle to an object the other process holds. Everything but the operators above is a request."""

    __slots__ = ("_bridge", "_hid", "_label", "__weakref__")

    def __init__(self, bridge: "Bridge", hid: int, label: str) -> None:
        object.__setattr__(self, "_bridge", bridge)
        object.__setattr__(self, "_hid", hid)
        object.__setattr__(self, "_label", label)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._bridge.request("getattr", self._hid, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            raise AttributeError(f"cannot set {name}")
        self._bridge.request("setattr", self._hid, name, value)

    def __hash__(self) -> int:
        return hash((id(self._bridge), self._hid))

    def __repr__(self) -> str:
        return self._op("__repr__")

    def __str__(self) -> str:
        return self._op("__str__")

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __exit__(self, kind: Any, value: Any, traceback: Any) -> Any:
        return self._op("__exit__", kind, value, None)   # a traceback never crosses

    def __dir__(self) -> list[str]:
        return list(self._bridge.request("dir", self._hid))

    def _op(self, name: str, *args: Any, **kwargs: Any) -> Any:
        return self._bridge.request("op", self._hid, name, *args, **kwargs)


def _forward(name: str) -> Callable[..., Any]:
    def method(self: Proxy, *args: Any, **kwargs: Any) -> Any:
        return self._op(name, *args, **kwargs)
    method.__name__ = name
    return method


for _name in OPERATORS - {"__repr__", "__str__"}:
    setattr(Proxy, _name, _forward(_name))
del _name


class Bridge:
    """One end of the connection: the objects this side lent out, the proxies of the other side's, the chains."""

    def __init__(self, sock: socket.socket, side: str) -> None:
        self.sock, self.side = sock, side
        self._send_lock = threading.Lock()
        self._lock = threading.Lock()
        self._lent: dict[int, Any] = {}        # handle id -> object (kept alive while lent)
        self._ids: dict[int, int] = {}         # id(object) -> handle id
        self._proxies: dict[int, Proxy] = {}   # the other side's handle id -> our proxy
        self._classes: dict[tuple, type] = {}  # the other side's exception classes, as stand-ins
        self._next_hid = itertools.count(1)
        self._next_seq = itertools.count(1)
        self._next_chain = itertools.count(1)
        self._chains: dict[str, _Chain] = {}
        self._served: set[str] = set()   # chains the other side started, each served by a thread of ours
        self._local = threading.local()
        self._closed = threading.Event()
        self.on_control: Callable[[dict], None] | None = None   # messages that are not calls (see send_control)
        self.services: dict[str, Callable[..., Any]] = {}       # requests on no object: name -> function
        # Threads here are named as Python names any thread ("Thread-N"): a fix in the implementation's process must
        # not tell from a thread called "bridge-h" that it is being judged (red team: it behaved only then).
        self._reader = threading.Thread(target=functools.partial(self._read_loop), daemon=True)

    def start(self) -> "Bridge":
        self._reader.start()
        return self

    # ------------------------------------------------------------ wire

    def _send(self, message: dict) -> None:
        data = json.dumps(message, separators=(",", ":"), ensure_ascii=False).encode("utf-8", "surrogatepass")
        if len(data) > MAX_MESSAGE_BYTES:
            raise CrossingRefused(f"a value too large to cross ({len(data)} bytes)")
        with self._send_lock:
            try:
                self.sock.sendall(_HEADER.pack(len(data)) + data)
            except OSError as exc:
                raise BridgeClosed(f"the other process is gone ({exc})") from None

    def _recv_exact(self, n: int) -> bytes:
        chunks, got = [], 0
        while got < n:
            chunk = self.sock.recv(min(n - got, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def _read_loop(self) -> None:
        try:
            while True:
                (size,) = _HEADER.unpack(self._recv_exact(_HEADER.size))
                if size > MAX_MESSAGE_BYTES:
                    break
                message = json.loads(self._recv_exact(size).decode("utf-8", "surrogatepass"))
                if not isinstance(message, dict):
                    break
                self._route(message)
        except (EOFError, OSError, ValueError, RecursionError, struct.error):
            pass
        finally:
            self._closed.set()
            with self._lock:
                chains = list(self._chains.values())
            for chain in chains:
                chain.inbox.put(None)   # wakes every waiting thread: the connection is gone
            if self.on_control is not None:
                self.on_control({"op": "closed"})

    def _route(self, message: dict) -> None:
        chain_id = message.get("c")
        if not isinstance(chain_id, str):
            if self.on_control is not None:
                self.on_control(message)
            return
        with self._lock:
            chain = self._chains.get(chain_id)
            fresh = chain is None
            if fresh:
                if len(self._chains) >= MAX_CHAINS:
                    raise ValueError("too many chains")   # ends the connection
                chain = self._chains[chain_id] = _Chain()
                self._served.add(chain_id)
            chain.inbox.put(message)   # under the lock: a retiring chain drains what was put before it left
        if fresh:   # a chain the other side started: one thread of ours serves it, for as long as it lasts
            threading.Thread(target=functools.partial(self._serve_chain, chain_id, chain), daemon=True).start()

    def post(self, **fields: Any) -> None:
        """A message on this thread's chain that is not a call (the end of a test, for the thread serving it)."""
        chain_id, _ = self._my_chain()
        self._send({**fields, "c": chain_id})

    def send_control(self, **fields: Any) -> None:
        """A message outside any call (the tests' beginnings and ends, a setup error): the receiver's on_control
        gets it. Fields are JSON values (names, counts, messages)."""
        self._send(fields)

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    # ------------------------------------------------------------ chains

    def _my_chain(self) -> tuple[str, _Chain]:
        chain_id = getattr(self._local, "chain", None)
        if chain_id is None:
            chain_id = self._local.chain = f"{self.side}{next(self._next_chain)}"
        with self._lock:
            chain = self._chains.get(chain_id)
            if chain is None:
                chain = self._chains[chain_id] = _Chain()
        return chain_id, chain

    def adopt_chain(self, chain_id: str) -> None:
        """Serve the other side's chain `chain_id` in the calling thread (see serve_until)."""
        self._local.chain = chain_id
        with self._lock:
            self._chains.setdefault(chain_id, _Chain())

    def serve_until(self, stop: Callable[[dict], bool]) -> dict | None:
        """In the calling thread (its chain set by adopt_chain), serve requests until a message for which
        stop(message) is true arrives (returned), or the connection closes (None)."""
        chain_id, chain = self._my_chain()
        while True:
            message = chain.inbox.get()
            if message is None:
                return None
            if stop(message):
                return message
            if message.get("op") in _REQUESTS:
                self._handle(chain_id, message)

    def _serve_chain(self, chain_id: str, chain: _Chain) -> None:
        self._local.chain = chain_id
        while True:
            message = chain.inbox.get()
            if message is None:
                return
            if message.get("op") == "retire":   # between tests (forget_lent): this thread ends, the chain goes
                with self._lock:
                    if self._chains.get(chain_id) is chain:
                        del self._chains[chain_id]
                leftover = []
                while True:
                    try:
                        leftover.append(chain.inbox.get_nowait())
                    except queue.Empty:
                        break
                for late in leftover:   # came in before the chain left: served here, later ones start a new chain
                    if late is not None and late.get("op") in _REQUESTS:
                        self._handle(chain_id, late)
                return
            if message.get("op") in _REQUESTS:
                self._handle(chain_id, message)

    def request(self, op: str, hid: int, *args: Any, **kwargs: Any) -> Any:
        """Ask the other side to do `op` on its object `hid`; serve what it asks of us meanwhile on this chain."""
        if self.closed:
            raise BridgeClosed("the other process is gone")
        chain_id, chain = self._my_chain()
        seq = next(self._next_seq)
        refs: dict[int, int] = {}
        originals: dict[int, Any] = {}
        encoded_args = [self._encode(a, 0, refs) for a in args]
        encoded_kwargs = {str(k): self._encode(v, 0, refs) for k, v in kwargs.items()}
        if refs:
            by_id = {id(a): a for a in _containers(args, kwargs)}
            originals = {number: by_id[key] for key, number in refs.items() if key in by_id}
        self._send({"c": chain_id, "s": seq, "op": op, "h": hid, "a": encoded_args, "k": encoded_kwargs})
        while True:
            message = chain.inbox.get()
            if message is None:
                raise BridgeClosed("the other process ended while this call was waiting for it")
            kind = message.get("op")
            if kind in ("ret", "err") and message.get("s") == seq:
                if originals:
                    self._apply(message.get("m"), originals)
                value = self._decode(message.get("v"))
                if kind == "err":
                    raise value
                return value
            if kind in _REQUESTS:
                self._handle(chain_id, message)

    # ------------------------------------------------------------ serving a request

    def _handle(self, chain_id: str, message: dict) -> None:
        seq = message.get("s")
        numbered: dict[int, Any] = {}
        try:
            value = self._perform(message, numbered)
            reply = {"c": chain_id, "s": seq, "op": "ret", "v": self._encode(value)}
        except BaseException as exc:   # noqa: B902 - everything crosses back, even SystemExit
            try:
                reply = {"c": chain_id, "s": seq, "op": "err", "v": self._encode(exc)}
            except BaseException as again:   # noqa: B902
                reply = {"c": chain_id, "s": seq, "op": "err",
                         "v": self._encode(RuntimeError(f"an error that cannot cross: {type(again).__name__}"))}
        if numbered:   # the arguments' containers as they are now, for the caller to copy back
            refs = {id(obj): number for number, obj in numbered.items()}
            try:
                reply["m"] = [[n, self._encode_container(obj, 0, refs)] for n, obj in numbered.items()]
            except CrossingRefused:
                pass   # what went into them cannot cross: the caller keeps its containers as they were
        try:
            self._send(reply)
        except BridgeClosed:
            pass   # nobody is left to answer

    def _perform(self, message: dict, numbered: dict[int, Any]) -> Any:
        op = message.get("op")
        args = [self._decode(a, 0, numbered) for a in message.get("a") or []]
        kwargs = {str(k): self._decode(v, 0, numbered) for k, v in (message.get("k") or {}).items()}
        if op == "service":
            service = self.services.get(args[0]) if args and isinstance(args[0], str) else None
            if service is None:
                raise CrossingRefused(f"no service {args[:1]!r}")
            return service(*args[1:], **kwargs)
        target = self._lent_object(message.get("h"))
        if op == "getattr":
            name = _public_name(args)
            value = getattr(target, name)
            if _looks_up_by_text(value):
                raise CrossingRefused(f"attribute {name!r} does not cross (it looks up attributes named in text)")
            return value
        if op == "setattr":
            name = _public_name(args[:1])
            setattr(target, name, args[1] if len(args) > 1 else None)
            return None
        if op == "dir":
            return [n for n in dir(target) if not n.startswith("_")]
        if op == "op":
            name = args[0] if args else None
            if name not in OPERATORS:
                raise CrossingRefused(f"operator {name!r} does not cross")
            if name == "__repr__":
                return _plain_repr(target)
            if name == "__str__":
                text = str(target)
                return _plain_repr(target) if type(target).__str__ is object.__str__ else _ADDRESS.sub("", text)
            if name == "__call__":
                if _looks_up_by_text(target):
                    raise CrossingRefused("this callable looks up attributes named in text: it does not run for the other side")
                return target(*args[1:], **kwargs)
            if name == "__bool__":
                return bool(target)
            if name == "__len__":
                return len(target)
            if name == "__iter__":
                return iter(target)
            if name == "__next__":
                return next(target)
            if name == "__int__":
                return int(target)
            if name == "__float__":
                return float(target)
            if name == "__index__":
                return target.__index__()
            method = getattr(type(target), name, None)
            if method is None:
                raise TypeError(f"{type(target).__name__} does not support {name}")
            result = method(target, *args[1:], **kwargs)
            return result
        raise CrossingRefused(f"unknown request {op!r}")

    def _lent_object(self, hid: Any) -> Any:
        with self._lock:
            if not isinstance(hid, int) or hid not in self._lent:
                raise CrossingRefused("no such object here (it belonged to an earlier test, or never existed)")
            return self._lent[hid]

    def call_service(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """Ask the other side's service `name` (see `services`)."""
        return self.request("service", 0, name, *args, **kwargs)

    def forget_lent(self) -> None:
        """Drop every object lent out so far (between tests: a proxy kept from an earlier test stops working), and
        retire the threads serving chains the other side started, so a long run never reaches MAX_CHAINS (a
        thread of theirs that calls again starts a fresh chain)."""
        with self._lock:
            self._lent.clear()
            self._ids.clear()
            retiring = [self._chains[c] for c in self._served if c in self._chains]
            self._served.clear()
        for chain in retiring:
            chain.inbox.put({"op": "retire"})

    # ------------------------------------------------------------ encoding

    def _encode(self, obj: Any, depth: int = 0, refs: dict[int, int] | None = None) -> Any:
        """The wire form of `obj`. With `refs` (a call's arguments), lists, dicts and sets carry a number, so
        what the callee does to them in place can be copied back to the caller's own objects (see _apply)."""
        if depth > MAX_DEPTH:
            raise CrossingRefused("a value nested too deeply to cross")
        kind = type(obj)
        if refs is not None and (kind is list or kind is dict or kind is set):
            if id(obj) in refs:
                return ["m", refs[id(obj)]]   # the same object again (aliasing is kept)
            refs[id(obj)] = number = len(refs)
            return [*self._encode_container(obj, depth, refs), number]
        if kind in _BY_VALUE:
            if kind is float:
                return ["f", repr(obj)]
            if kind is complex:
                return ["j", [repr(obj.real), repr(obj.imag)]]
            if kind is bytes:
                return ["y", obj.hex()]
            if kind is int:
                return ["i", str(obj)]
            return obj   # None, bool, str are JSON as they are
        if kind is list or kind is dict or kind is set or kind is frozenset:
            return self._encode_container(obj, depth, refs)
        if kind is tuple:
            return ["t", [self._encode(v, depth + 1, refs) for v in obj]]
        if kind is Decimal:
            return ["D", str(obj)]
        if kind is Fraction:
            return ["Q", [str(obj.numerator), str(obj.denominator)]]
        if kind is _dt.datetime or kind is _dt.date or kind is _dt.time:
            return self._encode_moment(obj)
        if kind is _dt.timedelta:
            return ["T", [obj.days, obj.seconds, obj.microseconds]]
        if isinstance(obj, PurePath):
            return ["p", str(obj)]
        if obj is NotImplemented:
            return ["NI"]
        if obj is Ellipsis:
            return ["EL"]
        if kind is slice:
            return ["sl", [self._encode(obj.start, depth + 1), self._encode(obj.stop, depth + 1),
                           self._encode(obj.step, depth + 1)]]
        if isinstance(obj, Proxy) and obj._bridge is self:
            return ["r", obj._hid]   # the other side's own object, going home
        if isinstance(obj, BaseException):
            return ["e", self._encode_class(type(obj)),
                    [a if type(a) in _EXCEPTION_ARGS else _short_text(a) for a in obj.args]]
        if isinstance(obj, type) and issubclass(obj, BaseException):
            return ["x", self._encode_class(obj)]
        if isinstance(obj, _CLOSED_TYPES):
            raise CrossingRefused(f"a {kind.__name__} does not cross to the other process")
        with self._lock:
            hid = self._ids.get(id(obj))
            if hid is None or self._lent.get(hid) is not obj:
                hid = next(self._next_hid)
                self._lent[hid] = obj
                self._ids[id(obj)] = hid
        return ["h", hid, kind.__name__]

    def _encode_container(self, obj: Any, depth: int, refs: dict[int, int] | None) -> list:
        kind = type(obj)
        if kind is dict:
            return ["d", [[self._encode(k, depth + 1, refs), self._encode(v, depth + 1, refs)] for k, v in obj.items()]]
        tag = "l" if kind is list else ("S" if kind is set else "F")
        return [tag, [self._encode(v, depth + 1, refs) for v in obj]]

    def _encode_moment(self, obj: Any) -> list:
        tz = obj.utcoffset() if not isinstance(obj, _dt.date) or isinstance(obj, _dt.datetime) else None
        offset = None if tz is None else [tz.days, tz.seconds, tz.microseconds]
        tag = "M" if type(obj) is _dt.datetime else ("E" if type(obj) is _dt.date else "N")
        naive = obj.replace(tzinfo=None) if offset is not None else obj
        return [tag, [naive.isoformat(), offset, getattr(obj, "fold", 0)]]

    def _encode_class(self, cls: type) -> list:
        if getattr(builtins, cls.__name__, None) is cls:
            return ["B", cls.__name__]
        bases = [self._encode_class(b) for b in cls.__bases__ if issubclass(b, BaseException)]
        return ["C", f"{cls.__module__}.{cls.__qualname__}", cls.__name__, bases]

    def _decode(self, data: Any, depth: int = 0, numbered: dict[int, Any] | None = None) -> Any:
        """The value of a wire form. `numbered` collects (and resolves) the numbered containers of a call."""
        if depth > MAX_DEPTH:
            raise CrossingRefused("a value nested too deeply")
        if data is None or isinstance(data, (bool, str)):
            return data
        if not isinstance(data, list) or not data or not isinstance(data[0], str):
            raise CrossingRefused("a value that does not parse")
        tag, body = data[0], data[1] if len(data) > 1 else None
        if tag == "i":
            return int(body)
        if tag == "f":
            return float(body)
        if tag == "j":
            return complex(float(body[0]), float(body[1]))
        if tag == "y":
            return bytes.fromhex(body)
        if tag in ("l", "d", "S"):
            empty: Any = [] if tag == "l" else ({} if tag == "d" else set())
            if numbered is not None and len(data) > 2:
                numbered[int(data[2])] = empty   # before its items: a container may hold itself
            return self._fill(empty, body, depth, numbered)
        if tag == "m":
            if numbered is None or body not in numbered:
                raise CrossingRefused("a reference to an unknown container")
            return numbered[body]
        if tag == "t":
            return tuple(self._decode(v, depth + 1, numbered) for v in body)
        if tag == "F":
            return frozenset(self._decode(v, depth + 1, numbered) for v in body)
        if tag == "D":
            return Decimal(body)
        if tag == "Q":
            return Fraction(int(body[0]), int(body[1]))
        if tag in ("M", "E", "N"):
            return _decode_moment(tag, body)
        if tag == "T":
            return _dt.timedelta(days=body[0], seconds=body[1], microseconds=body[2])
        if tag == "p":
            return PurePosixPath(str(body))
        if tag == "NI":
            return NotImplemented
        if tag == "EL":
            return Ellipsis
        if tag == "sl":
            return slice(*(self._decode(v, depth + 1) for v in body))
        if tag == "r":
            return self._lent_object(body)
        if tag == "h":
            hid = int(body)
            with self._lock:
                proxy = self._proxies.get(hid)
                if proxy is None:
                    proxy = self._proxies[hid] = Proxy(self, hid, str(data[2]) if len(data) > 2 else "object")
            return proxy
        if tag == "e":
            cls = self._decode_class(body)
            args = [a if type(a) in _EXCEPTION_ARGS else str(a) for a in (data[2] if len(data) > 2 else [])]
            try:
                return cls(*args)
            except Exception:   # an exception class whose constructor wants something else
                exc = cls.__new__(cls)
                exc.args = tuple(args)
                return exc
        if tag == "x":
            return self._decode_class(body)
        raise CrossingRefused(f"a value of unknown kind {tag!r}")

    def _fill(self, container: Any, body: Any, depth: int, numbered: dict[int, Any] | None) -> Any:
        if isinstance(container, dict):
            for k, v in body:
                container[self._decode(k, depth + 1, numbered)] = self._decode(v, depth + 1, numbered)
        elif isinstance(container, list):
            container.extend(self._decode(v, depth + 1, numbered) for v in body)
        else:
            container.update(self._decode(v, depth + 1, numbered) for v in body)
        return container

    def _apply(self, states: Any, originals: dict[int, Any]) -> None:
        """Copy back what the callee did in place to the containers we passed it (lists sorted, dicts filled)."""
        if not isinstance(states, list):
            return
        for number, state in states:
            target = originals.get(number)
            if target is None or not isinstance(state, list) or len(state) < 2:
                continue
            fresh = self._fill([] if not isinstance(target, dict) else {}, state[1], 0, originals)
            if isinstance(target, list):
                target[:] = fresh
            else:
                target.clear()
                target.update(fresh)

    def _decode_class(self, data: Any) -> type:
        if not isinstance(data, list) or not data:
            raise CrossingRefused("an exception class that does not parse")
        if data[0] == "B":
            cls = getattr(builtins, str(data[1]), None)
            if isinstance(cls, type) and issubclass(cls, BaseException):
                return cls
            return Exception
        known = _known_class(str(data[1]))
        if known is not None:
            return known
        key = ("C", str(data[1]))
        with self._lock:
            cls = self._classes.get(key)
        if cls is None:
            bases = tuple(self._decode_class(b) for b in data[3]) or (Exception,)
            try:
                cls = type(str(data[2]), bases, {"__module__": str(data[1]).rpartition(".")[0] or "remote"})
            except TypeError:   # bases that cannot be combined
                cls = type(str(data[2]), (Exception,), {})
            cls.__qualname__ = str(data[1]).rpartition(".")[2] or str(data[2])
            with self._lock:
                cls = self._classes.setdefault(key, cls)
        return cls


def _containers(*roots: Any) -> list[Any]:
    """Every list, dict and set reachable through lists, tuples, dicts and sets from `roots` (a call's arguments)."""
    found: list[Any] = []
    seen: set[int] = set()
    todo = list(roots)
    while todo:
        obj = todo.pop()
        kind = type(obj)
        if kind in (list, dict, set, tuple, frozenset) and id(obj) not in seen:
            seen.add(id(obj))
            if kind is not tuple and kind is not frozenset:
                found.append(obj)
            todo.extend(obj.items() if kind is dict else obj)
    return found


def _looks_up_by_text(obj: Any) -> bool:
    """Is `obj` a callable that walks attributes named in a string it is given (`str.format` with a field such as
    `{0.__globals__[x].__code__}`, `getattr`, `operator.attrgetter`)? Run by the other side's request, any of these
    reads what no proxy may (globals, code, private state), so they never run for it."""
    if obj is str.format or obj is str.format_map or obj is getattr or obj is vars:
        return True
    if isinstance(obj, types.BuiltinMethodType) and isinstance(getattr(obj, "__self__", None), str):
        return getattr(obj, "__name__", "") in ("format", "format_map")
    return isinstance(obj, (_operator.attrgetter, _operator.methodcaller))


def _known_class(dotted: str) -> type | None:
    """The exception class `module.qualname` if that module is already imported here (the scenario's own
    codebase, imported on both sides: `pytest.raises(house.errors.NotFound)` then matches), else None.
    Never imports anything."""
    module_name, _, qualname = dotted.rpartition(".")
    obj: Any = sys.modules.get(module_name)
    if obj is None:
        return None
    for part in qualname.split("."):
        obj = getattr(obj, part, None) if not part.startswith("<") else None
    if not (isinstance(obj, type) and issubclass(obj, BaseException)):
        return None
    # Only the class that lives there, never a name bound to it elsewhere: the implementation's own globals
    # (`from house.errors import DomainError` in the module under test) would otherwise answer "is this name
    # there?" for the other side, a structural oracle on the code instead of its behaviour.
    return obj if getattr(obj, "__module__", None) == module_name and getattr(obj, "__qualname__", None) == qualname \
        else None


def _decode_moment(tag: str, body: list) -> Any:
    text, offset, fold = body
    kind = {"M": _dt.datetime, "E": _dt.date, "N": _dt.time}[tag]
    value = kind.fromisoformat(text)
    if offset is not None:
        value = value.replace(tzinfo=_dt.timezone(_dt.timedelta(days=offset[0], seconds=offset[1],
                                                               microseconds=offset[2])))
    if fold and tag != "E":
        value = value.replace(fold=fold)
    return value


def _public_name(args: list) -> str:
    name = args[0] if args else None
    if not isinstance(name, str) or not name.isidentifier() or name.startswith("_") \
            or name.startswith(_CLOSED_ATTRIBUTE_PREFIXES):
        raise CrossingRefused(f"attribute {name!r} does not cross (only public attributes do)")
    return name


def _plain_repr(obj: Any) -> str:
    """repr without memory addresses; objects with no repr of their own are shown by kind and name."""
    if isinstance(obj, (types.FunctionType, types.BuiltinFunctionType, types.MethodType)) \
            or type(obj).__repr__ is object.__repr__:
        name = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None) or ""
        return f"<{type(obj).__name__} {name}>".replace(" >", ">")
    return _ADDRESS.sub("", repr(obj))


def _short_text(value: Any) -> str:
    try:
        text = str(value)
    except Exception:   # noqa: BLE001 - an argument whose str fails still lets the exception cross
        text = f"<{type(value).__name__}>"
    return _ADDRESS.sub("", text)[:2000]


def connected_pair() -> tuple[socket.socket, socket.socket]:
    """Two connected stream sockets (one for each process), inheritable so they pass to a child."""
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    for s in (a, b):
        os.set_inheritable(s.fileno(), True)
    return a, b
