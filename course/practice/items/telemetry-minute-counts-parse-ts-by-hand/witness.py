MINUTE = 1_772_611_200  # 2026-03-04T08:00:00Z


def test_browser_and_server_events_share_a_minute(impl) -> None:
    events = [
        {"ts": MINUTE + 5, "source": "server-sdk"},
        {"ts": (MINUTE + 17) * 1000 + 250, "source": "browser-sdk"},  # milliseconds
        {"ts": (MINUTE + 42) * 1000, "source": "browser-sdk"},
        {"ts": MINUTE + 61.5, "source": "server-sdk"},
    ]
    counts = impl.count_per_minute(events)
    assert counts == {MINUTE: 3, MINUTE + 60: 1}, (
        f"expected 3 events in the 08:00 minute and 1 in 08:01, got {counts.get(MINUTE, 0)} and "
        f"{counts.get(MINUTE + 60, 0)}, plus {len(counts) - 2 if len(counts) > 2 else 0} bucket(s) tens of "
        "thousands of years in the future: the browser SDK's millisecond timestamps were read as seconds"
    )
