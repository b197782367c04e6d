class Settings:
    def __init__(self, values):
        self._values = values

    def fetch(self, hotel_id, name):
        return self._values.get((hotel_id, name))


def test_each_hotel_gets_its_own_cancellation_window(impl) -> None:
    service = Settings({("harbour-inn", "free_cancellation_hours"): "72",
                        ("city-lodge", "free_cancellation_hours"): "24"})
    assert not impl.free_cancellation(service, "harbour-inn", 30), "Harbour Inn's 72-hour rule was not applied"
    free = impl.free_cancellation(service, "city-lodge", 30)
    assert free, (
        "City Lodge lets guests cancel free up to 24 hours before check-in, but a guest cancelling 30 hours "
        "before was charged: City Lodge got Harbour Inn's 72-hour rule, looked up first")
