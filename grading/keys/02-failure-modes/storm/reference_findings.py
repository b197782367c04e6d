[
    {"lines": (44, 49), "category": "retry-storm",
     "why": "available() retries _get_json, which already retries 4 times: 12 calls per page while the "
            "warehouse is down"},
    {"lines": (58, 64), "category": "retry-storm",
     "why": "refresh_stock retries available() again: 36 calls and 16 s of waiting per SKU, every minute"},
    {"lines": 39, "category": "retry-storm",
     "why": "a fixed 0.2 s wait: no backoff, no jitter, so every worker retries at the same moment"},
    {"lines": 37, "category": "error-handling",
     "why": "HTTPError is an OSError, so a 404 for an unknown SKU is retried instead of failing at once"},
]
