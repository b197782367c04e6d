def test_computing_the_limits_leaves_the_rows_in_place(impl) -> None:
    spend = [120.0, 8.0, 9_400.0, 35.0, 61.0]          # one value per customer, in row order
    limits = impl.clip_limits(spend, 0.0, 0.75)
    clipped = impl.clip(spend, limits)
    assert spend == [120.0, 8.0, 9_400.0, 35.0, 61.0], (
        f"computing the clip limits reordered the caller's column in place: customer 1's spend now reads "
        f"{spend[0]} (was 120.0) and its clipped value {clipped[0]}, so every training label is paired "
        "with another customer's features")
