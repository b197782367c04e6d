[
    {"lines": (25, 29), "category": "race-condition",
     "why": "Check-then-act: two deliveries of the same event handled at the same time both find "
            "no processed_events row, and both credit the customer."},
    {"lines": (42, 43), "category": "duplicate-delivery",
     "why": "The credit commits before the event is recorded, in a separate transaction: if the "
            "insert fails or the worker dies in between, the provider redelivers and we credit twice."},
    {"lines": (38, 40), "category": "error-handling",
     "why": "A failed credit is logged and answered 200 ok, so the provider never retries and the "
            "customer's payment is silently lost."},
]
