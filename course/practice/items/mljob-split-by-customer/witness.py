def test_no_customer_is_in_both_sets(impl) -> None:
    rows = [
        impl.Row(f"c{c:02d}", f"2026-{m:02d}", (float(c), float(m)), churned=(c % 5 == 0 and m == 6))
        for c in range(20) for m in range(1, 7)
    ]
    train, test = impl.split_train_test(rows, test_share=0.2)
    assert len(train) + len(test) == len(rows), "rows were lost in the split"
    shared = sorted({r.customer_id for r in train} & {r.customer_id for r in test})
    assert not shared, (
        f"{len(shared)} of 20 customers ({', '.join(shared[:3])}, ...) have months in the training set "
        "and other months in the test set: the model is scored on customers it has already seen, "
        "so the test score overstates how it does on new ones"
    )
