"""Acme shop backend: the house patterns every endpoint follows.

- house.repository  the only code that talks to SQLite; every query is scoped to one tenant
- house.retry       the one policy for outbound calls: few attempts, a timeout on each, backoff
- house.money       integer cents, Decimal arithmetic, half-up rounding; never a float
- house.errors      domain errors: handlers raise them, house.web turns them into HTTP statuses
- house.payments    the payment provider, as handlers see it
- house.web         the request context and the HTTP edge
- house.handlers    existing endpoints, written the house way: copy their shape
"""
