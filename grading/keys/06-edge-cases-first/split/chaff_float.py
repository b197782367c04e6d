"""Shared bills: shares as floats, the leftover cents to the largest remainders (looks like the fix)."""
import math


def split_cents(total_cents, weights):
    whole = sum(weights)
    shares = [total_cents * w / whole for w in weights]
    parts = [math.floor(s) for s in shares]
    leftover = total_cents - sum(parts)
    for i in sorted(range(len(weights)), key=lambda i: shares[i] - parts[i], reverse=True)[:leftover]:
        parts[i] += 1
    return parts
