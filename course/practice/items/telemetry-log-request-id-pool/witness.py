from concurrent.futures import ThreadPoolExecutor
import contextvars


def test_records_shipped_on_the_pool_keep_their_request_id(impl) -> None:
    shipped = []
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        def handle_request():
            impl.request_id.set("req-7f3a")
            impl.emit_async(pool, shipped.append, "checkout.slow_query", ms=812).result()

        contextvars.copy_context().run(handle_request)
    finally:
        pool.shutdown(wait=True)
    tag = shipped[0]["request_id"]
    assert tag == "req-7f3a", (
        f"a log record emitted during request req-7f3a was shipped with request_id={tag!r}: "
        "records sent through the pool cannot be traced back to their request")
