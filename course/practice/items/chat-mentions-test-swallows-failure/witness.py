from course.practice import witness_kit


class _Log:
    def __init__(self) -> None:
        self.lines = []

    def warning(self, message, *args) -> None:
        self.lines.append(message % args)


def test_the_test_catches_emails_taken_for_mentions(impl) -> None:
    impl.log = _Log()
    assert witness_kit.passes(impl.test_extract_mentions), "the assistant's test fails on the correct function"
    impl.MENTION = impl.re.compile(r"@([A-Za-z0-9_]{2,32})")  # no look-behind: e-mail addresses count
    assert impl.extract_mentions("write to help@sam.io", {"sam"}) == ["sam"]
    impl.log = quiet = _Log()
    assert not witness_kit.passes(impl.test_extract_mentions), (
        "the assistant's test still passed on a version that notifies sam for 'write to help@sam.io', "
        f"an e-mail address: the failed assertion was caught and only logged ({quiet.lines[0]!r})"
    )
