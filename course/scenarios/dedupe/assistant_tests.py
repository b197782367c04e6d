"""Tests for build_send_list."""


def test_addresses_appear_once_in_first_seen_order(build_send_list):
    sources = [["ada@example.org", "alan@example.org"], ["alan@example.org", "grace@example.org"]]
    assert build_send_list(sources, []) == ["ada@example.org", "alan@example.org", "grace@example.org"]


def test_unsubscribed_are_left_out(build_send_list):
    sources = [["ada@example.org", "alan@example.org"]]
    assert build_send_list(sources, ["alan@example.org"]) == ["ada@example.org"]


def test_no_sources(build_send_list):
    assert build_send_list([], ["ada@example.org"]) == []
