"""What runs inside the sandbox beside learner code: the runner's outcome recorder and the
fixtures' plumbing. It imports nothing from the trusted packages (tests/test_layout.py holds that).
"""
