from datetime import date


def test_deadline_counts_business_days(impl) -> None:
    wednesday = impl.cancellation_deadline(date(2026, 6, 10))
    assert wednesday == date(2026, 6, 8), f"a Wednesday check-in got the deadline {wednesday:%A %d %B}"
    monday = impl.cancellation_deadline(date(2026, 6, 15))
    assert monday == date(2026, 6, 11), (
        "for a Monday 15 June check-in, two business days before is Thursday 11 June, "
        f"but the deadline came out as {monday:%A %d %B}: the guest may still cancel free on Friday, "
        "a single business day before arrival"
    )
