"""Shared bills: shares rounded down, the last person pays whatever is left over."""


def split_cents(total_cents, weights):
    whole = sum(weights)
    parts = [total_cents * w // whole for w in weights]
    parts[-1] += total_cents - sum(parts)
    return parts
