"""Money: integer cents in the database and on the wire, Decimal for arithmetic, half up to the cent.

Never a float: 19.90 * 15 / 100 is 2.9849999999999999 as a float, not 2.985.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from house.errors import InvalidRequest

Number = Decimal | int | str


def _decimal(value: Number, what: str) -> Decimal:
    if isinstance(value, (float, bool)):
        raise TypeError(f"{what} must be an int, a str or a Decimal, not {type(value).__name__}")
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"{what} is not a number: {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"{what} is not a finite number: {value!r}")
    return number


def _whole_cents(amount: Decimal) -> int:
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_cents(amount: Number) -> int:
    """An amount in currency units as cents: to_cents("19.99") == 1999, to_cents("0.285") == 29."""
    return _whole_cents(_decimal(amount, "amount") * 100)


def percent_of(cents: int, percent: Number) -> int:
    """`percent` % of `cents`, rounded half up to a whole cent: percent_of(1990, 15) == 299."""
    return _whole_cents(Decimal(cents) * _decimal(percent, "percent") / 100)


def parse_percent(value: Number) -> Decimal:
    """A percentage from a request (discounts, refunds): a number above 0 and at most 100.

    Raises InvalidRequest for anything else, so the client gets a 400.
    """
    try:
        percent = _decimal(value, "percent")
    except (TypeError, ValueError) as exc:
        raise InvalidRequest(str(exc)) from None
    if not 0 < percent <= 100:
        raise InvalidRequest(f"percent must be above 0 and at most 100, not {value!r}")
    return percent


def format_cents(cents: int) -> str:
    """1999 -> "19.99"."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"
