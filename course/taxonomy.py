"""The flaw taxonomy learners name in findings (handbook section 6), as data.

Each category belongs to one of the field report's five review questions, so feedback can point a
learner back to the question that would have caught the flaw.
"""
from __future__ import annotations

from dataclasses import dataclass
import difflib

REVIEW_QUESTIONS: dict[int, str] = {
    1: "Which edge cases are not covered by the tests?",
    2: "What happens if this code fails? Is error handling complete?",
    3: "Does it use our established patterns or introduce something new?",
    4: "What happens under load? Is there a hidden O(n²)?",
    5: "Is the behaviour consistent when the code is called from three different places?",
}


@dataclass(frozen=True)
class Category:
    id: str
    title: str
    question: int
    explanation: str


CATEGORIES: tuple[Category, ...] = (
    Category("spec-misread", "Plausible but wrong logic", 1,
             "The code does something reasonable that is not what the spec asked for, or more than it asked."),
    Category("edge-case", "Unhandled edge case", 1,
             "Empty, missing, zero, negative, boundary or unusual input takes a path nobody tested."),
    Category("race-condition", "Race condition", 4,
             "Check-then-act or read-modify-write that is correct alone and wrong when two callers overlap."),
    Category("duplicate-delivery", "Duplicate delivery", 2,
             "An at-least-once message or a retried request is processed twice: no idempotency."),
    Category("error-handling", "Incomplete error handling", 2,
             "A failure is swallowed, caught too broadly, mapped to the wrong status, or leaves work half done."),
    Category("missing-timeout", "Missing timeout", 2,
             "A call to something remote can wait forever and hold its caller with it."),
    Category("retry-storm", "Retry storm", 2,
             "Retries without a cap, backoff, jitter or budget, or retries stacked at several layers."),
    Category("resource-leak", "Resource leak", 2,
             "A connection, file or lock is not released on the error path, or a queue or cache grows without bound."),
    Category("n-plus-one", "N+1 calls", 4,
             "A query or remote call per item where one batched call would do."),
    Category("quadratic", "Hidden quadratic work", 4,
             "Work that grows with the square of the input: nested scans, `in` on a list inside a loop."),
    Category("unbounded-load", "Unbounded load", 4,
             "Everything is loaded into memory, then filtered, instead of asking for only what is needed."),
    Category("pattern-drift", "Pattern drift", 3,
             "Re-implements or bypasses an established helper or layer of the codebase."),
    Category("hidden-state", "Hidden state", 5,
             "Mutable defaults, globals, context that does not propagate, naive datetimes, inputs mutated in place."),
    Category("injection", "Injection", 1,
             "SQL, a command or a path built from input; unsafe deserialization."),
    Category("vacuous-test", "Vacuous test", 1,
             "A test that asserts nothing, or asserts what the code does instead of what it should do."),
)

BY_ID: dict[str, Category] = {c.id: c for c in CATEGORIES}


def category(category_id: str) -> Category:
    """The category with this id; KeyError names the nearest valid ids."""
    try:
        return BY_ID[category_id]
    except KeyError:
        raise KeyError(f"unknown category {category_id!r}; did you mean {nearest(category_id)!r}?") from None


ALIASES: dict[str, str] = {
    "idempotency": "duplicate-delivery", "idempotent": "duplicate-delivery", "double": "duplicate-delivery",
    "exception": "error-handling", "except": "error-handling", "swallow": "error-handling",
    "concurrency": "race-condition", "lost-update": "race-condition", "toctou": "race-condition",
    "backoff": "retry-storm", "jitter": "retry-storm", "o(n2)": "quadratic", "o(n^2)": "quadratic",
    "memory": "unbounded-load", "mutable-default": "hidden-state", "global": "hidden-state",
    "boundary": "edge-case", "off-by-one": "edge-case", "sql": "injection", "assert": "vacuous-test",
}


def nearest(text: str) -> str:
    """The category id closest to `text` (for 'did you mean' hints): substrings first, then spelling."""
    key = str(text).strip().lower().replace("_", "-").replace(" ", "-")
    ids = list(BY_ID)
    for alias, target in ALIASES.items():
        if alias in key:
            return target
    contained = [i for i in ids if key and (key in i or i in key)]
    if contained:
        return contained[0]
    titled = [c.id for c in CATEGORIES if key and key.replace("-", " ") in c.title.lower()]
    if titled:
        return titled[0]
    matches = difflib.get_close_matches(key, ids, n=1, cutoff=0.0)
    return matches[0] if matches else ids[0]
