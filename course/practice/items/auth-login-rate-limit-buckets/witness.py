def test_a_burst_of_first_attempts_is_still_limited(impl) -> None:
    limiter = impl.LoginLimiter(clock=lambda: 1000.0)
    original = limiter._new_bucket
    verdicts = []
    still_to_arrive = [9]

    def new_bucket_while_others_arrive(now):
        # the other attempts of the burst reach allow() while this one is still setting up the account
        if still_to_arrive[0]:
            still_to_arrive[0] -= 1
            verdicts.append(limiter.allow("eve"))
        return original(now)

    limiter._new_bucket = new_bucket_while_others_arrive
    verdicts.append(limiter.allow("eve"))
    allowed = verdicts.count(True)
    assert allowed <= 5, (
        f"10 login attempts on one account arriving together: {allowed} were let through (limit 5), "
        "so a password-guessing burst on an account not seen yet skips the limit")
