from course.practice import witness_kit


def test_the_test_catches_a_policy_that_accepts_everything(impl) -> None:
    assert witness_kit.passes(impl.test_password_policy), "the assistant's test fails on the correct policy"
    assert not impl.PasswordPolicy().is_acceptable("ana12345", "ana"), "the real policy accepted 'ana12345'"

    def no_rules(self, password, username):
        return []

    impl.PasswordPolicy.problems = no_rules
    assert impl.PasswordPolicy().is_acceptable("ana", "ana")
    assert not witness_kit.passes(impl.test_password_policy), (
        "the assistant's test still passed on a version that accepts every password, even 'ana' for "
        "user ana: it replaces problems(), the rules it was meant to test, with a mock"
    )
