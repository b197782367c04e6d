"""Feedback never shows grader code: trimmed from every output before `nbgrader generate_feedback` renders it.

Learners get their feedback as HTML rendered from their autograded notebook. The judge writes only its own
words into grade cells (learner notebooks are not executed at autograde, and keys never enter a notebook),
but a traceback is how grader code usually escapes: a frame in a key file, in the runner's temporary test
file, or in the course's grading code prints the line it stopped at. So `TrimGraderCode`, configured in
`GenerateFeedback.preprocessors` (grading/nbgrader_config.py), rewrites every output of the feedback copy:
- a traceback frame that points into the keys, a runner's test file or the grading code is replaced, with
  the source lines printed under it, by one "[grader code hidden]" line; the exception's last line stays;
- any line that quotes a line found only in the module's key files (not in anything learners are given)
  is replaced the same way.
`feedback_leaks` finds such lines in rendered HTML: `python -m course cohort feedback` refuses to release
feedback in which it finds any.
"""
from __future__ import annotations

import functools
import html
import re
from pathlib import Path
from typing import Any, Iterable

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool

from course.judge.sandbox import WORKDIR_INSIDE
from course.paths import MODULES_DIR, PACKAGE_DIR, keys_dir, module_keys_dir

HIDDEN = "[grader code hidden]"
MIN_LINE = 20           # shorter key lines ("return None", "conn.commit()") are ordinary code, not the key
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# A tag holds no '<': each try stops at the next '<', so stripping tags is linear in the page, which quotes
# learner text (`<[^>]+>` backtracked quadratically on a run of '<' characters).
_TAG = re.compile(r"<[^<>]*>")
_FRAME = re.compile(r'File "(?P<path>[^"]+)", line \d+|^\s*(?P<short>[\w./-]+\.py):\d+: in ')
# the judge's, the runner's and the nbgrader glue's packages: a frame in any of them is grading machinery,
# never the learner's (course/judge, course/sandboxed, course/nbgrader)
_GRADER_PACKAGES = ("judge", "sandboxed", "nbgrader")
_RUNNER_FILES = ("test_answer.py", "test_fix_hidden.py")


def _normal(line: str) -> str:
    return " ".join(_ANSI.sub("", line).split())


def _visible_text() -> str:
    """Everything learners are given, one line per line: the released modules and the course's scenarios."""
    import nbformat
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in MODULES_DIR.rglob("*.py")]
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in (PACKAGE_DIR / "scenarios").rglob("*.py")]
    for path in MODULES_DIR.rglob("*.ipynb"):
        texts += [cell.source for cell in nbformat.read(str(path), as_version=4).cells]
    return "\n".join(_normal(line) for text in texts for line in text.splitlines())


@functools.lru_cache(maxsize=16)
def grader_only_lines(module: str) -> frozenset[str]:
    """Lines of the module's key files (wheats, chaffs, reference fix, hidden tests) learners never see."""
    base = module_keys_dir(module)
    if not base.is_dir():
        return frozenset()
    visible = _visible_text()
    found = set()
    for path in base.rglob("*.py"):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            line = _normal(line)
            if len(line) >= MIN_LINE and line not in visible:
                found.add(line)
    return frozenset(found)


def _grader_frame(line: str) -> bool:
    match = _FRAME.search(_ANSI.sub("", line))
    if not match:
        return False
    path = match.group("path") or match.group("short") or ""
    name = Path(path).name
    try:
        in_keys = Path(path).resolve().is_relative_to(keys_dir())
    except (OSError, ValueError):
        in_keys = False
    parts = Path(path).parts
    in_grader = any(parts[i] == PACKAGE_DIR.name and parts[i + 1] in _GRADER_PACKAGES for i in range(len(parts) - 1))
    # A run folder: on the host (…/course-runs-<uid>/…) or where the sandbox shows it (WORKDIR_INSIDE).
    in_run = "/course-run-" in path or Path(path).is_relative_to(WORKDIR_INSIDE)
    return in_keys or in_grader or name in _RUNNER_FILES or in_run


def trim_lines(lines: Iterable[str], key_lines: frozenset[str]) -> list[str]:
    """The lines with grader frames (and the source lines printed under them) and quoted key lines hidden."""
    out: list[str] = []
    hiding_under: int | None = None      # indentation of the frame whose source lines are being hidden
    for line in lines:
        plain = _ANSI.sub("", line)
        indent = len(plain) - len(plain.lstrip())
        if hiding_under is not None and plain.strip() and indent > hiding_under:
            continue                     # the source line(s) printed under a hidden frame
        hiding_under = None
        normal = _normal(line)
        if _grader_frame(line):
            hiding_under = indent
        elif not any(key in normal for key in key_lines):
            out.append(line)
            continue
        if not out or out[-1].strip() != HIDDEN:
            out.append(" " * indent + HIDDEN)
    return out


def trim_text(text: str, key_lines: frozenset[str]) -> str:
    ends_with_newline = text.endswith("\n")
    trimmed = "\n".join(trim_lines(text.split("\n")[:-1] if ends_with_newline else text.split("\n"), key_lines))
    return trimmed + ("\n" if ends_with_newline else "")


def trim_output(output: Any, key_lines: frozenset[str]) -> None:
    """Trim one nbformat output in place (streams, results and displays as text, error tracebacks)."""
    if output.get("output_type") == "stream":
        output["text"] = trim_text(output.get("text", ""), key_lines)
    elif output.get("output_type") == "error":
        output["traceback"] = trim_lines([ln for entry in output.get("traceback", []) for ln in entry.split("\n")],
                                         key_lines)
        output["evalue"] = trim_text(output.get("evalue", ""), key_lines)
    else:
        data = output.get("data", {})
        for mime in ("text/plain", "text/html", "text/markdown"):
            if isinstance(data.get(mime), str):
                data[mime] = trim_text(data[mime], key_lines)
            elif isinstance(data.get(mime), list):
                data[mime] = trim_text("".join(data[mime]), key_lines)


class TrimGraderCode(NbGraderPreprocessor):
    """In GenerateFeedback: grader frames and quoted key lines never reach a learner's feedback."""

    enabled = Bool(True, help="Always on: feedback goes to learners.").tag(config=True)

    def preprocess(self, nb, resources):
        key_lines = grader_only_lines(resources.get("nbgrader", {}).get("assignment", ""))
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                trim_output(output, key_lines)
        return nb, resources


def feedback_leaks(rendered_html: str, module: str, learner_text: str = "") -> list[str]:
    """Key lines quoted in a rendered feedback page (empty when it is clean). A line the learner wrote
    themselves (in `learner_text`, their notebook's cell sources) is theirs to see, not a leak."""
    text = _normal(html.unescape(_TAG.sub("", rendered_html)))
    own = _normal(learner_text)
    return sorted(line for line in grader_only_lines(module) if line in text and line not in own)
