"""Reviewing AI-generated code: the course runtime every notebook and the grader import.

In a notebook: `%load_ext course`, then `from course.notebook import ...`.
"""
__version__ = "0.1.0"


def load_ipython_extension(ipython) -> None:
    """`%load_ext course`: registers the %%tests, %%findings and %%fix answer-cell magics."""
    from course.magics import register
    register(ipython)
