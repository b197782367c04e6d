"""Answer key for the batching drill (module 03-hidden-performance, scenario `batching`, tests only).

The snippet is solutions/03-hidden-performance/reorder.py. Its flaw is the per-item remote call:
one get_price round trip per distinct SKU (300 SKUs: 300 calls, 12 s at 40 ms each), where
get_prices takes 100 at a time (3 calls). The chaffs are the classic ways a batching fix goes wrong,
one flaw each:
- per-item (n-plus-one): the snippet's approach, written with dict.fromkeys.
- batch-limit (edge-case): looks like the fix, one get_prices call with every SKU; the service
  refuses more than 100.
- repeats-requested (n-plus-one): batches the raw list, so repeated SKUs are asked for again and
  cost extra calls.
- unknown-raises (edge-case): builds the answer with found[sku], so one discontinued SKU raises
  KeyError and the page fails.
Spec freedom the wheats use: which SKUs share a call and the calls' order (wheat_like_snippet sends
them in the order met, wheat_sorted_chunks sorted); the dict's order (wheat_sorted_chunks returns
it reverse-sorted); wheat_sorted_chunks uses its own constant 100 instead of pricing.MAX_BATCH.
reference_tests.py is the notebook's solution for batching_tests.
"""
from course.judge.exercises import Impl, TestsExercise

FLAW_TITLES = {
    "per-item": "One remote call per SKU: 300 SKUs cost 300 round trips instead of 3.",
    "batch-limit": "Every SKU in one call: more than 100 SKUs and the pricing service refuses the batch.",
    "repeats-requested": "Repeated SKUs are sent again: extra calls, and SKUs asked for more than once.",
    "unknown-raises": "One unknown SKU in a batch raises KeyError instead of being left out.",
}

EXERCISES = [
    TestsExercise(
        id="batching_tests",
        scenario="batching",
        wheats=(
            Impl("wheat_like_snippet.py",
                 freedom="which SKUs go in which call, the order of the calls and the order of the returned dict.",
                 note="the snippet's loop over skus, collecting a pending batch and flushing at MAX_BATCH"),
            Impl("wheat_sorted_chunks.py",
                 freedom="which SKUs go in which call, the order of the calls and the order of the returned dict (this version returns them in another order).",
                 note="sorted set in chunks of a hard-coded 100; the returned dict in reverse order"),
        ),
        chaffs=(
            Impl("chaff_per_item.py", flaw="per-item",
                 rule="for d distinct SKUs it makes at most ceil(d / 100) calls.",
                 note="get_price per distinct SKU"),
            Impl("chaff_one_big_batch.py", flaw="batch-limit",
                 rule="a call asks for at most pricing.MAX_BATCH = 100 SKUs (the service refuses more).",
                 note="looks like the fix: one get_prices call"),
            Impl("chaff_repeats_requested.py", flaw="repeats-requested",
                 rule="it asks for each SKU at most once, even when skus repeats it.",
                 note="chunks without dedupe"),
            Impl("chaff_unknown_raises.py", flaw="unknown-raises",
                 rule="SKUs the pricing service does not know are left out of the result.",
                 note="found[sku] for every SKU of the batch"),
        ),
        flaw_titles=FLAW_TITLES,
        flaw_categories={"per-item": ("n-plus-one",), "batch-limit": ("edge-case",), "repeats-requested": ("quadratic",), "unknown-raises": ("edge-case",)},
    ),
]
