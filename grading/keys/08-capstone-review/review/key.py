"""Answer key for the capstone review (module 08-capstone-review, the newsletter service's pull request).

The change is solutions/08-capstone-review/PR.md: eight files under review (newsletter/...), beside house
code that is not (db.py, clock.py, mailapi.py). Ten flaws in six files, three files with no flaw, and
decoys. Each flaw is proven by an execution witness in tests/test_capstone.py, and fixes.py holds, for
each flaw, the smallest change that removes it (the witness passes on it).

- claim-race (race-condition): start_sending reads the status, then updates it: two dispatchers both
  see 'scheduled' and both send the whole campaign.
- naive-now (hidden-state): due_campaigns takes the server's local wall time (datetime.now()) and labels it
  UTC (the house has clock.utcnow()); a caller's aware `now` in another zone is relabelled too. On a server
  east of UTC campaigns go out hours early, west of it hours late.
- per-address-suppression (n-plus-one): one suppressions query per subscriber and per extra address.
- extra-dedupe-scan (quadratic): `email not in addresses` on a list, for every extra address.
- nested-retries (retry-storm): five attempts, no wait between them, around MailApi.send, which already
  retries three times with backoff: 15 calls per recipient in an outage, for every recipient.
- preview-bypass (pattern-drift): send_preview calls urlopen itself, not MailApi: no timeout (a hung
  provider holds the editor's request forever), no retry policy, urllib's errors instead of MailApiError.
- bounce-redelivery (duplicate-delivery): the event id is never recorded (the house has first_delivery):
  a soft bounce delivered three times suppresses an address that bounced once.
- ack-on-failure (error-handling): a database error is logged and answered 200, so the provider never
  sends the event again and the bounce is lost.
- search-injection (injection): the search text is pasted into the SQL inside quotes.
- vacuous-duplicate-test (vacuous-test): the assistant's "duplicate bounce" test checks only the status
  codes: it passes on code that counts the duplicate.

The AI reviewer (course/scenarios/review/ai_review.py, public text) gets four of the ten flaws right, comments
wrongly on five places (three of them decoys, one a flaw-free file's correct code, one a correct atomic increment),
and says nothing about the two worst flaws it should have caught (claim-race, ack-on-failure) nor four others.
"""
from course.judge.exercises import AiComment, FindingsExercise, Flaw, TriageExercise
from course.scenarios.review import FILES

FLAW_TITLES = {
    "claim-race": "Claiming a campaign reads its status, then updates it: two dispatchers both claim it and both send it.",
    "naive-now": "The default 'now' is the server's local wall time labelled as UTC: campaigns go out hours early or late.",
    "per-address-suppression": "One suppressions query per subscriber and per extra address (N+1).",
    "extra-dedupe-scan": "Each extra address is looked up in a list of every address so far: quadratic in the audience.",
    "nested-retries": "Five immediate retries around a client that already retries three times: 15 calls per recipient.",
    "preview-bypass": "The preview calls urlopen directly instead of the house MailApi: no timeout, no retry policy, raw errors.",
    "bounce-redelivery": "The event id is never recorded: a redelivered soft bounce counts again and suppresses the address.",
    "ack-on-failure": "A database error is answered 200: the provider never resends the event and the bounce is lost.",
    "search-injection": "The search text is pasted into the SQL string: a quote in it rewrites the query.",
    "vacuous-duplicate-test": "The duplicate-bounce test asserts only status codes: it passes on code that counts the duplicate.",
}

CAMPAIGNS, AUDIENCE, SENDER, BOUNCES, SUBSCRIBERS, TEMPLATES, TOKENS, EXPORT, TESTS = FILES

EXERCISES = [
    FindingsExercise(
        id="review_findings",
        scenario="review",
        files=FILES,
        verdict="request changes",
        flaws=(
            Flaw("claim-race", lines=(34, 38), tolerance=(32, 39), file=CAMPAIGNS, severity="high",
                 categories=frozenset({"race-condition", "duplicate-delivery"}), title=FLAW_TITLES["claim-race"]),
            Flaw("naive-now", lines=(27, 27), tolerance=(25, 29), file=CAMPAIGNS, severity="medium",
                 categories=frozenset({"hidden-state", "edge-case", "pattern-drift", "spec-misread"}),
                 title=FLAW_TITLES["naive-now"]),
            Flaw("per-address-suppression", lines=(18, 19), also=((23, 23),), tolerance=(17, 30), file=AUDIENCE,
                 severity="medium", categories=frozenset({"n-plus-one"}), title=FLAW_TITLES["per-address-suppression"]),
            Flaw("extra-dedupe-scan", lines=(23, 23), tolerance=(21, 24), file=AUDIENCE, severity="medium",
                 categories=frozenset({"quadratic"}), title=FLAW_TITLES["extra-dedupe-scan"]),
            Flaw("nested-retries", lines=(24, 28), also=((12, 12),), tolerance=(23, 31), file=SENDER, severity="high",
                 categories=frozenset({"retry-storm", "pattern-drift"}), title=FLAW_TITLES["nested-retries"]),
            Flaw("preview-bypass", lines=(51, 55), tolerance=(49, 56), file=SENDER, severity="medium",
                 categories=frozenset({"pattern-drift", "missing-timeout", "error-handling"}),
                 title=FLAW_TITLES["preview-bypass"]),
            Flaw("bounce-redelivery", lines=(27, 30), also=((22, 22),), tolerance=(27, 33), file=BOUNCES, severity="medium",
                 categories=frozenset({"duplicate-delivery", "pattern-drift"}), title=FLAW_TITLES["bounce-redelivery"]),
            Flaw("ack-on-failure", lines=(35, 38), file=BOUNCES, severity="high",
                 categories=frozenset({"error-handling"}), title=FLAW_TITLES["ack-on-failure"]),
            Flaw("search-injection", lines=(42, 43), file=SUBSCRIBERS, severity="high",
                 categories=frozenset({"injection"}), title=FLAW_TITLES["search-injection"]),
            Flaw("vacuous-duplicate-test", lines=(95, 98), file=TESTS, severity="low",
                 categories=frozenset({"vacuous-test"}), title=FLAW_TITLES["vacuous-duplicate-test"]),
        ),
        decoys=(
            (CAMPAIGNS, 48, 53),      # cancel_campaign: one conditional UPDATE, atomic
            (SUBSCRIBERS, 44, 44),    # ORDER BY from the SORTS whitelist, checked on line 40
            (BOUNCES, 23, 26),        # a malformed event is a 400: the provider is right not to resend it
            (TEMPLATES, 16, 19),      # safe_substitute on the editors' own body; every filled-in value escaped
            (TOKENS, 20, 21),         # compare_digest on bytes: constant time, and no TypeError on non-ASCII
            (EXPORT, 25, 32),         # one query with a join, rows streamed from the cursor
            (EXPORT, 15, 18),         # the leading ' is the spreadsheet formula guard
        ),
        neutral=(
            # deliveries committed once, at the end: a crash loses the records (a design call)
            (SENDER, 32, 34, frozenset({"error-handling", "duplicate-delivery"})),
            # a campaign whose sending raises stays 'sending' (no retry design in this change)
            (SENDER, 41, 45, frozenset({"error-handling"})),
        ),
    ),
]

EXERCISES.append(TriageExercise(
    id="review_triage",
    scenario="review",
    review="review_findings",
    comments=(
        AiComment("ai-1", True, "nested-retries", "MailApi already retries three times with backoff: five immediate "
                  "attempts around it make 15 calls per recipient while the provider is down."),
        AiComment("ai-2", True, "search-injection", "The search text is pasted between quotes into the SQL."),
        AiComment("ai-3", False, None, "The ORDER BY text comes from the SORTS whitelist, checked before use, and SQLite "
                  "cannot bind a column name as a parameter anyway: the suggestion cannot be followed."),
        AiComment("ai-4", False, None, "`==` on the token compares in time that depends on the first differing character, "
                  "which lets an attacker guess a token; compare_digest on bytes is the right call."),
        AiComment("ai-5", True, "per-address-suppression", "One query per subscriber and per extra address."),
        AiComment("ai-6", False, None, "`bounces = bounces + 1` is one UPDATE: SQLite does the read and the write under "
                  "its own lock. A threading.Lock would not reach other app servers anyway. The real problem on these "
                  "lines is that a redelivered event counts again."),
        AiComment("ai-7", False, None, "The cursor streams rows as SQLite returns them (no fetchall), and OFFSET "
                  "pagination would rescan the list once per page."),
        AiComment("ai-8", True, "naive-now", "datetime.now() is local wall time; relabelling it as UTC shifts every "
                  "due time by the server's offset."),
        AiComment("ai-9", False, None, "The body is the editors' own HTML (staff, on purpose); every value filled in "
                  "is escaped, and safe_substitute runs no code."),
    ),
))
