"""Findings only: no learner tests run against this snippet, so there are no fixtures to give."""
