"""Whole-notebook verdicts judged ahead of nbgrader's own pass (the handbook's parallel autograde, section 9).

nbgrader grades one submission at a time and has no gradebook merge. So `python -m course cohort autograde`
judges every submission in parallel worker processes into this store, then runs ONE sequential
`nbgrader autograde` whose Judge reads it (`--Judge.prejudged=<store>`) instead of judging again.

A stored verdict is used only for a notebook with exactly the same grade cells and answers, judged for the
same module with the same keys, snippets, course runtime, limits and reveal setting: everything a verdict
depends on is in the key. The per-test verdict cache (course.judge.verdict_cache) already makes re-judging
cheap; this store also carries what that cache deliberately does not keep (runs that did not finish: an
endless loop, a memory hog), so the sequential pass does no sandboxed work at all. It belongs to one batch:
the cohort command deletes it once the pass has graded everything.
"""
from __future__ import annotations

from dataclasses import asdict
import functools
import json
from pathlib import Path
from typing import Any

from course.judge.engine import Verdict, judge_limits
from course.judge.reading import notebook_answers
from course.paths import MODULES_DIR, SOLUTIONS_DIR, module_keys_dir
from course.judge.verdict_cache import RUNNER_VERSION, VerdictCache, digest, runtime_digest


@functools.lru_cache(maxsize=16)
def module_digest(module: str) -> str:
    """The module's keys and the assistant's code it is judged against (released and source copies)."""
    parts: list[str] = []
    for base in (module_keys_dir(module), MODULES_DIR / module, SOLUTIONS_DIR / module):
        if base.is_dir():
            for path in sorted(p for p in base.rglob("*.py") if "__pycache__" not in p.parts):
                parts.append(f"{path.relative_to(base.parent)}\n{path.read_bytes().decode('utf-8', 'replace')}")
    return digest(*parts)


def notebook_key(nb: Any, module: str, reveal: bool) -> str:
    """Everything a whole-notebook verdict depends on."""
    grade_ids, answers = notebook_answers(nb)
    return digest("notebook", RUNNER_VERSION, runtime_digest(), module_digest(module), repr(judge_limits()),
                  module, str(bool(reveal)), json.dumps(grade_ids), json.dumps(sorted(answers.items())))


class BatchVerdicts:
    """get/put of {grade id: Verdict} per notebook, in a SQLite file shared by the workers and the pass."""

    def __init__(self, path: Path):
        self.path = path
        self._store = VerdictCache(path)

    def get(self, nb: Any, module: str, reveal: bool) -> dict[str, Verdict] | None:
        stored = self._store.get(notebook_key(nb, module, reveal))
        if not isinstance(stored, dict):
            return None
        try:
            return {grade_id: Verdict(**fields) for grade_id, fields in stored.items()}
        except TypeError:       # written by another version of Verdict: judge again
            return None

    def put(self, nb: Any, module: str, reveal: bool, verdicts: dict[str, Verdict]) -> None:
        self._store.put(notebook_key(nb, module, reveal), {gid: asdict(v) for gid, v in verdicts.items()})

    def close(self) -> None:
        self._store.close()
