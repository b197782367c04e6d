"""Reviewing AI-generated code: the course runtime every notebook and the grader import.

In a notebook: `%load_ext course.notebook`, then `from course.notebook import ...`. The packages, by role
(README, "Layout"): judge (trusted verdicts), sandboxed (beside learner code in a sandbox), nbgrader,
cohort, notebook (the learner's kernel), kits (experiments and fixtures), scenarios, authoring, practice.
This file imports nothing, so importing any part of the runtime pulls in no other role.
"""
__version__ = "0.1.0"
