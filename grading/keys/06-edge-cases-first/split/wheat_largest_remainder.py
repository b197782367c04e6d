"""Shared bills: integer shares, the leftover cents to the largest remainders (ties: the larger weight, then first)."""


def split_cents(total_cents, weights):
    whole = sum(weights)
    shares = [divmod(total_cents * w, whole) for w in weights]
    parts = [q for q, _ in shares]
    leftover = total_cents - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-shares[i][1], -weights[i], i))
    for i in order[:leftover]:
        parts[i] += 1
    return parts
