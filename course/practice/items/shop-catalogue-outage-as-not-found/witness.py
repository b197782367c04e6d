import io
import urllib.error


def _failing_opener(code, reason):
    def opener(url, timeout=None):
        raise urllib.error.HTTPError(url, code, reason, {}, io.BytesIO(b""))
    return opener


def test_outage_is_not_reported_as_unknown_product(impl) -> None:
    try:
        result = impl.fetch_product("SKU-42", opener=_failing_opener(503, "Service Unavailable"))
    except urllib.error.HTTPError as exc:
        assert exc.code == 503, f"the outage surfaced as HTTP {exc.code} instead of 503"
    else:
        assert False, (
            f"the catalogue was down (503) and fetch_product returned {result!r}, which means 'no such "
            "product': during an outage every product page would be a 404 and crawlers would drop them"
        )
    missing = impl.fetch_product("SKU-404", opener=_failing_opener(404, "Not Found"))
    assert missing is None, f"an unknown SKU (404) should give None, got {missing!r}"
