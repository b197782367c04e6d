"""The practice bank: items (a snippet, its key, its execution witnesses) and the check that keeps them honest.

Why a check: the drill tells a learner "this line is wrong, and here is the test that shows it". That is
only true if every witness really fails on the snippet and passes on the fixed version (or, for a
flaw-free item, passes on the snippet and fails on the mutant a false alarm imagines), deterministically.
The drill shows precomputed witness output (`witness_output.json`) instead of running code, so the check
also proves those files are current. Item format: /work/bank/course/practice/items/README.md; shared witness fakes:
course/practice/witness_kit.py (the one module of the course a witness may import).

    python3 -m course.practice.bank check [ID ...]     problems, one a line, then the counts; exit 1 on problems
    python3 -m course.practice.bank refresh [ID ...]   rewrite witness_output.json where the witnesses behave
    python3 -m course.practice.bank stats              the counts table
"""
from __future__ import annotations

import argparse
import ast
import hashlib
from collections import Counter
import contextlib
from dataclasses import dataclass
import io
import itertools
import json
import linecache
from pathlib import Path
import re
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import tokenize
import tomllib
from types import ModuleType
from typing import Any, Iterable, Iterator, Literal, Sequence

from course.paths import REPO_ROOT
from course.taxonomy import BY_ID

ITEMS_DIR = Path(__file__).parent / "items"

CODEBASES: tuple[str, ...] = ("shop", "bookings", "payments", "telemetry", "auth", "mljob", "chat", "cli")
ITEM_FILES = frozenset({"snippet.py", "item.toml", "witness.py", "witness_output.json"})
OUTPUT_FILE = "witness_output.json"
SNIPPET_LINES = (10, 60)
MAX_FLAGGED_LINES = 6
MAX_FLAWS = 2
MAX_EXPLANATION = 400
WITNESS_SECONDS = 0.1      # a target for tests/benchmarks/bench_bank.py (printed there, never asserted)
WITNESS_HARD_LIMIT = 5.0  # a witness still running after this is stopped and reported (a hung item)
# Word stems that give the flaw away; matched at the start of a word in comments, names and strings
# ("race" flags `race`, `races`, `racing`, not `trace`; "bug" flags `bugfix`, not `debug`).
GIVEAWAYS: tuple[str, ...] = ("bug", "flaw", "race", "racy", "vulnerab", "insecure", "unsafe", "todo", "fixme", "hack")
PASSED = "passed"
# The one module of the course a witness may import besides the standard library (shared fakes).
WITNESS_KIT = "course.practice.witness_kit"

Version = Literal["snippet", "fixed", "mutant"]


class BankError(ValueError):
    """Malformed bank data; the message names the item and the field."""


@dataclass(frozen=True)
class Edit:
    """Replace the original snippet's lines `lines` (1-based, inclusive) with `text` ("" deletes them)."""
    lines: tuple[int, int]
    text: str


@dataclass(frozen=True)
class Flaw:
    """A flaw a reviewer must point at, or (for a flaw-free item's `[approve]`) the lines that look wrong.

    For `[approve]`, `categories` is `(looks_like,)`: the category a false alarm would name.
    """
    lines: tuple[int, int]
    tolerance: tuple[int, int] | None
    categories: tuple[str, ...]
    question: int
    explanation: str
    witness: str

    @property
    def span(self) -> tuple[int, int]:
        """The widest span accepted: the tolerance if there is one, else the lines."""
        return self.tolerance or self.lines


@dataclass(frozen=True)
class Item:
    """One practice item as loaded from its folder."""
    id: str
    folder: Path
    codebase: str
    request: str
    difficulty: int
    flaw_free: bool
    flaws: tuple[Flaw, ...]          # empty for a flaw-free item
    approve: Flaw | None             # only for a flaw-free item
    fix: tuple[Edit, ...]            # snippet -> corrected version (flawed items)
    mutant: tuple[Edit, ...]         # snippet -> the imagined flaw (flaw-free items)
    snippet: str
    witness_source: str

    @property
    def main_category(self) -> str:
        """The first flaw's main category, or for a flaw-free item the category it looks like."""
        return self.approve.categories[0] if self.approve else self.flaws[0].categories[0]

    @property
    def witnesses(self) -> tuple[str, ...]:
        """The witness function names the key refers to, in key order."""
        return (self.approve.witness,) if self.approve else tuple(f.witness for f in self.flaws)

    @property
    def other(self) -> Version:
        """The version each witness is compared against: fixed (flawed items) or mutant (flaw-free)."""
        return "mutant" if self.flaw_free else "fixed"


@dataclass(frozen=True)
class WitnessOutcome:
    """One witness run: passed, or failed with its AssertionError message, or broken (`error` set)."""
    passed: bool
    message: str
    error: str | None = None
    seconds: float = 0.0

    @property
    def shown(self) -> str:
        """What the drill shows the learner: "passed" or the failure message."""
        return PASSED if self.passed else self.message


# ---------------------------------------------------------------------------------------------- loading

_TOP_KEYS = {"id", "codebase", "request", "difficulty", "flaw_free", "flaws", "fix", "approve", "mutant",
             "snippet_file"}
_FLAW_KEYS = {"lines", "tolerance", "categories", "question", "explanation", "witness"}
_APPROVE_KEYS = {"lines", "tolerance", "looks_like", "question", "explanation", "witness"}
_EDIT_KEYS = {"lines", "text"}


def _need(data: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    """data[key], which must exist and be of `kind` (bool never counts as int)."""
    if key not in data:
        raise BankError(f"{where}: missing field {key!r}")
    value = data[key]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise BankError(f"{where}.{key}: expected {' or '.join(k.__name__ for k in kinds)}, got {value!r}")
    return value


def _span(value: Any, where: str) -> tuple[int, int]:
    """A `[first, last]` pair of ints."""
    if (not isinstance(value, list) or len(value) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
        raise BankError(f"{where}: expected [first, last] (two line numbers), got {value!r}")
    return value[0], value[1]


def _no_unknown(data: dict[str, Any], known: set[str], where: str) -> None:
    """Unknown keys are typos (`tolerence`) that would otherwise be silently ignored."""
    unknown = sorted(set(data) - known)
    if unknown:
        raise BankError(f"{where}: unknown field(s) {', '.join(unknown)} (known: {', '.join(sorted(known))})")


def _table_list(data: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    """An optional array of tables (`[[flaws]]`)."""
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise BankError(f"{where}.{key}: expected an array of tables ([[{key}]])")
    return value


def _edits(data: dict[str, Any], key: str, where: str) -> tuple[Edit, ...]:
    edits = []
    for n, raw in enumerate(_table_list(data, key, where), 1):
        at = f"{where}.{key}[{n}]"
        _no_unknown(raw, _EDIT_KEYS, at)
        edits.append(Edit(_span(_need(raw, "lines", list, at), f"{at}.lines"), _need(raw, "text", str, at)))
    return tuple(edits)


def _flaw(raw: dict[str, Any], at: str, approve: bool) -> Flaw:
    _no_unknown(raw, _APPROVE_KEYS if approve else _FLAW_KEYS, at)
    tolerance = _span(raw["tolerance"], f"{at}.tolerance") if "tolerance" in raw else None
    if approve:
        categories: tuple[str, ...] = (_need(raw, "looks_like", str, at),)
    else:
        listed = _need(raw, "categories", list, at)
        if not listed or not all(isinstance(c, str) for c in listed):
            raise BankError(f"{at}.categories: expected a non-empty list of category ids, got {listed!r}")
        categories = tuple(listed)
    return Flaw(lines=_span(_need(raw, "lines", list, at), f"{at}.lines"), tolerance=tolerance,
                categories=categories, question=_need(raw, "question", int, at),
                explanation=_need(raw, "explanation", str, at).strip(), witness=_need(raw, "witness", str, at))


def load_item(folder: Path | str) -> Item:
    """The item in `folder`; BankError (naming the item and the field) if its files are missing or malformed."""
    folder = Path(folder)
    name = folder.name
    try:
        toml_text = (folder / "item.toml").read_text(encoding="utf-8")
    except OSError as exc:
        raise BankError(f"{name}: cannot read item.toml: {exc.strerror}") from None
    try:
        data = tomllib.loads(toml_text)
    except tomllib.TOMLDecodeError as exc:
        raise BankError(f"{name}: item.toml is not valid TOML: {exc}") from None
    _no_unknown(data, _TOP_KEYS, name)
    # a cohort item's snippet is the learner's file in its module (the key beside it stays in grading/keys/)
    snippet_path = REPO_ROOT / _need(data, "snippet_file", str, name) if "snippet_file" in data else folder / "snippet.py"
    try:
        snippet = snippet_path.read_text(encoding="utf-8")
        witness_source = (folder / "witness.py").read_text(encoding="utf-8")
    except OSError as exc:
        raise BankError(f"{name}: cannot read {Path(exc.filename or '?').name}: {exc.strerror}") from None
    flaw_free = data.get("flaw_free", False)
    if not isinstance(flaw_free, bool):
        raise BankError(f"{name}.flaw_free: expected true or false, got {flaw_free!r}")
    flaws = tuple(_flaw(raw, f"{name}.flaws[{n}]", approve=False)
                  for n, raw in enumerate(_table_list(data, "flaws", name), 1))
    approve = None
    if "approve" in data:
        if not isinstance(data["approve"], dict):
            raise BankError(f"{name}.approve: expected a table ([approve])")
        approve = _flaw(data["approve"], f"{name}.approve", approve=True)
    if flaw_free and approve is None:
        raise BankError(f"{name}: flaw_free = true needs an [approve] table")
    if not flaw_free and not flaws:
        raise BankError(f"{name}: a flawed item needs at least one [[flaws]] table (or flaw_free = true)")
    return Item(id=_need(data, "id", str, name), folder=folder, codebase=_need(data, "codebase", str, name),
                request=_need(data, "request", str, name).strip(), difficulty=_need(data, "difficulty", int, name),
                flaw_free=flaw_free, flaws=flaws, approve=approve, fix=_edits(data, "fix", name),
                mutant=_edits(data, "mutant", name), snippet=snippet, witness_source=witness_source)


def item_folders(root: Path | str = ITEMS_DIR) -> list[Path]:
    """The item folders under `root`, sorted by name (hidden and `_`/`__pycache__` folders skipped)."""
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def load_bank(root: Path | str = ITEMS_DIR) -> list[Item]:
    """Every item under `root`, sorted by id; BankError on the first malformed one."""
    return sorted((load_item(folder) for folder in item_folders(root)), key=lambda item: item.id)


# ------------------------------------------------------------------------------------ versions, witnesses

def apply_edits(source: str, edits: Iterable[Edit]) -> str:
    """`source` with each edit's span (1-based, inclusive, of the ORIGINAL) replaced by its text.

    Applied bottom-up so earlier spans keep their numbers; spans out of range or overlapping are a BankError.
    """
    lines = source.splitlines(keepends=True)
    ordered = sorted(edits, key=lambda e: e.lines)
    previous: Edit | None = None
    for edit in ordered:
        first, last = edit.lines
        if not 1 <= first <= last <= len(lines):
            raise BankError(f"edit lines {list(edit.lines)} are not a span of the {len(lines)}-line source")
        if previous is not None and first <= previous.lines[1]:
            raise BankError(f"edit lines {list(edit.lines)} overlap edit lines {list(previous.lines)}")
        previous = edit
    for edit in reversed(ordered):
        first, last = edit.lines
        text = edit.text
        if text and not text.endswith("\n"):
            text += "\n"
        lines[first - 1:last] = text.splitlines(keepends=True)
    result = "".join(lines)
    return result if not result or result.endswith("\n") else result + "\n"


def version_source(item: Item, which: Version) -> str:
    """The text of one version of the item's code."""
    if which == "snippet":
        return item.snippet
    if which == "fixed":
        return apply_edits(item.snippet, item.fix)
    if which == "mutant":
        return apply_edits(item.snippet, item.mutant)
    raise ValueError(f"unknown version {which!r}: expected snippet, fixed or mutant")


_counter = itertools.count()


def _exec_module(source: str, filename: str) -> ModuleType:
    """Run `source` as a fresh module, registered in sys.modules only while it executes.

    Registration lets dataclasses and typing resolve `cls.__module__`; removing it afterwards keeps runs
    independent. The source goes into linecache so tracebacks show the item's lines.
    """
    name = f"_practice_item_{next(_counter)}"
    module = ModuleType(name)
    module.__file__ = filename
    code = compile(source, filename, "exec", dont_inherit=True)
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    sys.modules[name] = module
    try:
        exec(code, module.__dict__)
    finally:
        sys.modules.pop(name, None)
    return module


def load_version(item: Item, which: Version) -> ModuleType:
    """A fresh module of the snippet, the fixed version or the mutant (filename `<item-id>/<which>.py`)."""
    return _exec_module(version_source(item, which), f"{item.id}/{which}.py")


_ITEM_CODE_FILES = frozenset({"snippet.py", "fixed.py", "mutant.py", "witness.py"})


def _describe(exc: BaseException) -> str:
    """`TypeError: ... (at <id>/snippet.py:12)`: the innermost frame from an item file, if any."""
    where = ""
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not filename.startswith("/") and filename.rpartition("/")[2] in _ITEM_CODE_FILES:
            where = f" (at {filename}:{tb.tb_lineno})"
        tb = tb.tb_next
    return f"{type(exc).__name__}: {exc}{where}"


class _WitnessHung(BaseException):
    """Raised into a witness that outlives WITNESS_HARD_LIMIT (BaseException: `except Exception` cannot eat it)."""


@contextlib.contextmanager
def _hard_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds` (main thread with SIGALRM only; elsewhere, no limit)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise _WitnessHung()

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_witness(item: Item, name: str, version: Version) -> WitnessOutcome:
    """Run witness `name` (from a fresh load of witness.py) on a fresh load of `version`.

    AssertionError means the witness failed: that is its message. Any other exception (in loading either
    file or in the witness) means the item is broken: `error` says what. So does a witness still running
    after WITNESS_HARD_LIMIT seconds, which is stopped so one hung item cannot hang the whole check.
    """
    try:
        with _hard_limit(WITNESS_HARD_LIMIT):
            return _run_witness(item, name, version)
    except _WitnessHung:
        return WitnessOutcome(False, "", f"did not finish within {WITNESS_HARD_LIMIT:g} s (stopped)",
                              WITNESS_HARD_LIMIT)


def _run_witness(item: Item, name: str, version: Version) -> WitnessOutcome:
    try:
        witnesses = _exec_module(item.witness_source, f"{item.id}/witness.py")
        impl = load_version(item, version)
    except Exception as exc:  # noqa: BLE001 - any failure to load is a broken item, reported not raised
        return WitnessOutcome(False, "", f"loading failed: {_describe(exc)}")
    function = getattr(witnesses, name, None)
    if not callable(function):
        return WitnessOutcome(False, "", f"witness.py has no function {name}")
    started = time.perf_counter()
    try:
        function(impl)
    except AssertionError as exc:
        return WitnessOutcome(False, str(exc) or "assertion failed", None, time.perf_counter() - started)
    except Exception as exc:  # noqa: BLE001 - a witness that raises anything else is broken
        return WitnessOutcome(False, "", _describe(exc), time.perf_counter() - started)
    return WitnessOutcome(True, PASSED, None, time.perf_counter() - started)


def _outcomes(item: Item) -> dict[str, dict[str, WitnessOutcome]]:
    """One run of every witness on the snippet and the other version."""
    return {name: {version: run_witness(item, name, version) for version in ("snippet", item.other)}
            for name in dict.fromkeys(item.witnesses)}


def _hash_seed_elsewhere() -> str:
    """A PYTHONHASHSEED different from this process's, so set and dict orders of strings differ."""
    return "1" if os.environ.get("PYTHONHASHSEED") == "0" else "0"


_Outcomes = dict[str, dict[str, WitnessOutcome]]
_elsewhere: dict[str, _Outcomes] = {}  # fingerprint of an item -> its runs in another process


def _fingerprint(item: Item) -> str:
    """Changes whenever anything the witness runs depend on changes."""
    key = repr((str(item.folder.resolve()), item.snippet, item.witness_source, item.fix, item.mutant,
                item.witnesses, item.flaw_free))
    return hashlib.sha256(key.encode()).hexdigest()


def run_in_another_process(items: Sequence[Item]) -> str | None:
    """Run every witness of `items` once in ONE fresh interpreter with another hash seed; None, or why not.

    Why: a message built from a set of strings changes from process to process (hash randomization);
    runs inside one process cannot see that, and the stored output would then be 'stale' at random.
    The results are kept for outcomes_in_another_process (one interpreter for a whole check, not one
    per item: starting Python is the slow part).
    """
    pending = [item for item in items if _fingerprint(item) not in _elsewhere]
    if not pending:
        return None
    env = {**os.environ, "PYTHONHASHSEED": _hash_seed_elsewhere()}
    command = [sys.executable, "-m", "course.practice.bank", "_outcomes",
               *(str(item.folder.resolve()) for item in pending)]
    try:
        done = subprocess.run(command, cwd=Path(__file__).resolve().parents[2], env=env, capture_output=True,
                              text=True, timeout=60 + 4 * len(pending))
        raw = json.loads(done.stdout) if done.returncode == 0 else None
    except (subprocess.TimeoutExpired, ValueError):
        raw = None
    if not isinstance(raw, list) or len(raw) != len(pending):
        return "the witnesses could not be run in a second process"
    for item, runs in zip(pending, raw):
        _elsewhere[_fingerprint(item)] = {} if runs is None else {
            name: {version: WitnessOutcome(*fields) for version, fields in versions.items()}
            for name, versions in runs.items()}
    return None


def outcomes_in_another_process(item: Item) -> tuple[_Outcomes, str | None]:
    """The item's runs in a fresh interpreter with another hash seed, or (empty, why not)."""
    failure = run_in_another_process([item])
    return _elsewhere.get(_fingerprint(item), {}), failure


def witness_outputs(item: Item, runs: int = 2, another_process: bool = True
                    ) -> tuple[dict[str, dict[str, str]], list[str]]:
    """What each witness shows on the snippet and the other version, and the problems in getting it.

    Every witness runs `runs` times per version here, and once more in a fresh interpreter with a
    different hash seed (unless `another_process` is False); differing runs, errors, slow runs and
    messages that cannot be deterministic (addresses, temp paths) are problems, and so is a witness
    that does not behave as its kind of item requires (rule 1).
    """
    outputs: dict[str, dict[str, str]] = {}
    problems: list[str] = []
    runs_here = [_outcomes(item) for _ in range(runs)]
    elsewhere: dict[str, dict[str, WitnessOutcome]] = {}
    if another_process:
        elsewhere, failure = outcomes_in_another_process(item)
        if failure:
            problems.append(failure)
    for name in dict.fromkeys(item.witnesses):
        shown: dict[str, str] = {}
        for version, key in (("snippet", "snippet"), (item.other, "other")):
            outcomes = [run[name][version] for run in runs_here]
            if name in elsewhere and version in elsewhere[name]:
                outcomes.append(elsewhere[name][version])
            first = outcomes[0]
            if first.error:
                problems.append(f"witness {name} is broken on the {version}: {first.error}")
                continue
            if any((o.passed, o.message, o.error) != (first.passed, first.message, first.error) for o in outcomes):
                labels = [f"run {n}" for n in range(1, runs + 1)] + ["a fresh interpreter (another hash seed)"]
                problems.append(f"witness {name} is not deterministic on the {version}: "
                                + " | ".join(f"{label}: {o.error or o.shown!r}" for label, o in zip(labels, outcomes)))
                continue
            if re.search(r"0x[0-9a-fA-F]{6,}", first.message):
                problems.append(f"witness {name}'s message on the {version} shows an object address")
            if tempfile.gettempdir() in first.message:
                problems.append(f"witness {name}'s message on the {version} shows a temporary path")
            shown[key] = first.shown
        if len(shown) < 2:
            continue
        outputs[name] = shown
        snippet_passes, other_passes = shown["snippet"] == PASSED, shown["other"] == PASSED
        if item.flaw_free:
            if not snippet_passes:
                problems.append(f"witness {name} fails on the snippet of a flaw-free item: {shown['snippet']}")
            if other_passes:
                problems.append(f"witness {name} passes on the mutant: it would not catch the imagined flaw")
        else:
            if snippet_passes:
                problems.append(f"witness {name} passes on the snippet: it does not show the flaw")
            if not other_passes:
                problems.append(f"witness {name} fails on the fixed version: {shown['other']}")
    return outputs, problems


def read_outputs(item: Item) -> dict[str, Any] | None:
    """The stored witness_output.json, or None if there is none (or it is not JSON)."""
    try:
        return json.loads((item.folder / OUTPUT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_outputs(item: Item, outputs: dict[str, dict[str, str]]) -> None:
    """Write witness_output.json (sorted keys, so a refresh that changes nothing changes no bytes)."""
    text = json.dumps(outputs, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    (item.folder / OUTPUT_FILE).write_text(text, encoding="utf-8")


# ----------------------------------------------------------------------------------------------- checks

def _giveaways(source: str) -> list[str]:
    """Giveaway words in the snippet's comments, names and strings, as `line N: word`."""
    found: list[str] = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return found
    for tok in tokens:
        if tok.type not in (tokenize.COMMENT, tokenize.NAME, tokenize.STRING):
            continue
        # words: split on non-letters and on camelCase humps
        for word in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", tok.string):
            lowered = word.lower()
            if lowered.startswith(GIVEAWAYS):
                found.append(f"line {tok.start[0]}: {word!r}")
    return found


def _imports(source: str) -> list[tuple[int, str]]:
    """(line, dotted name) for every name imported; relative imports as '.'.

    `import a.b` gives `a.b`; `from a.b import c` gives `a.b.c` (c may be a module or a name in a.b).
    """
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                found.append((node.lineno, "."))
            else:
                found.extend((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)
    return found


def _allowed_import(filename: str, dotted: str) -> bool:
    """The standard library anywhere; in witness.py also WITNESS_KIT (and names in it), nothing else of course."""
    if dotted.split(".")[0] in sys.stdlib_module_names or dotted.split(".")[0] == "__future__":
        return True
    return filename == "witness.py" and (dotted == WITNESS_KIT or dotted.startswith(WITNESS_KIT + "."))


def _check_span(span: tuple[int, int], n_lines: int, where: str) -> list[str]:
    first, last = span
    if not 1 <= first <= last <= n_lines:
        return [f"{where} {list(span)} is not a span of the snippet's {n_lines} lines"]
    return []


def _check_entry(entry: Flaw, where: str, n_lines: int, approve: bool) -> list[str]:
    """The rules for one flaw or approve table (not its witness run)."""
    problems = _check_span(entry.lines, n_lines, f"{where}.lines")
    if entry.tolerance is not None:
        problems += _check_span(entry.tolerance, n_lines, f"{where}.tolerance")
        if not (entry.tolerance[0] <= entry.lines[0] and entry.lines[1] <= entry.tolerance[1]):
            problems.append(f"{where}.tolerance {list(entry.tolerance)} does not contain lines {list(entry.lines)}")
    flagged = entry.lines[1] - entry.lines[0] + 1
    if not approve and flagged > MAX_FLAGGED_LINES:
        problems.append(f"{where}.lines flags {flagged} lines (at most {MAX_FLAGGED_LINES})")
    field = "looks_like" if approve else "categories"
    for category in entry.categories:
        if category not in BY_ID:
            problems.append(f"{where}.{field}: {category!r} is not a taxonomy id")
    if len(set(entry.categories)) != len(entry.categories):
        problems.append(f"{where}.categories lists a category twice")
    if not 1 <= entry.question <= 5:
        problems.append(f"{where}.question {entry.question} is not a review question (1-5)")
    if not entry.explanation:
        problems.append(f"{where}.explanation is empty")
    elif len(entry.explanation) > MAX_EXPLANATION:
        problems.append(f"{where}.explanation has {len(entry.explanation)} characters (at most {MAX_EXPLANATION})")
    if not entry.witness.startswith("test_"):
        problems.append(f"{where}.witness {entry.witness!r} does not start with test_")
    return problems


def _check_code(item: Item) -> list[str]:
    """Snippet length, syntax, imports, giveaways; witness syntax, imports, functions."""
    problems: list[str] = []
    n_lines = len(item.snippet.splitlines())
    if not SNIPPET_LINES[0] <= n_lines <= SNIPPET_LINES[1]:
        problems.append(f"snippet.py has {n_lines} lines ({SNIPPET_LINES[0]}-{SNIPPET_LINES[1]} allowed)")
    for filename, source in (("snippet.py", item.snippet), ("witness.py", item.witness_source)):
        try:
            imports = _imports(source)
        except SyntaxError as exc:
            problems.append(f"{filename} does not parse: {exc.msg} (line {exc.lineno})")
            continue
        allowed = "the standard library" + (f" and {WITNESS_KIT}" if filename == "witness.py" else "")
        for line, dotted in imports:
            if dotted == ".":
                problems.append(f"{filename} line {line}: relative import (it may import {allowed} only)")
            elif not _allowed_import(filename, dotted):
                problems.append(f"{filename} line {line}: imports {dotted!r}, not {allowed}")
    for hit in _giveaways(item.snippet):
        problems.append(f"snippet.py gives the flaw away: {hit}")
    try:
        defined = {node.name for node in ast.parse(item.witness_source).body if isinstance(node, ast.FunctionDef)}
    except SyntaxError:
        defined = set()
    for name in item.witnesses:
        if name not in defined:
            problems.append(f"witness.py has no function {name}")
    return problems


def check_item(item: Item) -> list[str]:
    """Every way `item` breaks the bank's rules (empty = fine), including running its witnesses."""
    problems: list[str] = []
    if item.id != item.folder.name:
        problems.append(f"id {item.id!r} is not the folder name {item.folder.name!r}")
    if item.codebase not in CODEBASES:
        problems.append(f"codebase {item.codebase!r} is not one of {', '.join(CODEBASES)}")
    elif not item.id.startswith(item.codebase + "-"):
        problems.append(f"id {item.id!r} does not start with its codebase {item.codebase!r}")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", item.id):
        problems.append(f"id {item.id!r} is not lowercase words joined by hyphens")
    if not item.request:
        problems.append("request is empty")
    if not 1 <= item.difficulty <= 3:
        problems.append(f"difficulty {item.difficulty} is not 1, 2 or 3")
    extra = sorted(p.name for p in item.folder.iterdir() if p.name not in ITEM_FILES and p.name != "__pycache__")
    if extra:
        problems.append(f"unexpected file(s) in the item folder: {', '.join(extra)}")

    n_lines = len(item.snippet.splitlines())
    if item.flaw_free:
        if item.flaws or item.fix:
            problems.append("a flaw-free item has no [[flaws]] or [[fix]]")
        if not item.mutant:
            problems.append("a flaw-free item needs [[mutant]] edits (the flaw a false alarm imagines)")
        problems += _check_entry(item.approve, "approve", n_lines, approve=True)
    else:
        if item.approve or item.mutant:
            problems.append("a flawed item has no [approve] or [[mutant]] (or set flaw_free = true)")
        if not 1 <= len(item.flaws) <= MAX_FLAWS:
            problems.append(f"{len(item.flaws)} flaws (1-{MAX_FLAWS} allowed)")
        if not item.fix:
            problems.append("a flawed item needs [[fix]] edits (the corrected version)")
        for n, flaw in enumerate(item.flaws, 1):
            problems += _check_entry(flaw, f"flaws[{n}]", n_lines, approve=False)
        for (i, a), (j, b) in itertools.combinations(enumerate(item.flaws, 1), 2):
            if a.span[0] <= b.span[1] and b.span[0] <= a.span[1]:
                problems.append(f"flaws[{i}] span {list(a.span)} overlaps flaws[{j}] span {list(b.span)}")
            if a.witness == b.witness:
                problems.append(f"flaws[{i}] and flaws[{j}] share witness {a.witness} (each flaw has its own)")

    problems += _check_code(item)
    edits_name = "mutant" if item.flaw_free else "fix"
    try:
        other = version_source(item, item.other)
    except BankError as exc:
        problems.append(f"{edits_name}: {exc}")
        return problems
    if other == item.snippet:
        problems.append(f"the {edits_name} edits change nothing")

    outputs, witness_problems = witness_outputs(item)
    problems += witness_problems
    if not witness_problems:
        stored = read_outputs(item)
        if stored is None:
            problems.append(f"{OUTPUT_FILE} is missing: run `python3 -m course.practice.bank refresh {item.id}`")
        elif stored != outputs:
            problems.append(f"{OUTPUT_FILE} is stale: run `python3 -m course.practice.bank refresh {item.id}`")
    return problems


# ---------------------------------------------------------------------------------------------- the CLI

def _select(ids: Sequence[str], root: Path) -> tuple[list[Path], list[str]]:
    """The folders for `ids` (all when empty), and a problem line for each id with no folder."""
    folders = item_folders(root)
    if not ids:
        return folders, []
    by_name = {f.name: f for f in folders}
    return [by_name[i] for i in ids if i in by_name], [f"{i}: no such item under {root}" for i in ids if i not in by_name]


def stats_lines(items: Sequence[Item]) -> list[str]:
    """The counts table: flawed items per main category, items per codebase, flaw-free share."""
    flawed = [i for i in items if not i.flaw_free]
    free = [i for i in items if i.flaw_free]
    by_category = Counter(i.main_category for i in flawed)
    looks_like = Counter(i.main_category for i in free)
    lines = [f"{len(items)} items: {len(flawed)} flawed, {len(free)} flaw-free "
             f"({100 * len(free) / len(items) if items else 0:.0f}% flaw-free)", "",
             f"{'category (main)':<20} {'flawed':>6} {'looks-like':>10}"]
    for category in BY_ID:
        lines.append(f"{category:<20} {by_category[category]:>6} {looks_like[category]:>10}")
    lines += ["", f"{'codebase':<20} {'items':>6} {'flaw-free':>10}"]
    codebases = Counter(i.codebase for i in items)
    free_codebases = Counter(i.codebase for i in free)
    for codebase in list(CODEBASES) + sorted(set(codebases) - set(CODEBASES)):
        lines.append(f"{codebase:<20} {codebases[codebase]:>6} {free_codebases[codebase]:>10}")
    difficulties = Counter(i.difficulty for i in items)
    lines += ["", "difficulty: " + ", ".join(f"{d}: {difficulties[d]}" for d in sorted(difficulties))]
    return lines


def _load_all(folders: Sequence[Path]) -> tuple[list[Item], list[str]]:
    items, problems = [], []
    for folder in folders:
        try:
            items.append(load_item(folder))
        except BankError as exc:
            problems.append(str(exc) if str(exc).startswith(folder.name) else f"{folder.name}: {exc}")
    return sorted(items, key=lambda i: i.id), problems


def main(argv: Sequence[str] | None = None) -> int:
    """`check`, `refresh` or `stats`; exit status 1 when there are problems."""
    parser = argparse.ArgumentParser(prog="python3 -m course.practice.bank", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=("check", "refresh", "stats", "_outcomes"))
    parser.add_argument("ids", nargs="*", help="item ids (folder names); all items when none")
    parser.add_argument("--root", type=Path, default=ITEMS_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.command == "_outcomes":  # internal: the items' runs as JSON, for run_in_another_process
        results: list[dict[str, Any] | None] = []
        for folder in args.ids:
            try:
                runs = _outcomes(load_item(folder))
            except BankError:  # changed since the caller loaded it; the caller's own runs will say so
                results.append(None)
                continue
            results.append({name: {version: [o.passed, o.message, o.error, o.seconds]
                                   for version, o in versions.items()} for name, versions in runs.items()})
        print(json.dumps(results))
        return 0
    folders, problems = _select(args.ids, args.root)
    items, load_problems = _load_all(folders)
    problems += load_problems
    if args.command == "stats":
        print("\n".join(stats_lines(items)))
        return 0
    failure = run_in_another_process(items)
    if failure:
        problems.append(failure)
    if args.command == "refresh":
        written = 0
        for item in items:
            outputs, witness_problems = witness_outputs(item)
            if witness_problems:
                problems += [f"{item.id}: {p}" for p in witness_problems]
                continue
            write_outputs(item, outputs)
            written += 1
        for line in problems:
            print(line)
        print(f"refreshed {written} of {len(items)} items; {len(problems)} problem(s)")
        return 1 if problems else 0
    failing = set()
    for item in items:
        item_problems = check_item(item)
        if item_problems:
            failing.add(item.id)
        problems += [f"{item.id}: {p}" for p in item_problems]
    for line in problems:
        print(line)
    if problems:
        print()
    print("\n".join(stats_lines(items)))
    print(f"\n{len(problems)} problem(s) in {len(failing) + len(load_problems)} of {len(folders)} item(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
