def test_a_final_decline_is_not_retried(impl) -> None:
    calls = []

    class Gateway:
        def capture(self, payment_id, amount_cents, idempotency_key):
            calls.append(payment_id)
            raise impl.GatewayError("authorization_expired", retryable=False)

    waits = []
    try:
        impl.capture_payment(Gateway(), "pay_31", 4999, sleep=waits.append)
    except impl.GatewayError as exc:
        assert exc.code == "authorization_expired", f"the caller should see the decline, got {exc.code}"
    else:
        assert False, "an expired authorisation was reported as captured"
    assert len(calls) == 1, (
        f"the gateway said the authorisation had expired (not retryable) and the capture was sent "
        f"{len(calls)} times over {sum(waits):.1f} s: an answer that cannot change is asked again, and "
        "repeated attempts on a dead authorisation count against the merchant with the card networks"
    )
