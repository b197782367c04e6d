class CardDeclined(Exception):
    pass


class FakeHolds:
    def __init__(self):
        self.active = {}

    def place(self, slot_id, customer_id):
        if slot_id in self.active.values():
            raise LookupError(f"{slot_id} is taken")
        hold_id = f"hold-{len(self.active) + 1}"
        self.active[hold_id] = slot_id
        return hold_id

    def confirm(self, hold_id, charge_id):
        return "bk-" + hold_id

    def release(self, hold_id):
        self.active.pop(hold_id, None)


class DecliningPayments:
    def charge(self, customer_id, amount_cents, reference):
        raise CardDeclined("insufficient funds")


def test_declined_card_frees_the_slot(impl) -> None:
    holds = FakeHolds()
    try:
        impl.book_slot(holds, DecliningPayments(), "sat-10:00", "cust-4", 6500)
    except CardDeclined:
        pass
    else:
        assert False, "a declined card produced a booking"
    assert not holds.active, (
        "the card was declined and the Saturday 10:00 slot is still held for that customer: no booking, "
        "no payment, yet every other customer sees the slot as taken, and holds never expire"
    )
