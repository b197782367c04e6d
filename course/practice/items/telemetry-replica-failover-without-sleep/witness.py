class StillTrying(Exception):
    """Raised by a fake replica to stop a loop that would not stop by itself."""


def test_all_replicas_down_means_one_call_each(impl) -> None:
    calls = []

    def make(name):
        def replica(promql):
            calls.append(name)
            if len(calls) >= 300:
                raise StillTrying
            raise ConnectionRefusedError(f"{name} refused the connection")
        return replica

    replicas = [make("r1"), make("r2"), make("r3")]
    outcome = "answered"
    try:
        impl.query_replicas(replicas, 'rate(http_requests_total[5m])')
    except ConnectionError:
        outcome = "reported the outage"
    except StillTrying:
        outcome = "was still trying"
    assert outcome == "reported the outage" and calls == ["r1", "r2", "r3"], (
        f"with all 3 replicas down, one dashboard panel made {len(calls)} queries with no pause and "
        f"{outcome}: every open dashboard hammers the replicas as they try to come back"
    )
