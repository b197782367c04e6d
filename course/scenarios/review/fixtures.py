"""Trusted pytest plugin for the capstone review: none. The review is findings and a triage, graded without running
learner code; the pull request's own tests (newsletter/tests) bring their fixtures with them."""
