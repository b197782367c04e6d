"""Hidden tests for the send-list fix: the right list, and work that grows about linearly (counted).

Lists are compared as plain values (course.sandboxed.plain).
"""
from course.sandboxed.plain import plain
from course.scenarios.dedupe.fixtures import expected_send_list

SIZES = (100, 200, 400)   # n, 2n, 4n addresses


def counted_work(ops, make_lists, build_send_list, n, unsubscribed):
    """Operations on the addresses for one call at size n, after checking the answer."""
    plain_sources, plain_unsubscribed = make_lists(n, unsubscribed)
    sources = [ops.wrap_all(source) for source in plain_sources]
    opted_out = ops.wrap_all(plain_unsubscribed)
    ops.reset()
    result = build_send_list(sources, opted_out)
    work = ops.total
    assert plain([ops.unwrap(a) for a in result]) == expected_send_list(plain_sources, plain_unsubscribed)
    return work


def assert_about_linear(counts):
    # from n to 4n, linear work grows 4-fold (n log n about 5-fold); comparing every pair, about 16-fold
    assert counts[1] < 3 * counts[0] and counts[2] < 7 * counts[0], counts


def test_send_list_matches_the_spec(build_send_list, make_lists, ops):
    sources = [["b@x.org", "a@x.org", "b@x.org"], [], ["c@x.org", "a@x.org", "d@x.org"]]
    assert plain(build_send_list(sources, ["d@x.org", "nobody@x.org"])) == ["b@x.org", "a@x.org", "c@x.org"]
    assert plain(build_send_list([], [])) == [] and plain(build_send_list([["a@x.org"]], ["a@x.org"])) == []
    plain_sources, plain_unsubscribed = make_lists(500, 100)
    assert plain(build_send_list(plain_sources, plain_unsubscribed)) == expected_send_list(plain_sources, plain_unsubscribed)
    counted = build_send_list([ops.wrap_all(s) for s in plain_sources], ops.wrap_all(plain_unsubscribed))
    assert plain([ops.unwrap(a) for a in counted]) == expected_send_list(plain_sources, plain_unsubscribed)


def test_work_grows_linearly_with_the_sources(build_send_list, make_lists, ops):
    assert_about_linear([counted_work(ops, make_lists, build_send_list, n, unsubscribed=10) for n in SIZES])


def test_work_grows_linearly_with_sources_and_unsubscribes(build_send_list, make_lists, ops):
    assert_about_linear([counted_work(ops, make_lists, build_send_list, n, unsubscribed=n // 2) for n in SIZES])
