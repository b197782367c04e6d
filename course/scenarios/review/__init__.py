"""The capstone review (module 08): a pull request to the newsletter service, reviewed cold, then an AI reviewer's
comments triaged.

The change is the module folder's PR.md (its description) and the files it lists under newsletter/; the house
code beside them (db.py, clock.py, mailapi.py) is context, not under review. Findings name a file:
    {"verdict": "approve" | "request changes",
     "findings": [{"file": "newsletter/x.py", "lines": (a, b), "category": ..., "severity": "low" | "medium" | "high",
                   "why": ...}, ...]}
The AI reviewer's comments (ai_review.py) are public text, shown only once the learner's own review is in.
"""
from course.scenarios import Scenario

FILES = ("newsletter/campaigns.py", "newsletter/audience.py", "newsletter/sender.py", "newsletter/bounces.py",
         "newsletter/subscribers.py", "newsletter/templates.py", "newsletter/tokens.py", "newsletter/export.py",
         "newsletter/tests/test_newsletter.py")
HOUSE = ("newsletter/db.py", "newsletter/clock.py", "newsletter/mailapi.py")

SCENARIO = Scenario(
    name="review",
    module="08-capstone-review",
    snippet="PR.md",
    import_name="newsletter",
    title="the newsletter service: scheduled campaigns, bounces and subscriber tools (a pull request)",
    files=FILES,
)
