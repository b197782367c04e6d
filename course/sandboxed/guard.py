"""An audit hook for graded code: what no test or implementation of this course needs, and a forger would.

install() adds it (sys.addaudithook: it cannot be removed) before any test module or implementation is
imported, in the recorder's process and in the process of a fix under the hidden tests. It raises
PermissionError on what no test or implementation of this course needs and what a forger would: starting or signalling processes (os.exec, os.posix_spawn, os.spawn, os.fork, os.forkpty,
os.system, os.kill, os.killpg, subprocess.Popen; the unaudited _posixsubprocess.fork_exec is
replaced and its module may not be imported again), ctypes (every ctypes.* event, and importing
ctypes/_ctypes), heap and stack walking (gc.get_objects, gc.get_referrers, gc.get_referents,
sys._current_frames), and opening or listing anything that resolves into /proc (so /proc/self/fd,
/proc/self/mem and /dev/fd, which is a link into /proc) and symlinks pointing there.
"""
from __future__ import annotations

import os
import stat
import sys

# ---------------------------------------------------------------- the audit hook

_BLOCKED_EVENTS = frozenset({
    "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty", "os.system", "os.kill", "os.killpg",
    "subprocess.Popen", "gc.get_objects", "gc.get_referrers", "gc.get_referents", "sys._current_frames"})
_BLOCKED_PREFIXES = ("ctypes.",)
_BLOCKED_IMPORTS = frozenset({"ctypes", "_ctypes", "_posixsubprocess", "_testcapi", "_testinternalcapi"})
_PATH_EVENTS = frozenset({"open", "os.listdir", "os.scandir"})
_FROZEN_FUNCTION_ATTRS = frozenset({"__code__", "__defaults__", "__kwdefaults__"})
_FROZEN_OWNERS = ("test_", "conftest", "course", "_pytest", "pytest", "pluggy")   # test modules and the runtime


def plain_log_templates() -> None:
    """logging's "{" style formats record fields by name only in this process (`{message}`, `{levelname:>8}`), never a
    field's attributes or items (`{msg.__globals__[sys].modules}`).

    Why: that style runs str.format on its template with the record's values, so a template reads any object reachable
    from them by text (red team, 2026-12: a fix read sys.modules, where the judge's host is, through a function's
    __globals__, and behaved only then). The fix policy refuses the spellings it can see (`style="{"`, the style by
    position); `**{"style": "{"}` or a Formatter subclass's `super().__init__(t, None, "{")` it cannot. Installed in
    the implementation's process (course.sandboxed.host), where a fix runs, before any implementation is imported. A
    template asking for more raises ValueError, which logging reports as it reports any formatting error."""
    import logging
    from string import Formatter
    real, parse = logging.StrFormatStyle._format, Formatter().parse

    def check(template: str, depth: int = 0) -> None:
        for _, field, spec, _ in parse(template):
            if field is not None and not field.isidentifier():
                raise ValueError(f"a '{{' logging template names record fields only, not {field!r}")
            if spec and depth < 2:   # a field in a format spec (`{message:{width}}`); str.format nests no deeper
                check(spec, depth + 1)

    def _format(self: logging.StrFormatStyle, record: logging.LogRecord) -> str:
        check(self._fmt)
        return real(self, record)
    # named as logging's own (a Formatter's `_style._format` is reachable from a fix): its repr must not tell a judged
    # process from production's by naming this function
    _format.__name__, _format.__qualname__, _format.__module__ = real.__name__, real.__qualname__, real.__module__
    _format.__doc__ = real.__doc__
    logging.StrFormatStyle._format = _format


def _blocked(what: str) -> PermissionError:
    return PermissionError(f"not allowed in graded code: {what}")


_installed = False


def install() -> None:
    """Install the audit hook described in the module docstring (once; it cannot be removed). A second call (the
    recorder and the bridge's host module both install it) changes nothing."""
    global _installed
    if _installed:
        return
    _installed = True
    import posix

    # Bound now, and only C functions: monkeypatching os, os.path or posixpath later changes nothing here.
    lstat, readlink, getcwd, fspath = posix.lstat, posix.readlink, posix.getcwd, posix.fspath
    is_link = stat.S_ISLNK
    try:
        proc_dev = lstat("/proc").st_dev
    except OSError:
        proc_dev = None
    # the interpreter's folders and the whole course runtime (this file sits in course/sandboxed/)
    runtime = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    roots = (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix, runtime)
    trusted = tuple(sorted({p.rstrip("/") + "/" for p in roots if p.startswith("/")}))

    def text(path) -> str | None:
        if isinstance(path, int) or path is None:
            return None
        try:
            path = fspath(path)
        except TypeError:
            return None
        return path.decode("utf-8", "surrogateescape") if isinstance(path, bytes) else path

    def into_proc(path: str, base: str) -> bool:
        """Does resolving `path` from directory `base` (component by component, following symlinks)
        touch the procfs mount?"""
        cur = "/" if path.startswith("/") else base
        if proc_dev is None:
            return (cur + "/" + path).startswith("/proc")
        try:
            if lstat(cur).st_dev == proc_dev:
                return True
        except OSError:
            return False
        todo = path.split("/")[::-1]
        links = 0
        while todo:
            part = todo.pop()
            if part in ("", "."):
                continue
            if part == "..":
                cur = cur.rsplit("/", 1)[0] or "/"
                continue
            nxt = ("" if cur == "/" else cur) + "/" + part
            try:
                st = lstat(nxt)
            except OSError:
                return False   # no such entry: the call fails on its own, or creates a plain file
            if st.st_dev == proc_dev:
                return True
            if is_link(st.st_mode):
                links += 1
                if links > 40:
                    return True
                target = readlink(nxt)
                todo.extend(target.split("/")[::-1])
                if target.startswith("/"):
                    cur = "/"
            else:
                cur = nxt
        return False

    def forbidden_path(event: str, args: tuple) -> bool:
        path = text(args[0]) if args else None
        if path is None:
            if args and args[0] is None and event != "open":   # os.listdir() / os.scandir(): the cwd
                path = "."
            else:
                return False   # an fd already open
        if path.startswith(trusted) and "/../" not in path and "/./" not in path:
            return False       # the interpreter's and the course's own files (imports), no links into /proc
        cwd = getcwd()
        if into_proc(path, cwd):
            return True
        if event == "open" and len(args) > 1 and args[1] is None and not path.startswith("/"):
            # os.open, the one audited call that takes dir_fd, which the event does not show: the base
            # could be any directory. Refuse climbing out of it, and resolve from the directories that
            # hold a way into /proc.
            if ".." in path.split("/"):
                return True
            return into_proc(path, "/") or into_proc(path, "/dev")
        return False

    def forbidden_link(args: tuple) -> bool:
        target = text(args[0]) if args else None
        if target is None:
            return False
        if ".." in target.split("/"):
            return True
        link = text(args[1]) if len(args) > 1 else None
        link_dir = (link or "").rsplit("/", 1)[0] if link and "/" in link else "."
        cwd = getcwd()
        base = link_dir if link_dir.startswith("/") else cwd + "/" + link_dir
        return any(into_proc(target, b) for b in (base, cwd, "/", "/dev"))

    def hook(event: str, args: tuple) -> None:
        if event in _PATH_EVENTS:
            if forbidden_path(event, args):
                raise _blocked(f"{event} {args[0]!r} (under /proc)")
        elif event in _BLOCKED_EVENTS or event.startswith(_BLOCKED_PREFIXES):
            raise _blocked(event)
        elif event == "import":
            name = str(args[0]) if args else ""
            filename = text(args[1]) if len(args) > 1 else None
            leaf = (filename or "").rsplit("/", 1)[-1].split(".", 1)[0]
            if name.rsplit(".", 1)[-1] in _BLOCKED_IMPORTS or leaf in _BLOCKED_IMPORTS:
                raise _blocked(f"import {name}")
        elif event == "os.symlink":
            if forbidden_link(args):
                raise _blocked(f"os.symlink {args[0]!r}")
        elif event == "object.__setattr__" and len(args) > 1 and args[1] in _FROZEN_FUNCTION_ATTRS:
            # rewriting a test's or the runtime's code is how a module could swap hidden tests for no-ops
            # (the standard library does it to its own functions, e.g. types.coroutine: that stays allowed)
            owner = getattr(args[0], "__module__", None) or ""
            # a function compiled from text ("<string>": Hypothesis's wrappers around a property test, which it
            # relabels with the test's file and line) holds no test's or runtime's code: rewriting it swaps nothing
            made_from_text = str(getattr(getattr(args[0], "__code__", None), "co_filename", "")).startswith("<")
            if owner.startswith(_FROZEN_OWNERS) and not made_from_text:
                raise _blocked(f"setting {args[1]} of {owner}.{getattr(args[0], '__qualname__', '?')}")

    # subprocess's own process starter is not audited: take it away, and (through the hook) keep a fresh
    # copy of its module from being imported.
    import _posixsubprocess

    def fork_exec(*args, **kwargs):
        raise _blocked("_posixsubprocess.fork_exec")
    _posixsubprocess.fork_exec = fork_exec
    sys.addaudithook(hook)


