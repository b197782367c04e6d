class Config:
    def __init__(self, values):
        self.values = values

    def threshold(self, tenant, metric):
        return self.values[(tenant, metric)]


def test_each_tenant_is_alerted_on_its_own_threshold(impl) -> None:
    config = Config({("acme", "p99_latency_ms"): 800.0, ("globex", "p99_latency_ms"): 250.0})
    clock = lambda: 100.0
    acme = impl.breaches(config, "acme", [("p99_latency_ms", 400.0)], clock)
    globex = impl.breaches(config, "globex", [("p99_latency_ms", 400.0)], clock)
    assert acme == [] and globex == [("p99_latency_ms", 400.0)], (
        f"p99 latency of 400 ms: Acme (threshold 800) got alerts {acme}, Globex (threshold 250) got "
        f"{globex}: one tenant's threshold was applied to the other")
