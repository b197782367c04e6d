import logging


class BrokenModel:
    """The model server came up without its weights."""

    def predict(self, features):
        raise RuntimeError("model artifact churn-v14 is not loaded")


class ConstantModel:
    def predict(self, features):
        return 0.9


ROWS = [
    {"customer_id": "c1", "tenure_months": "3", "monthly_spend": "80", "support_tickets": "4"},
    {"customer_id": "c2", "tenure_months": "40", "monthly_spend": "15", "support_tickets": "0"},
]


def test_model_failure_fails_the_job(impl) -> None:
    logging.getLogger(impl.__name__).disabled = True
    bad_row = {"customer_id": "c3", "tenure_months": "n/a", "monthly_spend": "1", "support_tickets": "0"}
    scored = impl.score_rows(ConstantModel(), ROWS + [bad_row])
    assert scored == [("c1", 0.9), ("c2", 0.9), ("c3", 0.5)], f"unexpected scores {scored}"
    try:
        scores = impl.score_rows(BrokenModel(), ROWS)
    except RuntimeError:
        return
    assert False, (
        f"the model raised on every row and the job still 'succeeded' with {scores}: every customer "
        "got the neutral score, and the retention campaign runs on made-up numbers"
    )
