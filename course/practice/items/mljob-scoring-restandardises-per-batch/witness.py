def test_model_sees_the_training_standardisation(impl) -> None:
    scaler = impl.FeatureScaler(means={"tenure_days": 200.0, "tickets_90d": 1.0},
                                stds={"tenure_days": 100.0, "tickets_90d": 2.0})
    seen = []

    def model(features):
        seen.extend(features)
        return [0.5 for _ in features]

    veteran = {"tenure_days": 600.0, "tickets_90d": 0.0}
    unhappy = {"tenure_days": 30.0, "tickets_90d": 9.0}
    impl.score_users(model, scaler, [veteran])
    impl.score_users(model, scaler, [veteran, unhappy])
    assert seen[0] == [4.0, -0.5], (
        f"a request for one long-standing user fed the model {seen[0]} instead of the training-scaled "
        "[4.0, -0.5]: features were standardised with the request's own statistics, so every "
        "single-user request gets the same score"
    )
    assert seen[1] == seen[0], f"the same user got different model inputs in a batch of two: {seen[1]} vs {seen[0]}"
