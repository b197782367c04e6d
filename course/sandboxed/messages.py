"""One line that says why a test or fixture did not pass, the same on both sides of a judged run."""
from __future__ import annotations

import sys

# Room for a learner's whole assertion message: module 01 asks for `world.schedule` in it, and three buyers'
# longest schedule there is about 260 characters (a retrying correct version: 2000 worlds). Longer is cut, and says so.
MESSAGE_CHARS = 2000


def shortened(text: str, limit: int = MESSAGE_CHARS) -> str:
    """`text` if it fits in `limit` characters, else its start and a marker saying where it was cut."""
    if len(text) <= limit:
        return text
    marker = f" ... (cut at {limit} characters)"
    return text[: limit - len(marker)] + marker


def first_line(exc: BaseException) -> str:
    """`Kind: first line of the message` (or `skipped: reason`), at most MESSAGE_CHARS characters (a cut says so).

    Never imports pytest (the implementation's process of a judged run does not load it): a skip can only have been
    raised where pytest is loaded already."""
    outcomes = sys.modules.get("_pytest.outcomes")
    if outcomes is not None and isinstance(exc, outcomes.Skipped):
        return shortened(f"skipped: {exc.msg}")
    try:
        text = str(exc).strip().splitlines()
    except Exception:   # an exception class whose __str__ raises: its kind is all there is to say
        text = []
    line = text[0] if text else ""
    kind = type(exc).__name__
    return shortened(f"{kind}: {line}" if line else kind)
