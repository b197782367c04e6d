"""Answer key for the webhook drill (module 01-concurrent-writes, scenario `webhook`, findings only).

The snippet is solutions/01-concurrent-writes/webhooks.py (45 lines). Three flaws, one root: the
"have we seen this event?" check, the credit and the processed-event record are three separate
steps instead of one transaction that records the event id first (primary key) and credits in
the same commit.
- check-then-act (race-condition; duplicate-delivery also accepted), lines 25-29: two deliveries of
  the same event handled at the same time both find no row and both credit. No tolerance reaching
  the record insert at 42-43: that would also credit "race-condition" claims about the atomic
  upsert in between (a decoy).
- separate-commits (duplicate-delivery; error-handling also accepted: partial failure), lines 42-43,
  tolerance 31-43 (the credit's own transaction is the other half of the flaw): the credit commits,
  then the record is written in a second transaction; if that insert fails or the worker dies in
  between, the provider redelivers and the customer is credited twice.
- ack-on-failure (error-handling), lines 38-40: a failed credit (database locked, disk full) is
  logged and answered 200 "ok", so the provider never retries and the payment is silently lost.
Decoys (correct code that looks suspicious):
- lines 19-20: answering 200 "ignored" to event types we do not handle is right (the provider
  would otherwise resend them for days).
- lines 34-35: the f-string only inserts a module constant (the table name) and the values are
  bound parameters, so there is no injection; `cents = cents + excluded.cents` is one SQL
  statement, atomic, so there is no lost update on the balance.
reference_findings.py is the notebook's solution for webhook_findings (a literal list).
tests/test_webhook.py checks every span against the snippet's text and proves each flaw by running it.
"""
from course.judge.exercises import FindingsExercise, Flaw

FLAW_TITLES = {
    "check-then-act": "Two deliveries of the same event at the same time both pass the "
                      "processed_events check and both credit the customer (check-then-act).",
    "separate-commits": "The credit and the processed-event record commit separately: if recording fails "
                        "or the worker dies in between, the redelivered event is credited again.",
    "ack-on-failure": "A failed credit is answered 200 \"ok\": the provider never retries and the "
                      "payment is lost.",
}

EXERCISES = [
    FindingsExercise(
        id="webhook_findings",
        scenario="webhook",
        flaws=(
            Flaw("check-then-act", lines=(25, 29),
                 categories=frozenset({"race-condition", "duplicate-delivery"}),
                 title=FLAW_TITLES["check-then-act"]),
            Flaw("separate-commits", lines=(42, 43),
                 categories=frozenset({"duplicate-delivery", "error-handling"}),
                 title=FLAW_TITLES["separate-commits"], tolerance=(31, 43)),
            Flaw("ack-on-failure", lines=(38, 40),
                 categories=frozenset({"error-handling"}),
                 title=FLAW_TITLES["ack-on-failure"]),
        ),
        decoys=((19, 20), (34, 35)),
    ),
]
