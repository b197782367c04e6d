class FakeRegistry:
    def __init__(self, failures) -> None:
        self.failures = list(failures)
        self.puts = 0

    def put(self, filename, data):
        self.puts += 1
        if self.failures:
            raise self.failures.pop(0)
        return "sha256:ab12"


def test_upload_follows_the_house_retry_policy(impl) -> None:
    slept = []
    impl.sleep = slept.append  # the house policy's sleep; nothing really waits
    flaky = FakeRegistry([impl.TransientError("503"), impl.TransientError("connection reset")])
    assert impl.upload_wheel(flaky, "tool-1.2.0-py3-none-any.whl", b"PK") == "sha256:ab12", "upload should succeed"
    assert slept == [0.5, 1.0], (
        f"the registry answered 503 twice and the upload paused {slept or 'not at all'} between tries "
        "instead of the house backoff of 0.5 s, then 1 s: retries hammer a registry that is already struggling"
    )
    denied = FakeRegistry([PermissionError("403: token lacks upload scope")] * 4)
    try:
        impl.upload_wheel(denied, "tool-1.2.0-py3-none-any.whl", b"PK")
    except PermissionError:
        pass
    except Exception as exc:
        raise AssertionError(f"a 403 surfaced as {type(exc).__name__} instead of the PermissionError itself") from None
    assert denied.puts == 1, f"a 403 (not transient) was retried: {denied.puts} uploads attempted"
