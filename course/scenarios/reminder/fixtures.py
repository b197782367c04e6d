"""Trusted pytest plugin for the reminder drill (findings only): the builder, customers and a request.

The drill is graded on findings; these fixtures serve the assistant's tests (shown at the reveal)
and any test you write to check a finding. Every test gets its own copy of the implementation
module (its globals and defaults start fresh, like a new process).

Fixtures (take them as test arguments):
- `build_reminder`  `build_reminder(customer, cart)` or `build_reminder(customer, cart, headers)`:
                    the implementation under test (a wrapper function); returns an EmailMessage
- `customer`        `customer("ada")` -> {"name": "Ada", "email": "ada@example.com",
                    "token": "tok-ada", "locale": "en"}; `customer("jonas", locale="de-AT")`
- `in_request`      `with in_request("req-1"): ...` runs the block as the web middleware runs a request
                    (the request id is set for the block)
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
import contextlib
import contextvars
from typing import Any

import pytest

from course.sandboxed.fresh_module import close_executors, fresh_import

IMPORT_NAME = "reminders"
_NO_HEADERS = object()


def make_customer(name: str, locale: str = "en") -> dict[str, str]:
    """A customer record as the shop stores it."""
    key = name.lower()
    return {"name": name.capitalize(), "email": f"{key}@example.com", "token": f"tok-{key}", "locale": locale}


@pytest.fixture
def customer() -> Callable[..., dict[str, str]]:
    return make_customer


class _UnderTest:
    """This test's copy of the implementation, reachable only through the two functions tests need."""

    __slots__ = ("build_reminder", "in_request")

    def __init__(self, module: Any) -> None:
        variable = getattr(module, "request_id", None)

        def build_reminder(customer: dict, cart: Any, headers: Any = _NO_HEADERS) -> Any:
            """The abandoned-cart email for `customer` (the implementation under test)."""
            if headers is _NO_HEADERS:
                return module.build_reminder(customer, cart)
            return module.build_reminder(customer, cart, headers)

        @contextlib.contextmanager
        def in_request(request_id: str) -> Iterator[None]:
            """Run the block inside a request with this id (what the web middleware does)."""
            token = variable.set(request_id) if isinstance(variable, contextvars.ContextVar) else None
            try:
                yield
            finally:
                if token is not None:
                    variable.reset(token)

        self.build_reminder, self.in_request = build_reminder, in_request


@pytest.fixture
def _reminders() -> Iterator[_UnderTest]:
    module = fresh_import(IMPORT_NAME)
    yield _UnderTest(module)
    close_executors(module)


@pytest.fixture(name="build_reminder")
def build_reminder_fixture(_reminders: _UnderTest) -> Callable[..., Any]:
    """build_reminder(customer, cart[, headers]) of the implementation under test."""
    return _reminders.build_reminder


@pytest.fixture
def in_request(_reminders: _UnderTest) -> Callable[[str], contextlib.AbstractContextManager]:
    """`with in_request("req-1"):` runs the block inside a request with that id."""
    return _reminders.in_request
