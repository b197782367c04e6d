"""Trusted fixtures for the _selftest scenario: `add` is the implementation's `calc.add`."""
import pytest


@pytest.fixture
def add():
    import calc   # the implementation under test, placed at calc.py in the run folder

    return calc.add
