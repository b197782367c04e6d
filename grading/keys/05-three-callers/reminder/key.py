"""Answer key for the reminder drill (module 05-three-callers, scenario `reminder`, findings only).

The snippet is solutions/05-three-callers/reminders.py (42 lines). Three flaws, one question: what
does this function take from where it is called, besides its arguments?
- shared-default (hidden-state), lines 27-29: `headers: dict = {}` is created once, and
  `headers.setdefault("List-Unsubscribe", ...)` writes the first customer's link into it. Every
  later call without headers (the nightly job, the worker) sends that first customer's unsubscribe
  link (and the first request's id) to everybody.
- missing-request-id (hidden-state; error-handling accepted), line 30: `request_id.get()` without a
  default raises LookupError outside a request: the nightly job never has one, and a worker thread
  starts with an empty context even when the code that started it was inside a request.
- naive-date (hidden-state; edge-case and spec-misread accepted), line 35: `datetime.now()` is naive
  local time; `format_datetime` writes it with "-0000" (zone unknown), so the Date is read as UTC
  and is off by the server's offset.
Decoys (correct code that looks like this module's flaws):
- lines 21-24: `lru_cache` on greeting(locale) caches a pure function of a constant table: nothing
  it depends on ever changes, so it can never go stale.
- line 40: `sorted(cart)` returns a new list; the caller's cart is not touched.
reference_findings.py is the notebook's solution for reminder_findings (a literal list).
tests/test_reminder.py checks every span against the snippet's text and proves each flaw by running it.
"""
from course.judge.exercises import FindingsExercise, Flaw

FLAW_TITLES = {
    "shared-default": "The default headers dict is shared by every call: the first customer's unsubscribe "
                      "link goes out in everybody's email.",
    "missing-request-id": "request_id.get() without a default: outside a request (the nightly job, the "
                          "worker thread) building the email raises LookupError.",
    "naive-date": "datetime.now() is naive local time: the Date header says -0000 and is read as UTC, off "
                  "by the server's offset.",
}

EXERCISES = [
    FindingsExercise(
        id="reminder_findings",
        scenario="reminder",
        flaws=(
            Flaw("shared-default", lines=(27, 29), categories=frozenset({"hidden-state"}),
                 title=FLAW_TITLES["shared-default"]),
            Flaw("missing-request-id", lines=(30, 30), categories=frozenset({"hidden-state", "error-handling"}),
                 title=FLAW_TITLES["missing-request-id"]),
            Flaw("naive-date", lines=(35, 35), categories=frozenset({"hidden-state", "edge-case", "spec-misread"}),
                 title=FLAW_TITLES["naive-date"]),
        ),
        decoys=((21, 24), (40, 40)),
    ),
]
