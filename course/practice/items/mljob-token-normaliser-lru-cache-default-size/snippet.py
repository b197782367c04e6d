"""Bag-of-words features for the support-ticket routing model."""
from __future__ import annotations

import functools
import re
import unicodedata

WORD = re.compile(r"\w+")


@functools.lru_cache
def normalise_token(token: str) -> str:
    """Lower-case, strip accents and digits: 'Café2' -> 'cafe'.

    Tickets repeat the same few hundred words, so this is cached.
    """
    decomposed = unicodedata.normalize("NFKD", token.casefold())
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch) and not ch.isdigit())
    return letters.replace("_", "")


def featurise(ticket_text: str) -> dict[str, int]:
    """Token counts for one ticket, the model's input."""
    counts: dict[str, int] = {}
    for raw in WORD.findall(ticket_text):
        token = normalise_token(raw)
        if token:
            counts[token] = counts.get(token, 0) + 1
    return counts
