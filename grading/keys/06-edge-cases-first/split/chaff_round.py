"""Shared bills: each exact share rounded to the nearest cent."""


def split_cents(total_cents, weights):
    whole = sum(weights)
    return [(2 * total_cents * w + whole) // (2 * whole) for w in weights]
