def test_every_row_gets_a_score(impl) -> None:
    def model(batch):
        return [row["spend"] / 100 for row in batch]

    rows = [{"customer_id": float(i), "spend": float(i)} for i in range(600)]
    table = impl.score_table(rows, model)
    assert len(table) == 600, (
        f"600 customers went in and {len(table)} scores came out: the last {600 - len(table)} rows, "
        "the ones after the final full batch of 256, were never sent to the model"
    )
