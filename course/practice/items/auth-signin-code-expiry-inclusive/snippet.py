"""One-time sign-in codes sent by e-mail."""
from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone


@dataclass
class PendingCode:
    code: str
    expires_at: datetime  # printed in the e-mail: "valid until 14:30:00"
    used: bool = False


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def redeem(pending: PendingCode, typed: str, clock: Callable[[], datetime] = now_utc) -> bool:
    """Accept ``typed`` once if it matches and the code has not expired.

    The code is valid up to and including the moment shown in the e-mail.
    """
    if pending.used:
        return False
    in_time = clock() <= pending.expires_at
    if in_time and hmac.compare_digest(pending.code.encode(), typed.strip().encode()):
        pending.used = True
        return True
    return False
