"""Answer key for the send-list drill (module 03-hidden-performance, scenario `dedupe`, fix only).

The snippet is solutions/03-hidden-performance/recipients.py. Two hidden O(n²) checks on one line:
`address in unsubscribed` and `address in send_list` scan lists, so every address is compared with
every unsubscribed address and every address already kept. Measured with counted addresses at
n = 100, 200, 400 (tests/test_dedupe.py prints the figures): the snippet's work grows 13- to 16-fold
from n to 4n, a set-based fix 4-fold, a sort-based one about 5-fold.

The hidden tests give partial credit: a fix that turns only the send list into a set (the usual
first step) passes "linear with the sources" but not "linear with sources and unsubscribes".
"""
from course.judge.exercises import FixExercise

EXERCISES = [
    FixExercise(
        id="dedupe_fix",
        scenario="dedupe",
        hidden_tests="test_fix_hidden.py",
        reference="fix.py",
        properties={
            "test_send_list_matches_the_spec": "every address once, in first-seen order, without the unsubscribed",
            "test_work_grows_linearly_with_the_sources": "work grows about linearly with the addresses (few unsubscribes)",
            "test_work_grows_linearly_with_sources_and_unsubscribes":
                "work grows about linearly when the unsubscribe list grows with them",
        },
    ),
]
