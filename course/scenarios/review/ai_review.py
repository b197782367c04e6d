"""The AI reviewer's comments on the newsletter pull request (module 08): fixed text, the same for every learner.

Shown only after the learner's own review is written (course.notebook shows them on request). Each comment is a
finding in the review format, plus the reviewer's words; the key (grading/keys) says which ones are right.
"""
from __future__ import annotations

SUMMARY = ("Overall this is a clean, well-structured PR with good test coverage. I left a few suggestions; "
           "none of them should block the merge. Approve with suggestions.")
VERDICT = "approve"

COMMENTS: tuple[dict, ...] = (
    {"id": "ai-1", "file": "newsletter/sender.py", "lines": (24, 28), "category": "retry-storm", "severity": "high",
     "comment": "This loop retries up to five times with no delay between attempts, and MailApi.send already "
                "retries internally. During a provider outage each recipient could trigger many requests. "
                "Consider relying on the client's retry policy."},
    {"id": "ai-2", "file": "newsletter/subscribers.py", "lines": (42, 43), "category": "injection", "severity": "high",
     "comment": "`query` is interpolated directly into the SQL string. Use a bound parameter for the LIKE pattern "
                "to avoid SQL injection."},
    {"id": "ai-3", "file": "newsletter/subscribers.py", "lines": (44, 44), "category": "injection", "severity": "medium",
     "comment": "The ORDER BY clause is also built with an f-string. Even with validation upstream, prefer a "
                "parameter here so that `sort` can never inject SQL."},
    {"id": "ai-4", "file": "newsletter/tokens.py", "lines": (20, 21), "category": "edge-case", "severity": "low",
     "comment": "Nit: encoding both sides and calling hmac.compare_digest is more ceremony than needed. "
                "`return token == make_token(secret, list_id, email)` is simpler and equivalent."},
    {"id": "ai-5", "file": "newsletter/audience.py", "lines": (18, 19), "category": "n-plus-one", "severity": "medium",
     "comment": "is_suppressed runs one query per subscriber. For large lists, a single query joining "
                "suppressions would be much faster."},
    {"id": "ai-6", "file": "newsletter/bounces.py", "lines": (28, 28), "category": "race-condition", "severity": "high",
     "comment": "`bounces = bounces + 1` is a read-modify-write: two webhook deliveries at the same moment can "
                "lose an increment. Protect the counter with a threading.Lock."},
    {"id": "ai-7", "file": "newsletter/export.py", "lines": (25, 32), "category": "unbounded-load", "severity": "medium",
     "comment": "This loads every subscriber of the list into memory before writing. For lists with hundreds of "
                "thousands of rows, paginate with LIMIT/OFFSET."},
    {"id": "ai-8", "file": "newsletter/campaigns.py", "lines": (27, 27), "category": "hidden-state", "severity": "medium",
     "comment": "`datetime.now()` returns the server's local time without a zone; replacing the tzinfo does not "
                "convert it. Use the house `clock.utcnow()`."},
    {"id": "ai-9", "file": "newsletter/templates.py", "lines": (17, 17), "category": "injection", "severity": "high",
     "comment": "string.Template.safe_substitute on the campaign body can lead to template injection and XSS. "
                "Sanitise the body with an HTML sanitiser before substituting."},
)
