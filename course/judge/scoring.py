"""The one place a score is turned into what nbgrader reads (handbook 5.4).

nbgrader's `determine_grade` gives FULL points for a grade cell with no output, a non-numeric
result, NaN or a negative number, raises for a number above the maximum, and cannot parse numpy's
`np.float64(2.5)`. Every score the judge writes therefore goes through `score_output`, which clamps
to [0, points] and prints a plain `repr(float(x))`.

Every text the judge shows (feedback, and in it the learner's quoted failure messages and test names) goes
through `feedback_text`: a learner's `assert False, "\\ud800"` puts a lone surrogate in a message, which no
UTF-8 file or terminal can take (nbgrader then fails to write the graded notebook and drops the submission;
`course check` crashes printing it), and control characters would rewrite the learner's terminal.
"""
from __future__ import annotations

import math
import re
from typing import Any

# nbformat is imported where an output is made, not here: importing it costs about 1 s (jsonschema's format
# checkers, handbook 10), and every notebook's setup cell imports this module through the answer-cell magics.


def clamp_score(value: Any, points: float) -> float:
    """A finite float in [0, points]. Anything unusable (NaN, None, text, inf) is 0: fail closed."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return 0.0
    if math.isnan(x) or math.isinf(x) or x <= 0:
        return 0.0
    return min(x, max(0.0, float(points)))


FEEDBACK_CHARS = 8000   # below nbgrader's own output limits, so the cut is ours and says so
# lone surrogates, C0/C1 controls but newline and tab, and the bidirectional overrides ("Trojan Source")
_UNWRITABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def feedback_text(text: Any, limit: int = FEEDBACK_CHARS) -> str:
    """`text` made writable and printable: each unwritable character above shown as its escape (`\\ud800`,
    `\\x1b`), and at most `limit` characters, the cut said. The one gate for text the judge shows anyone."""
    text = str(text)
    cut = len(text) > limit
    text = _UNWRITABLE.sub(lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) > 0xff
                           else f"\\x{ord(m.group()):02x}", text[:limit])
    if cut or len(text) > limit:
        marker = f"\n... (cut at {limit} characters)"
        text = text[: limit - len(marker)] + marker
    return text


def score_output(value: Any, points: float):
    """An nbformat `execute_result` output that nbgrader parses as exactly the clamped score."""
    from nbformat.v4 import new_output
    return new_output("execute_result", data={"text/plain": repr(clamp_score(value, points))}, execution_count=None)


def feedback_output(text: str, html: str | None = None):
    """Feedback for the learner, through feedback_text: a stdout stream (stderr would zero the cell in nbgrader), or
    with `html` (course.judge.report's table) a display of both, the table for notebooks and feedback pages and
    the text for everything that reads text. nbgrader grades only by the execute_result, so neither counts."""
    from nbformat.v4 import new_output
    text = feedback_text(text)
    text = text if text.endswith("\n") else text + "\n"
    if html is None:
        return new_output("stream", name="stdout", text=text)
    return new_output("display_data", data={"text/html": html, "text/plain": text})


def output_text(output: Any) -> str:
    """The text of a feedback output, a stream's or a display's plain text ("" for anything else)."""
    if output.get("output_type") == "stream":
        return output.get("text", "")
    plain = output.get("data", {}).get("text/plain", "") if output.get("output_type") == "display_data" else ""
    return "".join(plain) if isinstance(plain, list) else plain
