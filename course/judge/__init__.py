"""The judge: trusted code that decides grades. It runs in the grading process (or the
instructor's/learner's check command), never inside a sandbox beside learner code.
"""
