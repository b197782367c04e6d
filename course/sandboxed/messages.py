"""One line that says why a test or fixture did not pass, the same on both sides of a judged run."""
from __future__ import annotations

import sys

MESSAGE_CHARS = 300


def first_line(exc: BaseException) -> str:
    """`Kind: first line of the message` (or `skipped: reason`), at most MESSAGE_CHARS characters.

    Never imports pytest (the implementation's process of a judged run does not load it): a skip can only have been
    raised where pytest is loaded already."""
    outcomes = sys.modules.get("_pytest.outcomes")
    if outcomes is not None and isinstance(exc, outcomes.Skipped):
        return f"skipped: {exc.msg}"[:MESSAGE_CHARS]
    text = str(exc).strip().splitlines()
    line = text[0] if text else ""
    kind = type(exc).__name__
    message = f"{kind}: {line}" if line else kind
    return message[:MESSAGE_CHARS]
