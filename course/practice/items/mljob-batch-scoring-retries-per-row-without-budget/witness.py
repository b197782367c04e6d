class DownServer:
    def __init__(self):
        self.calls = 0

    def predict(self, features):
        self.calls += 1
        raise ConnectionError("model server: connection refused")


def _run(impl, n):
    server, waits = DownServer(), []
    try:
        impl.score_batch(server, [{"row": i} for i in range(n)], sleep=waits.append)
    except Exception:
        pass   # giving up on the batch is a fine answer
    return server.calls, sum(waits)


def test_a_dead_model_server_stops_the_batch_early(impl) -> None:
    calls_n, _ = _run(impl, 500)
    calls_2n, wait_2n = _run(impl, 1000)
    assert calls_2n < 1.5 * calls_n, (
        f"the model server was down for the whole run: 500 rows made {calls_n} calls and 1000 rows made "
        f"{calls_2n} calls with {wait_2n / 3600:.1f} hours of backoff; every row pays its full retry allowance, so "
        "the job hammers a dead server all night instead of stopping after a few rows"
    )
