import logging


class StillWaiting(Exception):
    """Raised by the fake sleep to stop a retry loop that will not stop by itself."""


def test_sync_gives_up_when_the_warehouse_stays_down(impl) -> None:
    logging.getLogger(impl.__name__).disabled = True
    calls = []
    delays = []

    def fetch():
        calls.append(1)
        raise impl.WarehouseUnavailable("401: API key revoked")

    def sleep(seconds):
        delays.append(seconds)
        if len(delays) >= 200:
            raise StillWaiting

    try:
        impl.fetch_stock_levels(fetch, sleep=sleep)
    except impl.WarehouseUnavailable:
        pass   # gave up and reported the outage
    except StillWaiting:
        pass
    hours = sum(delays) / 3600
    assert len(calls) <= 10, (
        f"the warehouse never came back and the sync had made {len(calls)} requests over {hours:.1f} hours "
        "of backoff without giving up: it never fails, so nobody is paged, and tonight's run is still "
        "retrying when tomorrow's starts"
    )
