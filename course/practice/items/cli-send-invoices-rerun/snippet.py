"""`billing send-invoices MONTH`: email the month's invoices to customers."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

Invoice = dict[str, str]


def send_invoices(invoices: list[Invoice], send: Callable[[Invoice], None], state: Path) -> int:
    """Email every invoice not sent yet and return how many were sent now.

    `state` keeps the numbers of the invoices already sent, so running the command again skips them.
    """
    sent: set[str] = set(json.loads(state.read_text(encoding="utf-8"))) if state.exists() else set()
    pending = [invoice for invoice in invoices if invoice["number"] not in sent]
    for invoice in pending:
        send(invoice)
    sent.update(invoice["number"] for invoice in pending)
    state.write_text(json.dumps(sorted(sent)), encoding="utf-8")
    return len(pending)
