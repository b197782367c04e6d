def test_an_override_applies_to_its_own_call_only(impl) -> None:
    lead = {"visits": 5, "demo_requested": 1}
    usual = impl.score(lead)
    campaign = impl.score(lead, overrides={"demo_requested": 6.0})   # one campaign's what-if report
    later = impl.score(lead)
    assert later == usual, (
        f"a lead scored {usual}; after one call with a campaign override it scores {later} everywhere, "
        f"the default weights now being {impl.DEFAULT_WEIGHTS}")
    assert campaign != usual, "the override was not applied to its own call"
