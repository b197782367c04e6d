"""Shared bills: exact Fraction shares, the leftover cents to the largest remainders (ties: the last person)."""
from fractions import Fraction
import math


def split_cents(total_cents, weights):
    shares = [Fraction(total_cents * w, sum(weights)) for w in weights]
    parts = [math.floor(s) for s in shares]
    leftover = total_cents - sum(parts)
    ranked = sorted(range(len(shares)), key=lambda i: (shares[i] - parts[i], i), reverse=True)
    for i in ranked[:leftover]:
        parts[i] += 1
    return parts
