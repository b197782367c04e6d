import decimal
from decimal import Decimal


def test_printing_a_receipt_leaves_ledger_rounding_alone(impl) -> None:
    with decimal.localcontext(decimal.Context()):  # a fresh default context, restored afterwards
        before = impl.ledger_amount(Decimal("2.665"))
        printed = impl.receipt_amount(Decimal("10.005"), "EUR")
        after = impl.ledger_amount(Decimal("2.665"))
    assert printed == "10.01 EUR", f"the receipt showed {printed!r} for 10.005 EUR"
    assert before == after, (
        f"the ledger rounds 2.665 to {before}, but after a receipt was printed on the same thread "
        f"it rounds it to {after}: every later ledger entry on that worker is rounded differently")
