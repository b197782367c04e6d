"""What a live experiment's widget reads when its Run button is pressed, rather than once when its cell ran.

A widget given `prediction=lambda: prediction("oversell_8")` asks for the learner's prediction at every Run, so
moving the prediction slider after the experiment's cell ran still moves the star on the plot.
"""
from __future__ import annotations

from typing import Callable, Optional, TypeVar, Union

T = TypeVar("T")
# what a widget's `prediction` may be: a number, nothing, or a function that gives the prediction now
Prediction = Union[float, None, Callable[[], Optional[float]]]


def current(value: T | Callable[[], T]) -> T:
    """`value()` if it is callable (looked up now), else `value` itself (a number given once, or None)."""
    return value() if callable(value) else value
