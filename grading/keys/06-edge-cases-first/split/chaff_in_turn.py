"""Shared bills: integer shares rounded down, the leftover cents handed out in turn from the first person."""


def split_cents(total_cents, weights):
    whole = sum(weights)
    parts = [total_cents * w // whole for w in weights]
    for i in range(total_cents - sum(parts)):
        parts[i % len(parts)] += 1
    return parts
