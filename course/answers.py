"""Reading a learner's answer cell: the text after the `%%tests/%%findings/%%fix/%%triage <scenario>` line.

The judge and the notebook magics both read answers through here, so what the learner ran in the
notebook and what the grader judges are the same text.
"""
from __future__ import annotations

import re

_MAGIC = re.compile(r"^\s*%%(tests|findings|fix|triage)\b[^\n]*\n?")
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"   # what a released answer cell holds (nbgrader's
# ClearSolutions.code_stub in grading/nbgrader_config.py)
_STUB = "raise NotImplementedError"


def answer_body(cell_source: str) -> str:
    """The cell's source without a leading cell-magic line."""
    return _MAGIC.sub("", cell_source, count=1)


def is_unanswered(body: str) -> bool:
    """True for the release stub (`# YOUR CODE HERE` / `raise NotImplementedError()`) or an empty cell."""
    code = [ln for ln in body.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    return not code or (len(code) == 1 and code[0].strip().startswith(_STUB))
